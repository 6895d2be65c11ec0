import { describe, expect, it } from 'vitest';
import { StatusCode, type SpanRecord } from '../../protocol/records';
import { summarizeTrace, traceMatches, type TraceQuery } from './search';
import { randomTrace, seededRandom } from './span-builder';
import { SlowestSpans, TraceSearch } from './trace-index';

function shuffledChunks(spans: SpanRecord[], seed: number, size: number): SpanRecord[][] {
	const random = seededRandom(seed);
	const copy = [...spans];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[copy[i], copy[j]] = [copy[j], copy[i]];
	}
	const out: SpanRecord[][] = [];
	for (let i = 0; i < copy.length; i += size) out.push(copy.slice(i, i + size));
	return out;
}

describe('TraceSearch', () => {
	// roots of 10 ms to 400 ms; every third trace has a failed span
	const traces = Array.from({ length: 40 }, (_, k) =>
		randomTrace({ spanCount: 30 + (k % 7) * 10, seed: 100 + k, services: 6, traceNo: k + 1 }).map((s, i) => ({
			...s,
			durationUs: s.parentSpanId === '' ? (k + 1) * 10_000 : s.durationUs,
			status: k % 3 === 0 && i === 3 ? StatusCode.Error : s.status
		}))
	);
	// one trace without its root, as when the root has not arrived
	traces[5] = traces[5].filter((s) => s.parentSpanId !== '');
	const queries: TraceQuery[] = [
		{},
		{ service: 'svc-2' },
		{ service: 'svc-1', status: 'error' },
		{ status: 'ok' },
		{ minDurationUs: 50_000 },
		{ maxDurationUs: 80_000, operation: 'op-3' },
		{ attrs: [{ key: 'db.system.name', op: 'eq', value: 'postgresql' }], minDurationUs: 200_000 }
	];

	it('finds exactly the traces a full read would find, whatever the chunking', () => {
		for (const [q, query] of queries.entries()) {
			const search = new TraceSearch(query);
			for (const chunk of shuffledChunks(traces.flat(), q + 1, 97)) search.add(chunk);
			const expected = traces
				.filter((t) => traceMatches(t, query))
				.map((t) => summarizeTrace(t)!)
				.sort((a, b) => b.durationUs - a.durationUs || (a.traceId < b.traceId ? -1 : 1));
			const found = search.results({ limit: 1000 });
			expect(found.total, JSON.stringify(query)).toBe(expected.length);
			if (q > 0) expect(expected.length, JSON.stringify(query)).toBeGreaterThan(0);
			if (q > 0) expect(expected.length, JSON.stringify(query)).toBeLessThan(traces.length);
			expect(found.hits.map(({ biz: _biz, ...rest }) => rest)).toEqual(expected);
		}
	});

	it('marks a trace without its root and measures it by the extent of its spans', () => {
		const search = new TraceSearch({});
		search.add(traces[5]);
		const [hit] = search.results().hits;
		expect(hit.rootMissing).toBe(true);
		expect(hit).toMatchObject(summarizeTrace(traces[5])!);
	});

	it('keeps at most maxTraces summaries, dropping the first seen, and says how many', () => {
		const search = new TraceSearch({}, { maxTraces: 10 });
		for (const t of traces) search.add(t);
		const result = search.results({ order: 'newest' });
		expect(result.traces).toBe(10);
		expect(result.evicted).toBe(30);
		expect(new Set(result.hits.map((h) => h.traceId))).toEqual(new Set(traces.slice(30).map((t) => t[0].traceId)));
	});

	it('carries the root business attributes for the list', () => {
		const spans = traces[0].map((s) => (s.parentSpanId === '' ? { ...s, attrs: { ...s.attrs, 'biz.domain': 'lending', 'biz.amount_krw': 5 } } : s));
		const search = new TraceSearch({});
		search.add(spans);
		expect(search.results().hits[0].biz).toEqual({ 'biz.domain': 'lending', 'biz.amount_krw': 5 });
	});
});

describe('SlowestSpans', () => {
	it('keeps the n longest spans offered, slowest first', () => {
		const spans = traces().flat();
		const top = new SlowestSpans(7);
		for (const chunk of shuffledChunks(spans, 3, 50)) top.add(chunk, (s) => s.service !== 'svc-0');
		const expected = spans
			.filter((s) => s.service !== 'svc-0')
			.sort((a, b) => b.durationUs - a.durationUs || b.startUs + b.durationUs - (a.startUs + a.durationUs))
			.slice(0, 7)
			.map((s) => s.spanId);
		expect(top.results().map((r) => r.spanId)).toEqual(expected);
	});

	function traces() {
		return Array.from({ length: 10 }, (_, k) => randomTrace({ spanCount: 40, seed: 7 + k, services: 4, traceNo: k + 1 }));
	}
});
