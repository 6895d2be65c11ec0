import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../protocol/records';
import { toBaselineTrace } from './analyze';
import { buildBaseline, compareTrace, quantileSorted } from './compare';
import { buildTrace, type SpanSpec } from './span-builder';

/** A transfer: gateway → deposits → two queries; `selectMs` and `extra` vary it. */
function transfer(selectMs: number, options: { audit?: boolean; notify?: boolean; queries?: number } = {}): SpanSpec {
	const queries: SpanSpec[] = [];
	let t = 10;
	for (let q = 0; q < (options.queries ?? 1); q++) {
		queries.push({ service: 'deposits', name: 'SELECT account', kind: SpanKind.Client, startMs: t, endMs: t + selectMs, attrs: { 'db.system': 'mysql' } });
		t += selectMs;
	}
	const children: SpanSpec[] = [...queries, { service: 'deposits', name: 'UPDATE balance', kind: SpanKind.Client, startMs: t, endMs: t + 5, attrs: { 'db.system': 'mysql' } }];
	if (options.audit !== false) children.push({ service: 'deposits', name: 'audit', startMs: t + 5, endMs: t + 7 });
	if (options.notify) children.push({ service: 'deposits', name: 'notify', kind: SpanKind.Producer, startMs: t + 7, endMs: t + 8 });
	const end = t + 10;
	return {
		service: 'gateway', name: 'POST /transfer', kind: SpanKind.Server, startMs: 0, endMs: end + 5,
		children: [{ service: 'deposits', name: 'transfer', kind: SpanKind.Server, startMs: 2, endMs: end + 2, children }]
	};
}

const baselineOf = (count: number) =>
	buildBaseline(
		'gateway:POST /transfer',
		Array.from({ length: count }, (_, k) => toBaselineTrace(buildTrace(transfer(8 + (k % 5)), { traceNo: k + 1 })))
	);

describe('trace comparison', () => {
	it('finds the slower query and tells it from its ancestors by self time', () => {
		const baseline = baselineOf(40);
		const result = compareTrace(toBaselineTrace(buildTrace(transfer(200))), baseline);
		const slower = result.paths.filter((p) => p.change === 'slower');
		expect(slower.map((p) => p.name).sort()).toEqual(['POST /transfer', 'SELECT account', 'transfer']);
		const top = result.paths[0];
		expect(top.name).toBe('SELECT account');
		expect(top.baselineDurationUs).toBe(10_000);
		expect(top.deltaUs).toBe(190_000);
		expect(top.ratio).toBe(20);
		expect(result.baselineTraces).toBe(40);
		expect(result.counts.unchanged).toBe(2);
	});

	it('marks new and missing spans, and repeated calls add up on one path', () => {
		const baseline = baselineOf(10);
		const target = toBaselineTrace(buildTrace(transfer(10, { audit: false, notify: true, queries: 3 })));
		const result = compareTrace(target, baseline);
		const byName = Object.fromEntries(result.paths.map((p) => [p.name, p]));
		expect(byName['notify'].change).toBe('new');
		expect(byName['audit'].change).toBe('missing');
		expect(byName['audit'].presence).toBe(1);
		expect(byName['SELECT account'].count).toBe(3);
		expect(byName['SELECT account'].baselineCount).toBe(1);
		expect(byName['SELECT account'].change).toBe('slower');
	});

	it('calls nothing slower or missing when the trace is typical', () => {
		const baseline = baselineOf(20);
		const result = compareTrace(toBaselineTrace(buildTrace(transfer(10))), baseline);
		expect(result.counts).toEqual({ slower: 0, faster: 0, new: 0, missing: 0, unchanged: 5 });
	});

	it('keeps to its trace and path bounds and ignores other root operations', () => {
		const other = toBaselineTrace(buildTrace({ service: 'gateway', name: 'GET /x', startMs: 0, endMs: 1 }));
		const traces = [other, ...Array.from({ length: 5 }, (_, k) => toBaselineTrace(buildTrace(transfer(10), { traceNo: k + 2 })))];
		const baseline = buildBaseline('gateway:POST /transfer', traces, { maxTraces: 3, maxPaths: 4 });
		expect(baseline.traceCount).toBe(3);
		expect(baseline.skippedTraces).toBe(2);
		expect(Object.keys(baseline.paths).length).toBe(4);
		expect(baseline.skippedPaths).toBe(3);
	});

	it('interpolates quantiles between ranks', () => {
		expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
		expect(quantileSorted([5], 0.9)).toBe(5);
		expect(quantileSorted([], 0.5)).toBeNaN();
	});
});
