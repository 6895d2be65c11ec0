import { describe, expect, it } from 'vitest';
import { buildSeriesFrame, frameStartsMs, summarise, summaryLevel } from './frames';
import { buildMetricFrame } from './metric-frame';
import { MetricRollup } from './metric-rollup';
import { PendingRollups } from './pending-rollups';
import { SpanRollup } from './rollup';
import { OVERALL_KEY, serviceKey } from './series-key';
import { makeSpan } from './test-spans';

const t0 = 1_700_000_040_000; // a 1 min boundary

function storedRecords(spans: ReturnType<typeof makeSpan>[]) {
	const rollup = new SpanRollup();
	rollup.addSpans(spans);
	const pending = new PendingRollups();
	pending.add(rollup.takeDeltas());
	return pending.records();
}

describe('buildSeriesFrame', () => {
	const spans = [
		makeSpan({ service: 'a', endMs: t0 + 500, durationMs: 10 }),
		makeSpan({ service: 'a', endMs: t0 + 700, durationMs: 30, error: true }),
		makeSpan({ service: 'b', endMs: t0 + 3_200, durationMs: 20 })
	];
	const records = storedRecords(spans);

	it('gives uPlot-ready columns: seconds on x, zeros for quiet windows, nulls before data', () => {
		const frame = buildSeriesFrame({
			level: '1s',
			fromMs: t0 - 2_000,
			toMs: t0 + 5_000,
			keys: [OVERALL_KEY, serviceKey('a')],
			records,
			gaps: [],
			collectedFromMs: t0,
			nowMs: t0 + 4_000
		});
		expect(frame.xsSec).toEqual([-2, -1, 0, 1, 2, 3, 4].map((d) => t0 / 1000 + d));
		const overall = frame.series[OVERALL_KEY];
		expect(overall.tps).toEqual([null, null, 2, 0, 0, 1, 0]);
		expect(overall.errorRate[2]).toBe(0.5);
		expect(overall.meanMs[2]).toBeCloseTo(20);
		expect(overall.p99Ms[2]).toBeCloseTo(30, 0);
		expect(overall.meanMs[3]).toBeNull();
		// Little's law: 2 tps x 0.02 s
		expect(overall.active[2]).toBeCloseTo(0.04);
		expect(overall.activeEstimated[2]).toBe(true);
		expect(frame.series[serviceKey('a')].count).toEqual([null, null, 2, 0, 0, 0, 0]);
	});

	it('marks windows inside a recorded gap as not collected', () => {
		const frame = buildSeriesFrame({
			level: '1s',
			fromMs: t0,
			toMs: t0 + 4_000,
			keys: [OVERALL_KEY],
			records,
			gaps: [{ epoch: 'e', fromSeq: 3, toSeq: 9, fromMs: t0 + 1_100, toMs: t0 + 2_500, reason: 'relay-evicted', recordedMs: t0 }],
			collectedFromMs: t0,
			nowMs: t0 + 10_000
		});
		expect(frame.series[OVERALL_KEY].tps).toEqual([2, null, null, 1]);
	});

	it('refuses frames with too many windows', () => {
		expect(() => frameStartsMs('1s', 0, 30 * 86_400_000)).toThrow(/coarser level/);
	});

	it('uses measured in-flight counts where recorded', () => {
		const pending = new PendingRollups();
		pending.addActive(t0 + 100, OVERALL_KEY, 7);
		const frame = buildSeriesFrame({
			level: '1s', fromMs: t0, toMs: t0 + 1_000, keys: [OVERALL_KEY],
			records: [...records.filter((r) => r.level !== '1s' || r.startMs !== t0), ...pending.records().filter((r) => r.level === '1s').map((r) => ({ ...r, series: records.find((x) => x.level === '1s' && x.startMs === t0)!.series }))],
			gaps: [], collectedFromMs: t0, nowMs: t0 + 5_000
		});
		expect(frame.series[OVERALL_KEY].active[0]).toBe(7);
		expect(frame.series[OVERALL_KEY].activeEstimated[0]).toBe(false);
	});
});

describe('summarise', () => {
	it('merges windows per service over the range and sorts by volume', () => {
		const spans = [
			...Array.from({ length: 30 }, (_, i) => makeSpan({ service: 'a', endMs: t0 + i * 1000, durationMs: i + 1 })),
			...Array.from({ length: 10 }, (_, i) => makeSpan({ service: 'b', endMs: t0 + i * 1000, durationMs: 5, error: i < 2 }))
		];
		const rows = summarise(storedRecords(spans).filter((r) => r.level === '1s'), { kind: 'service', fromMs: t0, toMs: t0 + 60_000 });
		expect(rows.map((r) => [r.service, r.count, r.errors])).toEqual([['a', 30, 0], ['b', 10, 2]]);
		expect(rows[0].tps).toBeCloseTo(0.5);
		expect(rows[0].p50Ms).toBeCloseTo(15, -0.5);
		expect(rows[0].maxMs).toBe(30);
		expect(rows[1].errorRate).toBe(0.2);
		expect(summaryLevel(t0, t0 + 60_000)).toBe('1m');
		expect(summaryLevel(t0 + 1_000, t0 + 60_000)).toBe('1s');
	});
});

describe('buildMetricFrame', () => {
	it('shows counter rates per second and leaves windows without points null', () => {
		const rollup = new MetricRollup();
		rollup.addPoints([0, 10, 20].map((sec, i) => ({
			resourceId: 'r', service: 's', instance: 'i', name: 'c', unit: '1', type: 'sum' as const,
			temporality: 'cumulative' as const, monotonic: true, timeUs: (t0 + sec * 1000) * 1000, attrs: {}, value: i * 50
		})));
		const pending = new PendingRollups();
		pending.addMetrics(rollup.takeDeltas());
		const frame = buildMetricFrame({ level: '10s', fromMs: t0, toMs: t0 + 30_000, records: pending.metricRecords(), descriptors: rollup.takeDescriptors() });
		expect(frame.series[0].columns.ratePerSec).toEqual([0, 5, 5]);
		const sparse = buildMetricFrame({ level: '1s', fromMs: t0, toMs: t0 + 3_000, records: pending.metricRecords(), descriptors: frame.series.map((s) => s.descriptor) });
		expect(sparse.series[0].columns.ratePerSec).toEqual([0, null, null]);
	});
});
