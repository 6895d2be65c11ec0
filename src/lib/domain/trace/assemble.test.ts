import { describe, expect, it } from 'vitest';
import { SpanKind, type SpanRecord } from '../../protocol/records';
import { assembleTrace } from './assemble';
import { buildTrace, hexId, traceBaseUs } from './span-builder';

const ms = (us: number) => (us - traceBaseUs) / 1000;

describe('assembleTrace', () => {
	it('links parents, orders children by start and writes the waterfall depth-first', () => {
		const spans = buildTrace({
			service: 'gw', name: 'root', startMs: 0, endMs: 100,
			children: [
				{ service: 'gw', name: 'late', startMs: 50, endMs: 60 },
				{ service: 'gw', name: 'early', startMs: 10, endMs: 40, children: [{ service: 'gw', name: 'inner', startMs: 12, endMs: 20 }] }
			]
		});
		const tree = assembleTrace([...spans].reverse());
		const names = [...tree.preorder].map((i) => [...spans].reverse()[i].name);
		expect(names).toEqual(['root', 'early', 'inner', 'late']);
		const reversed = [...spans].reverse();
		expect([...tree.preorder].map((i) => tree.depth[i])).toEqual([0, 1, 2, 1]);
		expect(tree.issues.incomplete).toBe(false);
		expect(reversed[tree.primaryRoot].name).toBe('root');
	});

	it('flags spans whose parent is absent and keeps their subtrees as extra roots', () => {
		const spans = buildTrace({
			service: 'a', name: 'root', startMs: 0, endMs: 100,
			children: [{ service: 'a', name: 'lost', startMs: 10, endMs: 50, children: [{ service: 'b', name: 'orphan', startMs: 20, endMs: 30 }] }]
		});
		const withoutLost = spans.filter((s) => s.name !== 'lost');
		const tree = assembleTrace(withoutLost);
		expect(tree.issues.incomplete).toBe(true);
		expect(tree.issues.missingParent.map((i) => withoutLost[i].name)).toEqual(['orphan']);
		expect(tree.roots.map((i) => withoutLost[i].name)).toEqual(['root', 'orphan']);
		expect(tree.preorder.length).toBe(2);
	});

	it('marks a trace without its root span as incomplete and still picks a primary root', () => {
		const spans = buildTrace({
			service: 'a', name: 'root', startMs: 0, endMs: 100,
			children: [{ service: 'b', name: 'child', startMs: 10, endMs: 50 }, { service: 'c', name: 'other', startMs: 60, endMs: 61 }]
		}).slice(1);
		const tree = assembleTrace(spans);
		expect(tree.issues.incomplete).toBe(true);
		expect(spans[tree.primaryRoot].name).toBe('child');
	});

	it('leaves duplicates out of the tree and counts distinct trace ids', () => {
		const spans = buildTrace({ service: 'a', name: 'root', startMs: 0, endMs: 10, children: [{ service: 'a', name: 'c', startMs: 1, endMs: 2 }] });
		const stranger: SpanRecord = { ...spans[1], traceId: hexId(99, 32), spanId: hexId(500, 16) };
		const input = [...spans, { ...spans[1] }, stranger];
		const tree = assembleTrace(input);
		expect(tree.issues.duplicate).toEqual([2]);
		expect(tree.issues.traceIdCount).toBe(2);
		expect(tree.preorder.length).toBe(3);
		expect(tree.parentIndex[2]).toBe(-1);
	});

	it('cuts parent-link cycles instead of looping', () => {
		const spans = buildTrace({ service: 'a', name: 'x', startMs: 0, endMs: 10, children: [{ service: 'a', name: 'y', startMs: 1, endMs: 9 }] });
		spans[0] = { ...spans[0], parentSpanId: spans[1].spanId };
		const self: SpanRecord = { ...spans[1], spanId: hexId(77, 16), parentSpanId: hexId(77, 16), name: 'self' };
		const tree = assembleTrace([...spans, self]);
		expect(tree.issues.cycleBroken.length).toBe(1);
		expect(tree.issues.missingParent).toEqual([2]);
		expect(tree.preorder.length).toBe(3);
		expect(new Set(tree.preorder).size).toBe(3);
	});

	it('centres a server span measured by a skewed clock inside its client span, subtree included', () => {
		const spans = buildTrace({
			service: 'a', name: 'call', kind: SpanKind.Client, startMs: 100, endMs: 200,
			children: [{
				service: 'b', name: 'handle', kind: SpanKind.Server, startMs: 40, endMs: 120,
				children: [{ service: 'b', name: 'work', startMs: 50, endMs: 60 }]
			}]
		});
		const tree = assembleTrace(spans);
		expect(tree.issues.skewAdjusted).toBe(1);
		expect(ms(tree.startUs[1])).toBe(110);
		expect(ms(tree.endUs[1])).toBe(190);
		expect(ms(tree.startUs[2])).toBe(120);
		expect(tree.shiftUs[2]).toBe(70_000);
	});

	it('never moves a child on its parent\'s own clock, so an async child keeps its times', () => {
		const spans = buildTrace({
			service: 'a', name: 'root', kind: SpanKind.Server, startMs: 0, endMs: 10,
			children: [{ service: 'a', name: 'fire-and-forget', startMs: 5, endMs: 30 }]
		});
		const tree = assembleTrace(spans);
		expect(tree.issues.skewAdjusted).toBe(0);
		expect(ms(tree.endUs[1])).toBe(30);
	});

	it('aligns a consumer that appears to start before its producer, without squeezing it', () => {
		const spans = buildTrace({
			service: 'a', name: 'send', kind: SpanKind.Producer, startMs: 100, endMs: 102,
			children: [{ service: 'b', name: 'receive', kind: SpanKind.Consumer, startMs: 95, endMs: 150 }]
		});
		const tree = assembleTrace(spans);
		expect(ms(tree.startUs[1])).toBe(100);
		expect(ms(tree.endUs[1])).toBe(155);
	});

	it('handles a 100,000-deep chain without recursion', () => {
		const spans: SpanRecord[] = [];
		for (let i = 0; i < 100_000; i++)
			spans.push({
				traceId: hexId(1, 32), spanId: hexId(i + 1, 16), parentSpanId: i === 0 ? '' : hexId(i, 16),
				resourceId: 'r', service: 's', instance: 'i', name: 'n', kind: SpanKind.Internal,
				startUs: i, durationUs: 200_000 - 2 * i, status: 0, attrs: {}
			});
		const tree = assembleTrace(spans);
		expect(tree.depth[99_999]).toBe(99_999);
		expect(tree.preorder[99_999]).toBe(99_999);
	});

	it('returns an empty tree for no spans', () => {
		const tree = assembleTrace([]);
		expect(tree.primaryRoot).toBe(-1);
		expect(tree.preorder.length).toBe(0);
	});
});
