import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../protocol/records';
import { levelWidthMs, rollupLevels, windowStartMs, type RollupLevel } from './levels';
import { PendingRollups } from './pending-rollups';
import { SpanRollup, coarsen, maxFutureMs, mergeWindowRecord, toWindowRecords, type LevelWindows } from './rollup';
import { OVERALL_KEY, OVERFLOW_NAME, endpointKey, instanceKey, serviceKey } from './series-key';
import { SpanStats } from './span-stats';
import { makeSpan, randomSpans } from './test-spans';
import { endpointName, isTransaction, spanEndMs } from './transactions';
import type { SpanRecord } from '../../protocol/records';
import type { RollupWindowRecord } from './types';

const t0 = 1_700_000_000_000;

/** Records with duration sums rounded to 12 significant digits (addition order differs). */
function comparable(records: RollupWindowRecord[]): RollupWindowRecord[] {
	return records.map((r) => ({
		...r,
		series: Object.fromEntries(
			Object.entries(r.series).map(([k, s]) => [k, { ...s, sumMs: Number(s.sumMs.toPrecision(12)) }])
		)
	}));
}

/** Reference: every window of `level` computed directly from the spans. */
function recompute(spans: SpanRecord[], level: RollupLevel): LevelWindows {
	const windows: LevelWindows = new Map();
	for (const span of spans) {
		if (!isTransaction(span)) continue;
		const start = windowStartMs(level, spanEndMs(span));
		let series = windows.get(start);
		if (!series) windows.set(start, (series = new Map()));
		const endpoint = endpointName(span);
		for (const key of [
			OVERALL_KEY,
			serviceKey(span.service),
			endpointKey(span.service, endpoint),
			instanceKey(span.service, span.instance)
		]) {
			let stats = series.get(key);
			if (!stats) series.set(key, (stats = new SpanStats()));
			stats.add(span.durationUs / 1000, span.status === 2);
		}
	}
	return windows;
}

