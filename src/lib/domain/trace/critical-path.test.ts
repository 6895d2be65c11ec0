import { describe, expect, it } from 'vitest';
import { SpanKind, type SpanRecord } from '../../protocol/records';
import { assembleTrace } from './assemble';
import { criticalPath } from './critical-path';
import { buildTrace, randomTrace, traceBaseUs, type SpanSpec } from './span-builder';

/** The path as `name start-end` in ms from the trace start. */
function pathOf(spec: SpanSpec): string[] {
	const spans = buildTrace(spec);
	const tree = assembleTrace(spans);
	return criticalPath(tree).segments.map(
		(s) => `${spans[s.spanIndex].name} ${(s.startUs - traceBaseUs) / 1000}-${(s.endUs - traceBaseUs) / 1000}`
	);
}

describe('criticalPath', () => {
	it('serial children with gaps: children and the gaps between them', () => {
		expect(
			pathOf({
				service: 's', name: 'P', startMs: 0, endMs: 24,
				children: [
					{ service: 's', name: 'A', startMs: 2, endMs: 8 },
					{ service: 's', name: 'B', startMs: 10, endMs: 16 }
				]
			})
		).toEqual(['P 0-2', 'A 2-8', 'P 8-10', 'B 10-16', 'P 16-24']);
	});

	it('parallel overlapping children: the last to finish wins, the one it overlaps is skipped', () => {
		expect(
			pathOf({
				service: 's', name: 'P', startMs: 0, endMs: 24,
				children: [
					{ service: 's', name: 'A', startMs: 2, endMs: 12 },
					{ service: 's', name: 'B', startMs: 5, endMs: 20 }
				]
			})
		).toEqual(['P 0-5', 'B 5-20', 'P 20-24']);
	});

	it('parallel children where the earlier one ends before the later starts are both on the path', () => {
		expect(
			pathOf({
				service: 's', name: 'P', startMs: 0, endMs: 30,
				children: [
					{ service: 's', name: 'A', startMs: 1, endMs: 9 },
					{ service: 's', name: 'A2', startMs: 2, endMs: 6 },
					{ service: 's', name: 'B', startMs: 10, endMs: 29 },
					{ service: 's', name: 'B2', startMs: 12, endMs: 28 }
				]
			})
		).toEqual(['P 0-1', 'A 1-9', 'P 9-10', 'B 10-29', 'P 29-30']);
	});

	it('an asynchronous child ending after its parent is not on the path', () => {
		expect(
			pathOf({
				service: 's', name: 'P', startMs: 0, endMs: 12,
				children: [{ service: 's', name: 'A', startMs: 6, endMs: 20, children: [{ service: 's', name: 'A1', startMs: 7, endMs: 11 }] }]
			})
		).toEqual(['P 0-12']);
	});

	it('an async child does not hide an awaited sibling that it overlaps', () => {
		expect(
			pathOf({
				service: 's', name: 'P', startMs: 0, endMs: 20,
				children: [
					{ service: 's', name: 'sync', startMs: 2, endMs: 15 },
					{ service: 's', name: 'async', startMs: 4, endMs: 40 }
				]
			})
		).toEqual(['P 0-2', 'sync 2-15', 'P 15-20']);
	});

	it('descends through nested calls across services', () => {
		expect(
			pathOf({
				service: 'gw', name: 'GET', kind: SpanKind.Server, startMs: 0, endMs: 100,
				children: [{
					service: 'gw', name: 'call', kind: SpanKind.Client, startMs: 10, endMs: 90,
					children: [{
						service: 'svc', name: 'handle', kind: SpanKind.Server, startMs: 15, endMs: 85,
						children: [
							{ service: 'svc', name: 'q1', kind: SpanKind.Client, startMs: 20, endMs: 30, attrs: { 'db.system': 'mysql' } },
							{ service: 'svc', name: 'q2', kind: SpanKind.Client, startMs: 40, endMs: 80, attrs: { 'db.system': 'mysql' } }
						]
					}]
				}]
			})
		).toEqual(['GET 0-10', 'call 10-15', 'handle 15-20', 'q1 20-30', 'handle 30-40', 'q2 40-80', 'handle 80-85', 'call 85-90', 'GET 90-100']);
	});

	it('clips a child that starts before its parent on the same clock', () => {
		expect(
			pathOf({ service: 's', name: 'P', startMs: 10, endMs: 20, children: [{ service: 's', name: 'A', startMs: 5, endMs: 15 }] })
		).toEqual(['A 10-15', 'P 15-20']);
	});

	it('skips zero-length children', () => {
		expect(
			pathOf({ service: 's', name: 'P', startMs: 0, endMs: 10, children: [{ service: 's', name: 'Z', startMs: 5, endMs: 5 }] })
		).toEqual(['P 0-10']);
	});

	it('on random traces the path tiles the root exactly and stays inside each span', () => {
		for (let seed = 1; seed <= 20; seed++) {
			const spans: SpanRecord[] = randomTrace({ spanCount: 400, seed });
			const tree = assembleTrace(spans);
			const { segments, criticalUs } = criticalPath(tree);
			const root = tree.primaryRoot;
			expect(segments[0].startUs).toBe(tree.startUs[root]);
			expect(segments[segments.length - 1].endUs).toBe(tree.endUs[root]);
			let total = 0;
			for (let k = 0; k < segments.length; k++) {
				const s = segments[k];
				expect(s.endUs).toBeGreaterThan(s.startUs);
				if (k > 0) expect(s.startUs).toBe(segments[k - 1].endUs);
				expect(s.startUs).toBeGreaterThanOrEqual(tree.startUs[s.spanIndex]);
				expect(s.endUs).toBeLessThanOrEqual(tree.endUs[s.spanIndex]);
				total += s.endUs - s.startUs;
			}
			expect(total).toBe(tree.endUs[root] - tree.startUs[root]);
			expect(criticalUs.reduce((a, b) => a + b, 0)).toBe(total);
		}
	});

	it('is empty for an empty trace', () => {
		expect(criticalPath(assembleTrace([])).segments).toEqual([]);
	});
});
