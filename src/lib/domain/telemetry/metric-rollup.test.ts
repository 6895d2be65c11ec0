import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../protocol/records';
import { ActiveTracker, activeHoldMs } from './active';
import { MetricRollup, coarsenMetricWindows, metricSeriesKey } from './metric-rollup';
import { histogramQuantile, mergeMetricRecord, metricQuantile } from './metric-stats';
import { PendingRollups } from './pending-rollups';

const t0Ms = 1_700_000_000_000;

function point(fields: Partial<MetricPoint>): MetricPoint {
	return {
		resourceId: 'r1',
		service: 'loans',
		instance: 'loans-0',
		name: 'requests',
		unit: '1',
		type: 'sum',
		temporality: 'cumulative',
		monotonic: true,
		timeUs: t0Ms * 1000,
		attrs: {},
		...fields
	};
}

const key = metricSeriesKey('requests', 'r1', {});

describe('MetricRollup', () => {
	it('turns a cumulative counter into increases, detecting resets', () => {
		const rollup = new MetricRollup();
		const values = [100, 130, 190, 20, 50];
		rollup.addPoints(values.map((value, i) => point({ value, timeUs: (t0Ms + i * 1000) * 1000, startUs: 0 })));
		const windows = rollup.takeDeltas();
		const increases = [...windows.keys()].sort().map((start) => windows.get(start)!.get(key)!.increase);
		// first point is the baseline; 190 -> 20 is a reset, so 20 counts in full
		expect(increases).toEqual([0, 30, 60, 20, 30]);
		expect(windows.get(t0Ms + 3000)!.get(key)!.resets).toBe(1);
	});

	it('treats a changed start time as a reset even when the value grew', () => {
		const rollup = new MetricRollup();
		rollup.addPoints([
			point({ value: 10, startUs: 1, timeUs: t0Ms * 1000 }),
			point({ value: 15, startUs: 2, timeUs: (t0Ms + 1000) * 1000 })
		]);
		const w = rollup.takeDeltas().get(t0Ms + 1000)!.get(key)!;
		expect(w.increase).toBe(15);
		expect(w.resets).toBe(1);
	});

	it('adds delta sums and ignores out-of-order cumulative points', () => {
		const rollup = new MetricRollup();
		rollup.addPoints([
			point({ value: 5, temporality: 'delta' }),
			point({ value: 7, temporality: 'delta', timeUs: (t0Ms + 200) * 1000 })
		]);
		expect(rollup.takeDeltas().get(t0Ms)!.get(key)!.increase).toBe(12);
		const cumulative = new MetricRollup();
		cumulative.addPoints([
			point({ value: 50, timeUs: (t0Ms + 2000) * 1000 }),
			point({ value: 40, timeUs: (t0Ms + 1000) * 1000 }),
			point({ value: 70, timeUs: (t0Ms + 3000) * 1000 })
		]);
		const w = cumulative.takeDeltas();
		expect(w.get(t0Ms + 1000)!.get(key)!.increase).toBe(0);
		expect(w.get(t0Ms + 3000)!.get(key)!.increase).toBe(20);
	});

	it('keeps last/min/max/mean of gauges, merged into coarser windows like recomputation', () => {
		const rollup = new MetricRollup();
		const values = [3, 9, 1, 4, 7, 2];
		rollup.addPoints(
			values.map((value, i) => point({ type: 'gauge', name: 'heap', value, timeUs: (t0Ms + i * 1500) * 1000 }))
		);
		const minute = coarsenMetricWindows(rollup.takeDeltas(), 60_000);
		const stats = minute.get(Math.floor(t0Ms / 60_000) * 60_000)!.get(metricSeriesKey('heap', 'r1', {}))!;
		expect(stats).toMatchObject({ kind: 'gauge', points: 6, min: 1, max: 9, sum: 26, last: 2 });
	});

	it('differences cumulative histograms bucket by bucket', () => {
		const rollup = new MetricRollup();
		const h = (count: number, buckets: number[], sec: number) =>
			point({ type: 'histogram', name: 'lat', count, sum: count * 10, bounds: [5, 10, 50], bucketCounts: buckets, timeUs: (t0Ms + sec * 1000) * 1000 });
		rollup.addPoints([h(10, [2, 3, 4, 1], 0), h(16, [3, 5, 6, 2], 1)]);
		const stats = rollup.takeDeltas().get(t0Ms + 1000)!.get(metricSeriesKey('lat', 'r1', {}))!;
		expect(stats.count).toBe(6);
		expect(stats.bucketCounts).toEqual([1, 2, 2, 1]);
	});

	it('splits series by chosen attributes only, and bounds the series count', () => {
		const rollup = new MetricRollup({ maxSeries: 2 });
		rollup.addPoints([
			point({ type: 'gauge', name: 'cpu', value: 1, attrs: { 'cpu.mode': 'user', 'host.arch': 'x' } }),
			point({ type: 'gauge', name: 'cpu', value: 2, attrs: { 'cpu.mode': 'user', 'host.arch': 'y' } }),
			point({ type: 'gauge', name: 'cpu', value: 3, attrs: { 'cpu.mode': 'system' } }),
			point({ type: 'gauge', name: 'cpu', value: 4, attrs: { 'cpu.mode': 'idle' } })
		]);
		const window = rollup.takeDeltas().get(t0Ms)!;
		expect(window.get(metricSeriesKey('cpu', 'r1', { 'cpu.mode': 'user' }))!.points).toBe(2);
		expect(window.size).toBe(2);
		expect(rollup.refusedSeries).toBe(1);
		expect(rollup.takeDescriptors().map((d) => d.attrs)).toEqual([{ 'cpu.mode': 'user' }, { 'cpu.mode': 'system' }]);
	});

	it('folds exponential histograms into a sketch whose quantiles land in the right bucket', () => {
		const rollup = new MetricRollup();
		// scale 0: bucket i covers (2^i, 2^(i+1)]; 90 values in (8,16], 10 in (64,128]
		const counts = new Array(7).fill(0);
		counts[3] = 90;
		counts[6] = 10;
		rollup.addPoints([point({ type: 'exponentialHistogram', temporality: 'delta', name: 'x', count: 100, scale: 0, positive: { offset: 0, bucketCounts: counts } })]);
		const stats = rollup.takeDeltas().get(t0Ms)!.get(metricSeriesKey('x', 'r1', {}))!;
		expect(metricQuantile(stats, 0.5)!).toBeGreaterThan(8);
		expect(metricQuantile(stats, 0.5)!).toBeLessThanOrEqual(16);
		expect(metricQuantile(stats, 0.99)!).toBeGreaterThan(64);
	});

	it('merges stored metric windows with late deltas', () => {
		const pending = new PendingRollups();
		const a = new MetricRollup();
		a.addPoints([point({ temporality: 'delta', value: 3 })]);
		pending.addMetrics(a.takeDeltas());
		const stored = pending.metricRecords().find((r) => r.level === '1h')!;
		pending.clear();
		a.addPoints([point({ temporality: 'delta', value: 4, timeUs: (t0Ms + 5) * 1000 })]);
		pending.addMetrics(a.takeDeltas());
		const delta = pending.metricRecords().find((r) => r.level === '1h')!;
		expect(mergeMetricRecord(stored, delta).series[key].increase).toBe(7);
	});
});

