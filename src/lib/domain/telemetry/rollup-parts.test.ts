import { describe, expect, it } from 'vitest';
import { MetricRollup, metricSeriesKey } from './metric-rollup';
import { PendingRollups } from './pending-rollups';
import { SpanRollup } from './rollup';
import { joinMetricParts, joinPartRecords, metricNameOfKey, partsOfKeys, splitMetricRecord, splitWindowRecord } from './rollup-parts';
import { OVERALL_KEY, endpointKey, serviceKey } from './series-key';
import { randomSpans } from './test-spans';

describe('rollup parts', () => {
	it('splits window records by series kind and joins them back unchanged', () => {
		const rollup = new SpanRollup();
		rollup.addSpans(randomSpans({ count: 500, startMs: 1_700_000_000_000, seconds: 5, seed: 9 }));
		const pending = new PendingRollups();
		pending.add(rollup.takeDeltas());
		pending.addActive(1_700_000_000_500, OVERALL_KEY, 3);
		const records = pending.records().filter((r) => r.level === '1s');
		const parts = records.flatMap(splitWindowRecord);
		expect(new Set(parts.map((p) => p.part))).toEqual(new Set(['svc', 'ep', 'inst']));
		expect(parts.filter((p) => p.part === 'ep').every((p) => Object.keys(p.series).every((k) => k.startsWith('ep|')))).toBe(true);
		expect(joinPartRecords(parts)).toEqual(records);
		expect(partsOfKeys([OVERALL_KEY, serviceKey('a'), endpointKey('a', 'b')])).toEqual(['svc', 'ep']);
	});

	it('splits metric windows by metric name, names with separators included', () => {
		const rollup = new MetricRollup();
		const point = (name: string, value: number) => ({ resourceId: 'r', service: 's', instance: 'i', name, unit: '1', type: 'gauge' as const, timeUs: 1_700_000_000_000_000, attrs: {}, value });
		rollup.addPoints([point('heap', 1), point('odd|name%', 2), point('heap', 3)]);
		const pending = new PendingRollups();
		pending.addMetrics(rollup.takeDeltas());
		const records = pending.metricRecords();
		const parts = records.flatMap(splitMetricRecord);
		expect(parts.filter((p) => p.level === '1s').map((p) => p.name).sort()).toEqual(['heap', 'odd|name%']);
		expect(metricNameOfKey(metricSeriesKey('odd|name%', 'r', {}))).toBe('odd|name%');
		const order = (list: { level: string; startMs: number }[]) => [...list].sort((a, b) => a.level.localeCompare(b.level) || a.startMs - b.startMs);
		expect(order(joinMetricParts(parts))).toEqual(order(records));
	});
});
