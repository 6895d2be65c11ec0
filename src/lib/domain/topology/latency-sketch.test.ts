import { describe, expect, it } from 'vitest';
import { seededRandom } from '../trace/span-builder';
import { emptySketch, sketchAdd, sketchMerge, sketchQuantileUs, sketchRelativeAccuracy } from './latency-sketch';

describe('latency sketch', () => {
	it('answers quantiles within its relative accuracy of the exact value on random data', () => {
		const random = seededRandom(3);
		for (let round = 0; round < 5; round++) {
			const values = Array.from({ length: 5000 }, () => Math.exp(random() * 14) + 2);
			const sketch = emptySketch();
			for (const v of values) sketchAdd(sketch, v);
			const sorted = [...values].sort((a, b) => a - b);
			for (const q of [0, 0.5, 0.9, 0.95, 0.99, 1]) {
				const exact = sorted[Math.floor(q * (sorted.length - 1))];
				expect(Math.abs(sketchQuantileUs(sketch, q) - exact) / exact).toBeLessThanOrEqual(sketchRelativeAccuracy + 1e-9);
			}
		}
	});

	it('merges into exactly what one sketch of all values holds', () => {
		const random = seededRandom(5);
		const a = emptySketch();
		const b = emptySketch();
		const all = emptySketch();
		for (let i = 0; i < 1000; i++) {
			const v = random() * 1e6;
			sketchAdd(i % 2 ? a : b, v);
			sketchAdd(all, v);
		}
		sketchMerge(a, b);
		expect(a.count).toBe(all.count);
		expect(new Map([...a.bins].sort())).toEqual(new Map([...all.bins].sort()));
	});

	it('puts zero, negative and sub-microsecond values in the low bucket and is NaN when empty', () => {
		const s = emptySketch();
		expect(sketchQuantileUs(s, 0.5)).toBeNaN();
		sketchAdd(s, 0);
		sketchAdd(s, -5);
		sketchAdd(s, Number.NaN);
		expect(s.lowCount).toBe(3);
		expect(sketchQuantileUs(s, 1)).toBe(1);
	});
});
