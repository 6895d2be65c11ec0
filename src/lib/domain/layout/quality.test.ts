import { describe, expect, it } from 'vitest';
import { freeY } from './incremental';
import { countOverlaps, displacement, layoutQuality } from './quality';
import type { Layout, LayoutGraph } from './types';

const box = (xPx: number, yPx: number) => ({ xPx, yPx, widthPx: 10, heightPx: 10 });
const layoutOf = (nodes: Layout['nodes']): Layout => ({ nodes, edges: {}, groups: {}, widthPx: 100, heightPx: 100 });

describe('layout quality', () => {
	const graph: LayoutGraph = {
		nodes: ['a', 'b', 'c', 'd'].map((id) => ({ id, widthPx: 10, heightPx: 10 })),
		edges: [
			{ id: 'a->d', from: 'a', to: 'd' },
			{ id: 'b->c', from: 'b', to: 'c' },
			{ id: 'a->c', from: 'a', to: 'c' }
		]
	};

	it('counts one crossing for an X and none for edges sharing an end', () => {
		const crossed = layoutOf({ a: box(0, 0), b: box(0, 100), c: box(100, 0), d: box(100, 100) });
		const q = layoutQuality(crossed, graph);
		expect(q.crossings).toBe(1);
		expect(q.edgeLengthPx).toBeCloseTo(100 + 2 * Math.hypot(100, 100));
		const uncrossed = layoutOf({ a: box(0, 0), b: box(0, 100), c: box(100, 100), d: box(100, 0) });
		expect(layoutQuality(uncrossed, graph).crossings).toBe(0);
	});

	it('uses routes when the layout has them', () => {
		const l = layoutOf({ a: box(0, 0), b: box(0, 100), c: box(100, 0), d: box(100, 100) });
		l.edges['a->d'] = [10, 5, 10, -50, 200, -50, 200, 105, 100, 105];
		expect(layoutQuality(l, graph).crossings).toBe(0);
		expect(layoutQuality(l, graph, { useRoutes: false }).crossings).toBe(1);
	});

	it('counts overlapping boxes and measures displacement', () => {
		expect(countOverlaps([box(0, 0), box(5, 5), box(20, 0), box(9, 9)])).toBe(3);
		const d = displacement(layoutOf({ a: box(0, 0), b: box(0, 0) }), layoutOf({ a: box(3, 4), b: box(0, 0), c: box(9, 9) }));
		expect(d).toEqual({ maxPx: 5, meanPx: 2.5, moved: 1, compared: 2 });
	});

	it('finds the free height closest to the target', () => {
		const obstacles = [box(0, 0), box(0, 20), { xPx: 500, yPx: 0, widthPx: 10, heightPx: 500 }];
		expect(freeY({ xPx: 0, widthPx: 10, heightPx: 10, targetY: 12, obstacles, gapPx: 2 })).toBe(32);
		expect(freeY({ xPx: 0, widthPx: 10, heightPx: 10, targetY: 2, obstacles, gapPx: 2 })).toBe(-12);
		expect(freeY({ xPx: 100, widthPx: 10, heightPx: 10, targetY: 12, obstacles, gapPx: 2 })).toBe(12);
	});
});