describe('SpanRollup', () => {
	const spans = randomSpans({ count: 4_000, startMs: t0, seconds: 3_000, seed: 11 });

	it('gives 1 s windows equal to a direct computation from the spans', () => {
		const rollup = new SpanRollup();
		rollup.addSpans(spans);
		expect(toWindowRecords('1s', rollup.takeDeltas())).toEqual(toWindowRecords('1s', recompute(spans, '1s')));
	});

	for (const level of rollupLevels.slice(1)) {
		it(`merges 1 s windows into ${level} windows equal to recomputed ${level} windows`, () => {
			const rollup = new SpanRollup();
			rollup.addSpans(spans);
			const merged = coarsen(rollup.takeDeltas(), level);
			const direct = recompute(spans, level);
			expect(merged.size).toBe(direct.size);
			expect(comparable(toWindowRecords(level, merged))).toEqual(comparable(toWindowRecords(level, direct)));
		});
	}

	it('lands late spans in the window of their end time via read-modify-merge', () => {
		const early = spans.slice(0, 3_000);
		const late = spans.slice(3_000);
		const pending = new PendingRollups();
		const rollup = new SpanRollup();
		// first checkpoint: only the early spans are stored
		rollup.addSpans(early);
		pending.add(rollup.takeDeltas());
		const stored = new Map(pending.records().map((r) => [r.level + '@' + r.startMs, r]));
		pending.clear();
		// the late spans arrive after the checkpoint and are merged into the stored windows
		rollup.addSpans(late);
		pending.add(rollup.takeDeltas());
		for (const delta of pending.records()) {
			const id = delta.level + '@' + delta.startMs;
			stored.set(id, mergeWindowRecord(stored.get(id), delta));
		}
		for (const level of rollupLevels) {
			const expected = toWindowRecords(level, recompute(spans, level));
			const actual = [...stored.values()].filter((r) => r.level === level).sort((a, b) => a.startMs - b.startMs);
			expect(comparable(actual)).toEqual(comparable(expected));
		}
	});

	it('counts only transactions: server, consumer and root spans', () => {
		const rollup = new SpanRollup();
		rollup.addSpans([
			makeSpan({ kind: SpanKind.Server, parentSpanId: 'aaaaaaaaaaaaaaaa', endMs: t0 }),
			makeSpan({ kind: SpanKind.Consumer, parentSpanId: 'aaaaaaaaaaaaaaaa', endMs: t0 }),
			makeSpan({ kind: SpanKind.Client, parentSpanId: '', endMs: t0 }),
			makeSpan({ kind: SpanKind.Client, parentSpanId: 'aaaaaaaaaaaaaaaa', endMs: t0 }),
			makeSpan({ kind: SpanKind.Internal, parentSpanId: 'aaaaaaaaaaaaaaaa', endMs: t0 })
		]);
		expect(rollup.takeDeltas().get(t0)!.get(OVERALL_KEY)!.count).toBe(3);
	});

	it('names endpoints by route, then rpc method, then span name', () => {
		expect(endpointName({ name: 'x', attrs: { 'http.route': '/a/{id}', 'http.request.method': 'POST' } })).toBe(
			'POST /a/{id}'
		);
		expect(endpointName({ name: 'x', attrs: { 'http.route': '/a', 'http.method': 'GET' } })).toBe('GET /a');
		expect(endpointName({ name: 'x', attrs: { 'rpc.service': 'Loans', 'rpc.method': 'Apply' } })).toBe('Loans/Apply');
		expect(endpointName({ name: 'queue process', attrs: {} })).toBe('queue process');
	});

	it('bounds endpoints per service and rolls the rest into ~other, counted', () => {
		const rollup = new SpanRollup({ bounds: { maxEndpointsPerService: 5 } });
		const many = Array.from({ length: 8 }, (_, i) =>
			makeSpan({ service: 'loans', route: '/r' + i, endMs: t0 + 10, durationMs: 5 })
		);
		rollup.addSpans([...many, ...many]);
		const series = rollup.takeDeltas().get(t0)!;
		const endpointSeries = [...series.keys()].filter((k) => k.startsWith('ep|'));
		expect(endpointSeries).toHaveLength(6);
		expect(series.get(endpointKey('loans', OVERFLOW_NAME))!.count).toBe(6);
		expect(series.get(serviceKey('loans'))!.count).toBe(16);
		expect(rollup.budget.overflow().endpoints).toBe(3);
	});

	it('frees a slot for a new endpoint after the idle time', () => {
		const rollup = new SpanRollup({ bounds: { maxEndpointsPerService: 1, idleMs: 60_000 } });
		rollup.addSpans([makeSpan({ service: 's', route: '/a', endMs: t0 })]);
		rollup.addSpans([makeSpan({ service: 's', route: '/b', endMs: t0 + 1_000 })]);
		rollup.addSpans([makeSpan({ service: 's', route: '/b', endMs: t0 + 120_000 })]);
		const deltas = rollup.takeDeltas();
		expect(deltas.get(t0 + 1_000)!.has(endpointKey('s', OVERFLOW_NAME))).toBe(true);
		expect(deltas.get(t0 + 120_000)!.has(endpointKey('s', 'GET /b'))).toBe(true);
	});

	it('refuses spans ending far after the clock, and counts them', () => {
		const rollup = new SpanRollup();
		rollup.addSpans([makeSpan({ endMs: t0 + maxFutureMs + 1_000 }), makeSpan({ endMs: t0 })], t0);
		expect(rollup.refusedFuture).toBe(1);
		expect([...rollup.takeDeltas().keys()]).toEqual([t0]);
	});

	it('keeps measured in-flight samples mergeable per level', () => {
		const pending = new PendingRollups();
		pending.addActive(t0, OVERALL_KEY, 4);
		pending.addActive(t0 + 1_000, OVERALL_KEY, 6);
		const minute = pending.records().find((r) => r.level === '1m')!;
		expect(minute.startMs).toBe(windowStartMs('1m', t0));
		expect(minute.activeMeasured![OVERALL_KEY]).toEqual({ sum: 10, n: 2 });
		expect(pending.records().filter((r) => r.level === '1s')).toHaveLength(2);
		expect(levelWidthMs['1m']).toBe(60_000);
	});
});
