import { describe, expect, it } from 'vitest';
import { standardForecasters } from '../forecast/library';
import { seededRandom } from '../stats';
import { analyseSeries, regularise } from './analyse-series';
import { bandColumns } from './band-columns';
import { aggregate, forecastPlans } from './forecast-plan';
import { rollupRef } from './series-ref';
import { TrackedSeries } from './tracked-series';

const DAY = 86_400_000;
const STEP = 5 * 60_000;
const t0 = Date.UTC(2026, 0, 5);

describe('regular grid', () => {
	it('averages points that share a step and leaves empty steps as gaps', () => {
		const g = regularise([0, 60_000, 60_500, 240_000], [1, 2, 4, 5]);
		expect(g.stepMs).toBe(60_000);
		expect(g.values).toEqual([1, 3, NaN, NaN, 5]);
		const cut = regularise([0, 60_000, 120_000, 180_000], [1, 2, 3, 4], 2);
		expect(cut).toEqual({ startMs: 120_000, stepMs: 60_000, values: [3, 4], droppedPoints: 2 });
	});
});

describe('forecast plans', () => {
	it('forecasts the next hour at one minute and the next day at five minutes with a daily season', () => {
		expect(forecastPlans(10_000).map((p) => [p.horizon, p.factor, p.steps, p.periodSteps])).toEqual([
			['hour', 6, 60, 0],
			['day', 30, 288, 288]
		]);
		expect(forecastPlans(3_600_000).map((p) => p.horizon)).toEqual(['day']);
		// groups end at the newest value
		expect(aggregate([1, 2, 3, 4, 5], 2)).toEqual([2.5, 4.5]);
	});
});

describe('offline analysis of one series', () => {
	it('bands a ten-day daily series, finds the injected hour, labels its days and forecasts both horizons', async () => {
		const r = seededRandom(9);
		const timesMs: number[] = [];
		const values: number[] = [];
		const spikeFrom = t0 + 8 * DAY + 14 * 3_600_000;
		for (let t = t0; t < t0 + 10 * DAY; t += STEP) {
			const hour = ((t - t0) % DAY) / 3_600_000;
			const base = 100 + 60 * Math.sin((Math.PI * hour) / 24) ** 2;
			timesMs.push(t);
			values.push(base + (r() - 0.5) * 6 + (t >= spikeFrom && t < spikeFrom + 3_600_000 ? 120 : 0));
		}
		const a = await analyseSeries({ name: 'load', timesMs, values, forecasters: standardForecasters() });
		expect(a.stepMs).toBe(STEP);
		expect(a.values.length).toBe(values.length);
		const hit = a.anomalies.filter((e) => e.startMs <= spikeFrom + 15 * 60_000 && (e.endMs ?? Infinity) >= spikeFrom);
		expect(hit.length).toBe(1);
		// once the slots have seen a few days, the injected hour is the only anomaly
		expect(a.anomalies.filter((e) => e.startMs >= t0 + 3 * DAY).length).toBe(1);
		expect(a.patterns?.days.length).toBe(10);
		expect(a.patterns?.days[8].label).toBe('unusual');
		expect(a.patterns?.days.filter((d) => d.label === 'weekday').length).toBe(9);
		const [hour, day] = a.forecasts;
		expect(hour.status).toBe('done');
		expect(day.status).toBe('done');
		if (day.status !== 'done') return;
		expect(day.forecast.mean.length).toBe(288);
		expect(day.forecast.fromMs).toBe(timesMs[timesMs.length - 1] + STEP);
		// next-day noon as the shape says, within the interval
		const noon = 12 * 12;
		expect(day.forecast.mean[noon]).toBeGreaterThan(130);
		expect(day.forecast.lower[noon]).toBeLessThan(day.forecast.mean[noon]);
	});

	it('says how much history a forecast still needs', async () => {
		const timesMs = Array.from({ length: 30 }, (_, i) => t0 + i * 60_000);
		const a = await analyseSeries({ name: 'short', timesMs, values: timesMs.map(() => 1), forecasters: standardForecasters() });
		expect(a.forecasts[0]).toEqual({ status: 'needs-history', horizon: 'hour', haveMs: 30 * 60_000, needMs: 120 * 60_000 });
	});
});

describe('band columns from a saved baseline', () => {
	it('draws exactly the band the series is scored against', () => {
		const s = new TrackedSeries(rollupRef('latency.p95Ms', 'svc|a')!, { stepMs: 10_000 });
		for (let i = 0; i < 200; i++) s.observe(t0 + i * 10_000, 50 + (i % 7));
		const xsSec = [t0 / 1000 + 5000, t0 / 1000 - 1e9];
		const cols = bandColumns({ state: s.baseline.toState(), metric: 'latency.p95Ms', stepSec: 10, xsSec });
		const b = s.bandAt(xsSec[0] * 1000);
		expect(cols.expected[0]).toBeCloseTo(b.expected, 10);
		expect(cols.upper[0]).toBeCloseTo(b.expected + 3 * b.sd, 10);
		expect(cols.lower[0]).toBeCloseTo(Math.max(0, b.expected - 3 * b.sd), 10);
	});
});