describe('histogramQuantile', () => {
	it('interpolates inside the bucket holding the rank', () => {
		// 10 in (0,10], 10 in (10,20]
		expect(histogramQuantile([10, 20], [10, 10, 0], 0.5)).toBeCloseTo(10);
		expect(histogramQuantile([10, 20], [10, 10, 0], 0.75)).toBeCloseTo(15);
		expect(histogramQuantile([10, 20], [0, 0, 0], 0.5)).toBeNull();
	});
});

describe('ActiveTracker', () => {
	it('sums the latest value of each series per service while held', () => {
		const tracker = new ActiveTracker();
		const active = (resourceId: string, service: string, value: number, ms: number) =>
			point({ name: 'http.server.active_requests', type: 'sum', monotonic: false, resourceId, service, value, timeUs: ms * 1000 });
		tracker.observe([active('a', 'loans', 3, t0Ms), active('b', 'loans', 4, t0Ms), active('c', 'auth', 2, t0Ms), active('a', 'loans', 5, t0Ms + 10)]);
		const sample = tracker.sampleAt(t0Ms + 1000)!;
		expect(sample.overall).toBe(11);
		expect(sample.services.get('loans')).toBe(9);
		expect(tracker.sampleAt(t0Ms + activeHoldMs + 100)).toBeUndefined();
	});
});
