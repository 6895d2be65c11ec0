import { describe, expect, it } from 'vitest';
import { SortedWindow } from './sorted-window';
import { mad, median, seededRandom } from './stats';

describe('SortedWindow', () => {
	it('matches brute-force order statistics of the last `capacity` values at every step', () => {
		const r = seededRandom(11);
		const w = new SortedWindow(37);
		const all: number[] = [];
		for (let i = 0; i < 300; i++) {
			// Rounded values, so ties (and removing one of several equal values) are exercised.
			const v = Math.round((r() - 0.5) * 40) / 2;
			w.push(v);
			all.push(v);
			const kept = all.slice(-37);
			const sorted = [...kept].sort((a, b) => a - b);
			expect(w.length).toBe(kept.length);
			expect(w.median()).toBeCloseTo(median(kept), 12);
			expect(1.4826 * w.mad()).toBeCloseTo(mad(kept), 12);
			expect(w.min).toBe(sorted[0]);
			expect(w.max).toBe(sorted[sorted.length - 1]);
			expect(w.countAtLeast(v)).toBe(kept.filter((x) => x >= v).length);
			expect(w.countWithin(v - 3, v + 1.5)).toBe(kept.filter((x) => x >= v - 3 && x <= v + 1.5).length);
			const k = Math.floor(0.7 * kept.length);
			const tail = sorted.slice(k);
			expect(w.meanExcessAbove(0.7)).toBeCloseTo(tail.reduce((s, x) => s + x - sorted[k], 0) / tail.length, 12);
		}
	});

	it('reports an empty window plainly', () => {
		const w = new SortedWindow(4);
		expect(w.median()).toBeNaN();
		expect(w.mad()).toBeNaN();
		expect(w.countAtLeast(0)).toBe(0);
		expect(w.countWithin(1, 0)).toBe(0);
		expect(w.meanExcessAbove(0.5)).toBe(0);
		expect(() => new SortedWindow(0)).toThrow(RangeError);
	});
});
