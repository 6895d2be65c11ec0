import { describe, expect, it } from 'vitest';
import { forecastWithBestModel, rollingOrigin, seasonalScale, selectByPast } from './backtest';
import { holtWinters, recentMean, seasonalNaive } from './statistical';
import { seededRandom } from '../stats';

describe('backtests', () => {
	it('MASE scale is the mean absolute seasonal difference', () => {
		expect(seasonalScale([1, 2, 3, 1, 2, 5], 3)).toBeCloseTo(2 / 3, 10);
		expect(seasonalScale([5, 5, 5], 0)).toBeGreaterThan(0);
	});

	it('rolling origin scores each forecaster only on points after its origin', async () => {
		const x = Array.from({ length: 60 }, (_, i) => (i % 10) * 1.0);
		const res = await rollingOrigin({ series: x, forecasters: [seasonalNaive, recentMean()], horizon: 10, periodSteps: 10, origins: [30, 40, 55] });
		// The series repeats exactly, so seasonal naive is perfect; 55 + 10 > 60 is skipped.
		expect(res.map((r) => r.origin)).toEqual([30, 40]);
		expect(res[0].mase['seasonal-naive']).toBe(0);
		expect(res[0].mase['recent-mean']).toBeGreaterThan(0.5);
	});

	it('online selection only uses origins whose windows have closed', () => {
		const past = [
			{ origin: 0, mase: { a: 1, b: 2 }, errors: {} },
			{ origin: 10, mase: { a: 5, b: 1 }, errors: {} }
		];
		expect(selectByPast(past, 15, 10, 'z')).toBe('a');
		expect(selectByPast(past, 25, 10, 'z')).toBe('b');
		expect(selectByPast([], 25, 10, 'z')).toBe('z');
	});

	it('chooses the better forecaster and wraps its forecast in an interval that holds the noise', async () => {
		const r = seededRandom(5);
		const x = Array.from({ length: 24 * 20 }, (_, i) => 100 + 40 * Math.sin((2 * Math.PI * i) / 24) + (r() - 0.5) * 10);
		const out = await forecastWithBestModel({ history: x, forecasters: [recentMean(), holtWinters], horizon: 24, periodSteps: 24, coverage: 0.8 });
		expect(out.forecaster).toBe('holt-winters');
		expect(out.mean.length).toBe(24);
		out.mean.forEach((m, i) => {
			expect(out.lower[i]).toBeLessThanOrEqual(m);
			expect(out.upper[i]).toBeGreaterThanOrEqual(m);
			expect(out.upper[i] - out.lower[i]).toBeGreaterThan(2);
			expect(out.upper[i] - out.lower[i]).toBeLessThan(40);
		});
	});
});
