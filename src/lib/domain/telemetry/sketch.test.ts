import { describe, expect, it } from 'vitest';
import { QuantileSketch, exactQuantile, maxBuckets } from './sketch';
import { distributions, seededRandom } from './test-random';

const quantiles = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

function sample(name: string, n: number, seed: number): number[] {
	const random = seededRandom(seed);
	const draw = distributions[name];
	return Array.from({ length: n }, () => draw(random));
}

describe('QuantileSketch', () => {
	for (const name of Object.keys(distributions)) {
		for (const alpha of [0.01, 0.05]) {
			it(`keeps every quantile of ${name} data within relative error ${alpha}`, () => {
				const values = sample(name, 20_000, 7 + name.length);
				const sketch = new QuantileSketch(alpha);
				for (const v of values) sketch.add(v);
				const sorted = Float64Array.from(values).sort();
				expect(sketch.count).toBe(values.length);
				for (const q of quantiles) {
					const exact = exactQuantile(sorted, q)!;
					const estimate = sketch.quantile(q)!;
					expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(alpha * exact * (1 + 1e-12));
				}
			});
		}
	}

	it('answers null when empty and 0 for zero durations', () => {
		const sketch = new QuantileSketch();
		expect(sketch.quantile(0.5)).toBeNull();
		sketch.add(0, 3);
		sketch.add(10);
		expect(sketch.count).toBe(4);
		expect(sketch.quantile(0.5)).toBe(0);
		expect(sketch.quantile(1)).toBeCloseTo(10, 0);
	});

	it('merged sketches hold exactly the counts of a sketch of the union', () => {
		const a = sample('lognormal', 5_000, 1);
		const b = sample('pareto', 7_000, 2);
		const sa = new QuantileSketch();
		const sb = new QuantileSketch();
		const union = new QuantileSketch();
		for (const v of a) sa.add(v), union.add(v);
		for (const v of b) sb.add(v), union.add(v);
		sa.merge(sb);
		expect(sa.toData()).toEqual(union.toData());
		for (const q of quantiles) expect(sa.quantile(q)).toBe(union.quantile(q));
	});

	it('merges serialised data the same as live sketches', () => {
		const values = sample('bimodal', 3_000, 3);
		const left = new QuantileSketch();
		const right = new QuantileSketch();
		values.forEach((v, i) => (i % 2 ? left : right).add(v));
		const viaData = QuantileSketch.fromData(left.toData());
		viaData.merge(right.toData());
		const viaLive = left.clone();
		viaLive.merge(right);
		expect(viaData.toData()).toEqual(viaLive.toData());
	});

	it('survives a structured clone (IndexedDB, postMessage) round trip', () => {
		const sketch = new QuantileSketch();
		for (const v of sample('exponential', 1_000, 4)) sketch.add(v);
		const copy = QuantileSketch.fromData(structuredClone(sketch.toData()));
		for (const q of quantiles) expect(copy.quantile(q)).toBe(sketch.quantile(q));
	});

	it('bounds its bucket count by collapsing the lowest buckets, keeping high quantiles', () => {
		const sketch = new QuantileSketch(0.01);
		const values: number[] = [];
		// 1e-5 ms .. 1e15 ms spans far more than 2,048 buckets at 1 %
		for (let e = -5; e <= 15; e += 0.01) values.push(10 ** e);
		for (const v of values) sketch.add(v);
		expect(sketch.bucketCount).toBeLessThanOrEqual(maxBuckets);
		expect(sketch.count).toBe(values.length);
		const sorted = Float64Array.from(values).sort();
		for (const q of [0.75, 0.9, 0.99, 1]) {
			const exact = exactQuantile(sorted, q)!;
			expect(Math.abs(sketch.quantile(q)! - exact)).toBeLessThanOrEqual(0.01 * exact * (1 + 1e-12));
		}
	});

	it('gives the same collapsed counts whatever the insertion order or merge split', () => {
		const values: number[] = [];
		for (let e = -5; e <= 15; e += 0.013) values.push(10 ** e);
		const forward = new QuantileSketch();
		const backward = new QuantileSketch();
		values.forEach((v) => forward.add(v));
		[...values].reverse().forEach((v) => backward.add(v));
		const low = new QuantileSketch();
		const high = new QuantileSketch();
		values.forEach((v, i) => (i < values.length / 2 ? low : high).add(v));
		low.merge(high);
		expect(backward.toData()).toEqual(forward.toData());
		expect(low.toData()).toEqual(forward.toData());
	});

	it('refuses to merge sketches of different accuracy', () => {
		expect(() => new QuantileSketch(0.01).merge(new QuantileSketch(0.02))).toThrow(/accuracy/);
	});
});
