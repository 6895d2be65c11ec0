/** Bad or degenerate input gets an empty or neutral answer, never an exception or NaN where a number is promised. */
import { describe, expect, it } from 'vitest';
import { analyseCauses } from './causal';
import { predictBreach } from './failure';
import { forecastWithBestModel } from './forecast/backtest';
import { standardForecasters } from './forecast/library';
import { clusterDays, dayKeyFromPatterns } from './patterns';
import { rankNSigma, rankRootCauses } from './rca';
import { bandAndScore, streamingScores } from './series-analysis';

const junk = [NaN, Infinity, -Infinity, 0, -0, 1e308, -1e308, 5];

describe('degenerate input', () => {
	it('series analysis accepts empty, junk and mismatched input', () => {
		expect(bandAndScore({ timesMs: [], values: [] }).events).toEqual([]);
		const r = bandAndScore({ timesMs: junk.map((_, i) => i * 60_000), values: junk.slice(0, 5) });
		expect(r.expected.length).toBe(5);
		expect(streamingScores(junk).every((s) => s >= 0 && s <= 1)).toBe(true);
	});

	it('forecasting a constant or tiny history gives finite values and a non-negative interval', async () => {
		const out = await forecastWithBestModel({ history: new Array(30).fill(7), forecasters: standardForecasters(), horizon: 6, periodSteps: 12 });
		expect(out.mean.every(Number.isFinite)).toBe(true);
		out.mean.forEach((m, i) => expect(out.upper[i] - out.lower[i]).toBeGreaterThanOrEqual(0));
		const tiny = await forecastWithBestModel({ history: [3], forecasters: standardForecasters(), horizon: 2, periodSteps: 288 });
		expect(tiny.mean).toEqual([3, 3]);
		await expect(forecastWithBestModel({ history: [1], forecasters: [], horizon: 1, periodSteps: 0 })).rejects.toThrow(/at least one forecaster/);
	});

	it('breach prediction, clustering, causal analysis and ranking survive junk', () => {
		expect(predictBreach({ timesMs: junk, values: junk, limit: 10 }).state).toBe('insufficient-data');
		expect(clusterDays(junk, junk).k).toBe(0);
		expect(dayKeyFromPatterns(clusterDays([], []))(1e308)).toBe('other');
		expect(analyseCauses({ target: { id: 't', values: junk }, candidates: [{ id: 'c', values: [] }] })[0].score).toBeGreaterThanOrEqual(0);
		expect(rankRootCauses({ nodes: [], edges: [], series: [] })).toEqual([]);
		expect(rankNSigma({ nodes: ['a'], edges: [], series: [{ node: 'a', metric: 'm', reference: [1, 1, 1], incident: [2], direction: 'up' }] })[0].score).toBeGreaterThan(0);
	});
});
