import { describe, expect, it } from 'vitest';
import { Prng, fnv1a32 } from './prng';

describe('Prng', () => {
	it('repeats its sequence for the same seed and stream, and differs across streams', () => {
		const a = new Prng(42, 'x');
		const b = new Prng(42, 'x');
		const c = new Prng(42, 'y');
		const seqA = Array.from({ length: 20 }, () => a.uint32());
		expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(seqA);
		expect(Array.from({ length: 20 }, () => c.uint32())).not.toEqual(seqA);
	});

	it('draws uniform values in [0, 1) with the right mean', () => {
		const p = new Prng(7);
		let sum = 0;
		let min = 1;
		let max = 0;
		for (let i = 0; i < 20_000; i++) {
			const x = p.next();
			min = Math.min(min, x);
			max = Math.max(max, x);
			sum += x;
		}
		expect(min).toBeGreaterThanOrEqual(0);
		expect(max).toBeLessThan(1);
		expect(sum / 20_000).toBeCloseTo(0.5, 1);
	});

	it('gives log-normal draws whose median is the requested median', () => {
		const p = new Prng(3);
		const xs = Array.from({ length: 5_001 }, () => p.logNormal(40, 0.6)).sort((a, b) => a - b);
		expect(xs[2_500]).toBeGreaterThan(37);
		expect(xs[2_500]).toBeLessThan(43);
	});

	it('gives Poisson counts with the requested mean, small and large', () => {
		const p = new Prng(9);
		for (const mean of [0.5, 4, 80]) {
			let sum = 0;
			for (let i = 0; i < 4_000; i++) sum += p.poisson(mean);
			expect(Math.abs(sum / 4_000 - mean)).toBeLessThan(mean * 0.06 + 0.05);
		}
		expect(p.poisson(0)).toBe(0);
		expect(p.poisson(Number.NaN)).toBe(0);
	});

	it('picks weighted indexes in proportion and never a zero weight', () => {
		const p = new Prng(11);
		const counts = [0, 0, 0];
		for (let i = 0; i < 10_000; i++) counts[p.weightedIndex([1, 0, 3])]++;
		expect(counts[1]).toBe(0);
		expect(counts[2] / counts[0]).toBeGreaterThan(2.6);
		expect(counts[2] / counts[0]).toBeLessThan(3.4);
	});

	it('makes OTLP-valid ids, pod suffixes and version-4 UUIDs', () => {
		const p = new Prng(5);
		for (let i = 0; i < 100; i++) {
			expect(p.hex(32)).toMatch(/^[0-9a-f]{32}$/);
			expect(p.hex(16)).not.toMatch(/^0+$/);
			expect(p.k8sSuffix(5)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
			expect(p.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		}
	});

	it('hashes labels stably', () => {
		expect(fnv1a32('')).toBe(0x811c9dc5);
		expect(fnv1a32('a')).toBe(0xe40c292c);
	});
});
