import { describe, expect, it } from 'vitest';
import { parseMetricsCsv, parseTimestamp, splitCsvLine } from './import-csv';
import { parseOtlpFile } from './import-otlp';

describe('metrics CSV import', () => {
	it('reads a time column and value columns, with gaps, and reports bad rows by line', () => {
		const csv = ['value,timestamp,cpu', '1.5,2026-01-05 00:00:00,0.2', '2.5,2026-01-05 00:05:00,', 'x,2026-01-05 00:10:00,0.4', '4,not a time,0.5', '', '5,2026-01-05T00:20:00Z,0.6'].join('\n');
		const r = parseMetricsCsv(csv);
		expect(r.series.map((s) => s.name)).toEqual(['value', 'cpu']);
		const [value, cpu] = r.series;
		expect(value.timesMs).toEqual([0, 5, 10, 20].map((m) => Date.UTC(2026, 0, 5, 0, m)));
		expect(value.values).toEqual([1.5, 2.5, NaN, 5]);
		expect(cpu.values).toEqual([0.2, NaN, 0.4, 0.6]);
		expect(r.issues).toEqual([
			{ line: 4, code: 'bad-number', detail: 'value: "x" is not a number.' },
			{ line: 5, code: 'bad-time', detail: '"not a time" is not a time.' }
		]);
	});

	it('reads epoch seconds and milliseconds, zones, quotes and semicolons; sorts rows out of order', () => {
		expect(parseTimestamp('1700000000')).toBe(1_700_000_000_000);
		expect(parseTimestamp('1700000000123')).toBe(1_700_000_000_123);
		expect(parseTimestamp('2026-01-05T09:00:00+09:00')).toBe(Date.UTC(2026, 0, 5, 0, 0));
		expect(parseTimestamp('2026-02-30 00:00:00')).toBeNaN();
		expect(splitCsvLine('"a, b","say ""hi""",3', ',')).toEqual(['a, b', 'say "hi"', '3']);
		const r = parseMetricsCsv('ts;"load, total"\n120;2\n60;1\n');
		expect(r.series[0].name).toBe('load, total');
		expect(r.series[0].timesMs).toEqual([60_000, 120_000]);
		expect(r.series[0].values).toEqual([1, 2]);
		expect(r.issues.map((i) => i.code)).toEqual(['unordered']);
	});

	it('says what is wrong with an empty file or one without numbers, and bounds what it reads', () => {
		expect(parseMetricsCsv('  \n').issues[0].code).toBe('empty');
		expect(parseMetricsCsv('time\n1,2\n').issues[0].code).toBe('no-values');
		expect(parseMetricsCsv('time,a\n1,x\n').issues.map((i) => i.code)).toEqual(['bad-number', 'no-series']);
		const many = parseMetricsCsv('time,a\n' + Array.from({ length: 30 }, (_, i) => `${i + 1},${i}`).join('\n'), { maxRows: 10, maxIssues: 1 });
		expect(many.series[0].values.length).toBe(10);
		expect(many.issues).toEqual([{ line: 12, code: 'too-many-rows', detail: 'Only the first 10 rows are read.' }]);
	});
});

describe('OTLP JSON import', () => {
	const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] };
	it('turns gauges into values and cumulative counters into rates, leaving out a reset', () => {
		const point = (sec: number, value: number) => ({ timeUnixNano: String(sec * 1e9), startTimeUnixNano: '0', asDouble: value });
		const body = {
			resourceMetrics: [
				{
					resource,
					scopeMetrics: [
						{
							metrics: [
								{ name: 'queue.depth', gauge: { dataPoints: [point(60, 3), point(120, 5)] } },
								{ name: 'orders', sum: { isMonotonic: true, aggregationTemporality: 2, dataPoints: [point(60, 100), point(120, 160), point(180, 10), point(240, 70)] } }
							]
						}
					]
				}
			]
		};
		const r = parseOtlpFile(JSON.stringify(body), { nowMs: 0 });
		expect(r.issues).toEqual([]);
		const byName = Object.fromEntries(r.series.map((s) => [s.name, s]));
		expect(byName['queue.depth · checkout'].values).toEqual([3, 5]);
		expect(byName['orders · checkout'].timesMs).toEqual([120_000, 240_000]);
		expect(byName['orders · checkout'].values).toEqual([1, 1]);
	});

	it('turns spans into per-service rate, p95 and error series per minute', () => {
		const span = (i: number, endSec: number, ms: number, error = false) => ({
			traceId: '0af7651916cd43dd8448eb211c80319c',
			spanId: (i + 1).toString(16).padStart(16, '0'),
			name: 'GET /',
			kind: 2,
			startTimeUnixNano: String(endSec * 1e9 - ms * 1e6),
			endTimeUnixNano: String(endSec * 1e9),
			status: error ? { code: 2 } : {}
		});
		const spans = [span(0, 10, 100), span(1, 20, 200, true), span(2, 150, 50)];
		const r = parseOtlpFile(JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ spans }] }] }), { nowMs: 0 });
		expect(r.format).toBe('otlp-traces');
		const byName = Object.fromEntries(r.series.map((s) => [s.name, s.values]));
		// windows 0, 60 (empty) and 120 s
		expect(byName['checkout · requests per second']).toEqual([2 / 60, 0, 1 / 60]);
		expect(byName['checkout · error ratio']).toEqual([0.5, NaN, 0]);
		expect(byName['checkout · p95 latency (ms)'][2]).toBe(50);
	});

	it('refuses what is not OTLP with a reason', () => {
		expect(parseOtlpFile('{"hello": 1}', { nowMs: 0 }).issues[0].code).toBe('not-otlp');
		expect(parseOtlpFile('{', { nowMs: 0 }).issues[0].code).toBe('bad-json');
		expect(parseOtlpFile(JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 7 }] }] }] }), { nowMs: 0 }).issues[0].code).toBe('not-otlp');
	});
});
