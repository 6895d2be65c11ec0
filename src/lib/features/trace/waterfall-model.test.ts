import { describe, expect, it } from 'vitest';
import { SpanKind } from '$lib/protocol/records';
import { analyzeTrace } from '$lib/domain/trace/analyze';
import { assembleTrace } from '$lib/domain/trace/assemble';
import { buildTrace } from '$lib/domain/trace/span-builder';
import { ancestorsOf, barOf, criticalBySpan, extentOf, parentsOf, rowAfterKey, timeTicksUs, visibleRows } from './waterfall-model';

// root 0-100: a 10-40 (a1 15-30), b 50-90 (b1 55-60, b2 60-95 async), plus an orphan
const spans = [
	...buildTrace({
		service: 'gw', name: 'root', kind: SpanKind.Server, startMs: 0, endMs: 100,
		children: [
			{ service: 'gw', name: 'a', startMs: 10, endMs: 40, children: [{ service: 'gw', name: 'a1', startMs: 15, endMs: 30 }] },
			{ service: 'gw', name: 'b', startMs: 50, endMs: 90, children: [{ service: 'gw', name: 'b1', startMs: 55, endMs: 60 }, { service: 'gw', name: 'b2', startMs: 60, endMs: 120 }] }
		]
	}),
	...buildTrace({ service: 'x', name: 'orphan', startMs: 70, endMs: 80, parentSpanId: 'ffffffffffffffff' }, { firstId: 100 })
];
const names = (tree: ReturnType<typeof assembleTrace>, rows: Uint32Array) => [...rows].map((i) => spans[i].name);
const index = (name: string) => spans.findIndex((s) => s.name === name);

describe('waterfall model', () => {
	const tree = assembleTrace(spans);

	it('lists every span in waterfall order, and hides collapsed subtrees only', () => {
		expect(names(tree, visibleRows(tree, new Set()))).toEqual(['root', 'a', 'a1', 'b', 'b1', 'b2', 'orphan']);
		expect(names(tree, visibleRows(tree, new Set([index('a')])))).toEqual(['root', 'a', 'b', 'b1', 'b2', 'orphan']);
		expect(names(tree, visibleRows(tree, new Set([index('root')])))).toEqual(['root', 'orphan']);
		// collapsing a leaf hides nothing
		expect(names(tree, visibleRows(tree, new Set([index('a1')])))).toHaveLength(7);
		expect(parentsOf(tree).map((i) => spans[i].name)).toEqual(['root', 'a', 'b']);
		expect(ancestorsOf(tree, index('b1')).map((i) => spans[i].name)).toEqual(['b', 'root']);
	});

	it('places bars on the extent, which covers a child outliving the root', () => {
		const extent = extentOf(tree);
		expect(extent.endUs - extent.startUs).toBe(120_000);
		expect(barOf(tree, index('b'), extent)).toEqual({ left: 50 / 120, width: 40 / 120 });
		expect(barOf(tree, index('b2'), extent).left + barOf(tree, index('b2'), extent).width).toBeCloseTo(1);
	});

	it('groups the critical path by span', () => {
		const analysis = analyzeTrace(spans);
		const bySpan = criticalBySpan(analysis.criticalPath.segments);
		expect(bySpan.get(index('a1'))).toEqual([{ spanIndex: index('a1'), startUs: spans[0].startUs + 15_000, endUs: spans[0].startUs + 30_000 }]);
		// b2 ends after its parent: not awaited, not on the path
		expect(bySpan.has(index('b2'))).toBe(false);
		expect(bySpan.get(index('root'))!.length).toBeGreaterThan(1);
	});

	it('ticks the time axis at round steps and moves rows by key', () => {
		expect(timeTicksUs({ startUs: 0, endUs: 120_000 }, 5)).toEqual([0, 50_000, 100_000]);
		expect(timeTicksUs({ startUs: 0, endUs: 0 })).toEqual([0]);
		expect([rowAfterKey('ArrowDown', 6, 7, 10), rowAfterKey('PageUp', 3, 7, 10), rowAfterKey('End', 0, 7, 10), rowAfterKey('x', 0, 7, 10)]).toEqual([6, 0, 6, undefined]);
	});
});
