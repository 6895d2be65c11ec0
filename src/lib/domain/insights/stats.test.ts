import { describe, expect, it } from 'vitest';
import { correlation, fTestPValue, incompleteBeta, leastSquares, mad, median, normalCdf, normalQuantile, normalTail, quantile, seededRandom, std } from './stats';

describe('stats', () => {
	it('skips NaN in location and spread', () => {
		expect(median([5, NaN, 1, 3])).toBe(3);
		expect(quantile([0, 10], 0.25)).toBe(2.5);
		expect(std([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
		expect(mad([1, 1, 2, 2, 4, 6, 9])).toBeCloseTo(1.4826, 4);
	});

	it('normal CDF, tail and quantile agree with tables', () => {
		expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
		expect(normalTail(3)).toBeCloseTo(0.00135, 5);
		expect(normalTail(6)).toBeGreaterThan(0);
		expect(normalTail(6)).toBeLessThan(1e-8);
		expect(normalQuantile(0.975)).toBeCloseTo(1.96, 3);
		expect(normalQuantile(0.5)).toBeCloseTo(0, 8);
	});

	it('incomplete beta and F p-values match known values', () => {
		expect(incompleteBeta(0.5, 2, 2)).toBeCloseTo(0.5, 8);
		expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 8);
		// F(2, 20) critical value at 5 % is 3.49.
		expect(fTestPValue(3.49, 2, 20)).toBeCloseTo(0.05, 2);
		expect(fTestPValue(0, 2, 20)).toBe(1);
	});

	it('least squares recovers an exact line', () => {
		const rows = [0, 1, 2, 3, 4].map((x) => [1, x]);
		const fit = leastSquares(rows, [1, 3, 5, 7, 9])!;
		expect(fit.coef[0]).toBeCloseTo(1, 6);
		expect(fit.coef[1]).toBeCloseTo(2, 6);
		expect(fit.rss).toBeCloseTo(0, 8);
	});

	it('correlation is 1 for a linear relation and 0 for a constant', () => {
		expect(correlation([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 10);
		expect(correlation([1, 2, 3, 4], [5, 5, 5, 5])).toBe(0);
	});

	it('the seeded generator repeats for a seed and differs across seeds', () => {
		const a = seededRandom(42);
		const b = seededRandom(42);
		const c = seededRandom(43);
		const xs = [a(), a(), a()];
		expect([b(), b(), b()]).toEqual(xs);
		expect(c()).not.toBe(xs[0]);
		expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
	});
});
