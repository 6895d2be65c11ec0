import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../protocol/records';
import { GaugeSeriesFold } from './gauge-series';

const t0 = 1_780_000_000_000;
const gauge = (name: string, resourceId: string, atMs: number, value: number): MetricPoint => ({
	resourceId, service: 'db', instance: 'h:1', name, unit: '1', type: 'gauge', timeUs: atMs * 1000, attrs: {}, value
});

describe('server gauges as columns', () => {
	it('averages the points of each bucket, leaves empty buckets null and keeps the newest value', () => {
		const fold = new GaugeSeriesFold(['db.server.connections'], { fromMs: t0, toMs: t0 + 30_000, stepMs: 10_000 });
		fold.add([
			gauge('db.server.connections', 'a', t0 + 1_000, 10),
			gauge('db.server.connections', 'a', t0 + 9_000, 20),
			gauge('db.server.connections', 'a', t0 + 25_000, 7),
			gauge('db.server.connections', 'b', t0 + 2_000, 3),
			gauge('db.server.other', 'a', t0 + 2_000, 99),
			gauge('db.server.connections', 'a', t0 + 40_000, 99)
		]);
		const frame = fold.frame();
		expect(frame.xsSec).toEqual([t0 / 1000, t0 / 1000 + 10, t0 / 1000 + 20]);
		expect(frame.series.map((s) => [s.resourceId, s.values, s.latest])).toEqual([
			['a', [15, null, 7], 7],
			['b', [3, null, null], 3]
		]);
	});

	it('counts points of series past its bound', () => {
		const fold = new GaugeSeriesFold(['g'], { fromMs: t0, toMs: t0 + 10_000, stepMs: 10_000 }, 1);
		fold.add([gauge('g', 'a', t0, 1), gauge('g', 'b', t0, 1)]);
		expect([fold.frame().series.length, fold.droppedPoints]).toEqual([1, 1]);
	});
});
