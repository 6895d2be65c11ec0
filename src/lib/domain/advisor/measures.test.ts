import { describe, expect, it } from 'vitest';
import type { ClassEdge } from './call-graph';
import { computeMeasures, type MeasureGraph } from './measures';

// Classes A B C D E; contexts x=0 y=1 z=2.
// Calls: A→B ×1, B→A ×1, B→C ×3, C→D ×1 (D→D self-calls are not edges).
const graph: MeasureGraph = {
	classes: ['A', 'B', 'C', 'D', 'E'],
	classContexts: [[0], [0, 1], [1], [2], [2]],
	edges: [
		{ from: 0, to: 1, volume: 1 },
		{ from: 1, to: 0, volume: 1 },
		{ from: 1, to: 2, volume: 3 },
		{ from: 2, to: 3, volume: 1 }
	] satisfies ClassEdge[]
};

describe('computeMeasures', () => {
	it('matches hand-computed values for {A,B} | {C,D,E}', () => {
		const m = computeMeasures(graph, [0, 0, 1, 1, 1]);
		// BCP: {x,y} and {y,z} → (ln 2 + ln 2) / 2
		expect(m.bcp).toBeCloseTo(Math.log(2), 12);
		// ICP: cut B→C weighs ln 3 + 1; all edges 1 + 1 + (ln 3 + 1) + 1
		expect(m.icp).toBeCloseTo((Math.log(3) + 1) / (4 + Math.log(3)), 12);
		// SM: cohesion (1/2² + 1/3²) / 2, coupling one pair {B,C} / (2 · 3) over one partition pair
		expect(m.sm).toBeCloseTo((1 / 4 + 1 / 9) / 2 - 1 / 6, 12);
		// NED: no partition has 5 to 20 classes
		expect(m.ned).toBe(1);
		// IFN: one cross pair over two partitions
		expect(m.ifn).toBe(0.5);
		expect(m.partitions).toBe(2);
	});

	it('gives zero BCP and ICP when every class is alone with one context and nothing is cut', () => {
		const isolated: MeasureGraph = { classes: ['A', 'B'], classContexts: [[0], [1]], edges: [] };
		const m = computeMeasures(isolated, [0, 1]);
		expect(m).toMatchObject({ bcp: 0, icp: 0, ifn: 0, partitions: 2 });
	});

	it('counts a class with no business context as one Unknown context', () => {
		const m = computeMeasures({ classes: ['A', 'B'], classContexts: [[0], []], edges: [] }, [0, 0]);
		expect(m.bcp).toBeCloseTo(Math.log(2), 12);
	});

	it('counts classes inside partitions of 5 to 20 classes for NED', () => {
		const classes = Array.from({ length: 8 }, (_, i) => `C${i}`);
		const m = computeMeasures(
			{ classes, classContexts: classes.map(() => [0]), edges: [] },
			[0, 0, 0, 0, 0, 1, 1, 1]
		);
		expect(m.ned).toBeCloseTo(3 / 8, 12);
	});

	it('ignores label values and treats every distinct label as one partition', () => {
		const a = computeMeasures(graph, [7, 7, 3, 3, 3]);
		const b = computeMeasures(graph, [0, 0, 1, 1, 1]);
		expect(a).toEqual(b);
	});

	it('rejects an assignment of the wrong length', () => {
		expect(() => computeMeasures(graph, [0, 1])).toThrow(/2 entries for 5 classes/);
	});
});
