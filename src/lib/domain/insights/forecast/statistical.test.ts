import { describe, expect, it } from 'vitest';
import { fillGaps, holtWinters, medianEnsemble, recentMean, recentMedian, seasonalMean, seasonalNaive, seasonalNaiveCycles } from './statistical';
import { standardForecasters } from './library';

const period = 24;
const seasonal = (n: number, trendPerStep = 0) => Array.from({ length: n }, (_, i) => 100 + 30 * Math.sin((2 * Math.PI * i) / period) + trendPerStep * i);

describe('statistical forecasters', () => {
	it('seasonal naive repeats the last period', () => {
		const x = seasonal(96);
		const fc = seasonalNaive.forecast({ history: x, horizon: 30, periodSteps: period }) as number[];
		fc.forEach((v, h) => expect(v).toBeCloseTo(x[96 - period + (h % period)], 10));
	});

	it('Holt-Winters tracks a seasonal series with a trend better than seasonal naive', () => {
		const x = seasonal(24 * 12, 0.5);
		const future = seasonal(24 * 14, 0.5).slice(24 * 12);
		const hw = holtWinters.forecast({ history: x, horizon: 48, periodSteps: period }) as number[];
		const sn = seasonalNaive.forecast({ history: x, horizon: 48, periodSteps: period }) as number[];
		const err = (fc: number[]) => fc.reduce((s, v, i) => s + Math.abs(v - future[i]), 0) / fc.length;
		expect(err(hw)).toBeLessThan(err(sn) / 3);
	});

	it('seasonal mean, recent mean, weekly naive and the median ensemble give the expected values', async () => {
		const x = [1, 2, 3, 5, 6, 7];
		expect(seasonalMean(2).forecast({ history: x, horizon: 3, periodSteps: 3 })).toEqual([3, 4, 5]);
		expect(recentMean().forecast({ history: x, horizon: 2, periodSteps: 3 })).toEqual([6, 6]);
		// A spike moves the mean, not the median.
		expect(recentMedian().forecast({ history: [5, 5, 500, 5, 6], horizon: 1, periodSteps: 5 })).toEqual([5]);
		expect(seasonalNaiveCycles(2).forecast({ history: x, horizon: 2, periodSteps: 1 })).toEqual([6, 7]);
		const ens = medianEnsemble([seasonalNaive, seasonalMean(2), recentMean()]);
		expect(await ens.forecast({ history: x, horizon: 1, periodSteps: 3 })).toEqual([5]);
	});

	it('fills gaps so NaN never reaches a recursion', () => {
		expect(fillGaps([NaN, 2, NaN, 4])).toEqual([2, 2, 2, 4]);
		const fc = holtWinters.forecast({ history: [1, NaN, 3, 4, NaN, 6, 7, 8], horizon: 3, periodSteps: 0 }) as number[];
		expect(fc.every(Number.isFinite)).toBe(true);
	});

	it('the standard set includes the neural forecaster only when one is given', () => {
		expect(standardForecasters().map((f) => f.name)).not.toContain('patchtst');
		const fake = { name: 'patchtst', minHistory: () => 1, forecast: () => [0] };
		expect(standardForecasters(fake).map((f) => f.name)).toContain('patchtst');
	});
});
