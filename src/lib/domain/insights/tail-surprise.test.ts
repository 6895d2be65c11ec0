import { describe, expect, it } from 'vitest';
import { TailSurprise } from './tail-surprise';

describe('TailSurprise', () => {
	it('is -ln of the share of kept values at least as large, counting the new one', () => {
		const t = new TailSurprise(1000, 0.7);
		for (let v = 1; v <= 99; v++) t.learn(v);
		// 50 of 99 kept values are >= 50: p = 51 / 100.
		expect(t.surprise(50)).toBeCloseTo(-Math.log(51 / 100), 12);
		expect(t.surprise(99)).toBeCloseTo(-Math.log(2 / 100), 12);
		expect(t.surprise(-5)).toBeCloseTo(0, 12);
	});

	it('continues the tail exponentially beyond the largest kept value', () => {
		const t = new TailSurprise(1000, 0.7);
		for (let v = 1; v <= 99; v++) t.learn(v);
		// Tail from index floor(0.7 x 99) = 69 (value 70): mean excess of 70..99 over 70 is 14.5.
		expect(t.surprise(101)).toBeCloseTo(Math.log(100) + 2 / 14.5, 12);
		expect(t.surprise(99 + 14.5)).toBeCloseTo(Math.log(100) + 1, 12);
	});

	it('says nothing from fewer than ten values and forgets beyond its capacity', () => {
		const t = new TailSurprise(20);
		for (let i = 0; i < 9; i++) t.learn(1);
		expect(t.surprise(100)).toBe(0);
		for (let i = 0; i < 20; i++) t.learn(i < 10 ? 1000 : 1);
		// The ten 1000s are kept, then pushed out by ten more 1s.
		expect(t.length).toBe(20);
		for (let i = 0; i < 10; i++) t.learn(1);
		expect(t.surprise(500)).toBeGreaterThan(Math.log(21));
	});
});
