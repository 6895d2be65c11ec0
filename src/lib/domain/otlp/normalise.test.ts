import { beforeAll, describe, expect, it } from 'vitest';
import { makeOfficialPayloads, resourceAttributes, type OfficialPayloads } from '../../../../test/fixtures/otlp/official';
import { decodeLogsRequest } from './proto-logs';
import { decodeMetricsRequest } from './proto-metrics';
import { decodeTraceRequest } from './proto-traces';
import { describeRejections } from './normalise-common';
import { normaliseLogs } from './normalise-logs';
import { normaliseMetrics } from './normalise-metrics';
import { normaliseTraces } from './normalise-traces';
import { fnv1a64, resourceId } from './resource-id';
import type { ExportTraceServiceRequest, KeyValue, OtlpSpan } from './types';

let official: OfficialPayloads;
beforeAll(async () => {
	official = await makeOfficialPayloads();
});

const nowMs = Date.UTC(2024, 2, 1, 13);
const baseNs = 1_709_294_400_000_000_000;
const str = (key: string, value: string): KeyValue => ({ key, value: { stringValue: value } });

function span(overrides: Partial<OtlpSpan> = {}): OtlpSpan {
	return {
		traceId: '0af7651916cd43dd8448eb211c80319c',
		spanId: 'b7ad6b7169203331',
		name: 'GET /accounts',
		kind: 2,
		startTimeUnixNano: baseNs,
		endTimeUnixNano: baseNs + 1_500_000,
		...overrides
	};
}

function traces(spans: OtlpSpan[], resource: KeyValue[] = [str('service.name', 'deposit-service')]): ExportTraceServiceRequest {
	return { resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ scope: { name: 'http' }, spans }] }] };
}

describe('span normalisation', () => {
	it('turns the official export into span records with microsecond times and service fields', () => {
		const result = normaliseTraces(decodeTraceRequest(official.traces.protobuf), { nowMs });
		expect(result.rejected.spans).toBe(0);
		expect(result.resources).toHaveLength(1);
		const resource = result.resources[0];
		expect(resource).toMatchObject({
			service: 'loan-service',
			namespace: 'lending',
			instance: 'loan-service-7d9f-abc12'
		});
		expect(resource.id).toMatch(/^[0-9a-f]{16}$/);
		// semantic-convention and custom business keys kept, the command line dropped
		expect(Object.keys(resource.attrs).sort()).toEqual(
			Object.keys(resourceAttributes).filter((k) => k !== 'process.command_line').sort()
		);
		const root = result.spans.find((s) => s.parentSpanId === '')!;
		expect(root).toMatchObject({
			name: 'POST /loans/apply',
			kind: 2,
			status: 1,
			startUs: baseNs / 1000,
			durationUs: 120_000,
			service: 'loan-service',
			instance: 'loan-service-7d9f-abc12',
			resourceId: resource.id,
			scope: 'meridian-fixtures'
		});
		expect(root.attrs).toEqual({
			'http.request.method': 'POST',
			'http.route': '/loans/apply',
			'http.response.status_code': 200,
			'url.path': '/loans/apply',
			'server.address': 'api.bank.example',
			'biz.amount_krw': 35_000_000,
			'biz.product': 'mortgage',
			'biz.channel': 'mobile',
			'customer.segment': 'premium',
			'feature.flags': ['fast-track', 'new-scoring'],
			'retry.counts': [1, 2, 3],
			approved: true,
			'score.ratio': 0.875
		});
		expect(result.truncated.attributes).toBe(2); // the authorization header and the command line
		const db = result.spans.find((s) => s.kind === 3)!;
		expect(db).toMatchObject({ status: 2, statusMessage: 'lock wait timeout', durationUs: 37_000, parentSpanId: root.spanId });
		expect(db.events).toEqual([
			{
				timeUs: baseNs / 1000 + 20_000,
				name: 'exception',
				attrs: { 'exception.type': 'TimeoutError', 'exception.message': 'lock wait' }
			}
		]);
		const producer = result.spans.find((s) => s.kind === 4)!;
		expect(producer.links).toEqual([{ traceId: db.traceId, spanId: db.spanId, attrs: { 'link.reason': 'follows' } }]);
	});

	it('rejects only the invalid spans and says why', () => {
		const request = traces([
			span(),
			span({ spanId: 'b7ad6b716920333' }),
			span({ traceId: '00000000000000000000000000000000' }),
			span({ endTimeUnixNano: baseNs - 1000 }),
			span({ startTimeUnixNano: 0 }),
			span({ parentSpanId: 'xyz' }),
			span({ parentSpanId: '0000000000000000', spanId: 'c7ad6b7169203331' })
		]);
		const result = normaliseTraces(request, { nowMs });
		expect(result.spans.map((s) => s.spanId)).toEqual(['b7ad6b7169203331', 'c7ad6b7169203331']);
		expect(result.spans[1].parentSpanId).toBe('');
		expect(result.rejected.spans).toBe(5);
		expect(result.reasons.map((r) => r.reason)).toEqual([
			'invalid spanId (expected 16 hex digits, not all zero)',
			'invalid traceId (expected 32 hex digits, not all zero)',
			'endTimeUnixNano before startTimeUnixNano',
			'missing startTimeUnixNano',
			'invalid parentSpanId (expected 16 hex digits or empty)'
		]);
		expect(describeRejections(result)).toContain('1 × endTimeUnixNano before startTimeUnixNano');
	});

	it('maps unknown kinds and status codes to unspecified and unset', () => {
		const result = normaliseTraces(traces([span({ kind: 9, status: { code: 7 } })]), { nowMs });
		expect(result.spans[0]).toMatchObject({ kind: 0, status: 0 });
	});

	it('bounds string lengths, array sizes and attribute counts, counting what it cut', () => {
		const attributes: KeyValue[] = [str('long', 'x'.repeat(5000))];
		attributes.push({ key: 'big.array', value: { arrayValue: { values: Array.from({ length: 200 }, (_, i) => ({ intValue: i })) } } });
		for (let i = 0; i < 150; i++) attributes.push(str(`custom.${i}`, 'v'));
		attributes.push(str('biz.product', 'loan'), str('http.route', '/late'));
		const result = normaliseTraces(traces([span({ attributes })]), { nowMs });
		const attrs = result.spans[0].attrs;
		expect(Object.keys(attrs)).toHaveLength(128);
		// priority keys survive even though they came last
		expect(attrs['biz.product']).toBe('loan');
		expect(attrs['http.route']).toBe('/late');
		expect((attrs['long'] as string).length).toBe(4096);
		expect(attrs['big.array']).toHaveLength(128);
		expect(result.truncated.values).toBe(2);
		// 154 attributes offered, 128 kept
		expect(result.truncated.attributes).toBe(154 - 128);
	});

	it('flattens key-value lists, mixed arrays and bytes to text', () => {
		const attributes: KeyValue[] = [
			{ key: 'kv', value: { kvlistValue: { values: [str('a', '1'), { key: 'b', value: { intValue: '2' } }] } } },
			{ key: 'mixed', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 1 }] } } },
			{ key: 'raw', value: { bytesValue: 'AAEC' } },
			{ key: 'nan', value: { doubleValue: NaN } },
			{ key: 'empty' }
		];
		const result = normaliseTraces(traces([span({ attributes })]), { nowMs });
		expect(result.spans[0].attrs).toEqual({ kv: '{"a":"1","b":2}', mixed: '["a",1]', raw: 'AAEC', nan: 'NaN' });
	});

	it('gives the same resource id to the same attributes in any order, and another to others', () => {
		const a = normaliseTraces(traces([span()], [str('service.name', 'x'), str('host.name', 'h1')]), { nowMs });
		const b = normaliseTraces(traces([span()], [str('host.name', 'h1'), str('service.name', 'x')]), { nowMs });
		const c = normaliseTraces(traces([span()], [str('host.name', 'h2'), str('service.name', 'x')]), { nowMs });
		expect(a.resources[0].id).toBe(b.resources[0].id);
		expect(a.resources[0].id).not.toBe(c.resources[0].id);
		expect(a.resources[0].instance).toBe('h1');
		expect(resourceId({})).toBe(fnv1a64(''));
	});

	it('computes FNV-1a 64 test vectors', () => {
		expect(fnv1a64('')).toBe('cbf29ce484222325');
		expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
		expect(fnv1a64('foobar')).toBe('85944171f73967e8');
	});
});

describe('metric normalisation', () => {
	it('turns each data point into a metric point with its type, unit and temporality', () => {
		const result = normaliseMetrics(decodeMetricsRequest(official.metrics.protobuf), { nowMs });
		expect(result.rejected.metricPoints).toBe(0);
		const byName = (name: string) => result.metrics.filter((m) => m.name === name);
		const requests = byName('http.server.requests');
		expect(requests.map((p) => p.value).sort()).toEqual([2, 5]);
		expect(requests[0]).toMatchObject({ type: 'sum', unit: '{request}', temporality: 'cumulative', monotonic: true, service: 'loan-service' });
		expect(requests.map((p) => p.attrs['http.route']).sort()).toEqual(['/accounts', '/loans/apply']);
		const [histogram] = byName('http.server.request.duration');
		expect(histogram).toMatchObject({
			type: 'histogram',
			unit: 's',
			count: 6,
			sum: 2.85,
			min: 0.003,
			max: 2.5,
			bounds: [0.005, 0.01, 0.05, 0.1, 0.5, 1],
			bucketCounts: [1, 1, 2, 0, 1, 0, 1]
		});
		expect(byName('http.server.active_requests')[0]).toMatchObject({ type: 'sum', monotonic: false, value: 2 });
		expect(byName('process.runtime.memory')[0]).toMatchObject({ type: 'gauge', unit: 'By', value: 123_456_789 });
		for (const p of result.metrics) expect(p.timeUs).toBeGreaterThan(p.startUs! - 1);
	});

	it('rejects malformed points and keeps the rest', () => {
		const t = baseNs;
		const result = normaliseMetrics(
			{
				resourceMetrics: [
					{
						scopeMetrics: [
							{
								metrics: [
									{ name: 'ok', gauge: { dataPoints: [{ timeUnixNano: t, asInt: '7' }, { timeUnixNano: 0, asDouble: 1 }, { timeUnixNano: t }] } },
									{ name: '', gauge: { dataPoints: [{ timeUnixNano: t, asDouble: 1 }] } },
									{
										name: 'h',
										histogram: {
											aggregationTemporality: 1,
											dataPoints: [
												{ timeUnixNano: t, count: 3, bucketCounts: [1, 2], explicitBounds: [1, 2] },
												{ timeUnixNano: t, count: 3, bucketCounts: [1, 2], explicitBounds: [1] }
											]
										}
									},
									{ name: 'stale', gauge: { dataPoints: [{ timeUnixNano: t, flags: 1 }] } },
									{
										name: 'e',
										exponentialHistogram: {
											aggregationTemporality: 2,
											dataPoints: [{ timeUnixNano: t, count: 4, scale: 3, zeroCount: 1, positive: { offset: -2, bucketCounts: [1, 2] } }]
										}
									},
									{ name: 's', summary: { dataPoints: [{ timeUnixNano: t, count: 2, sum: 3, quantileValues: [{ quantile: 0.5, value: 1 }, { quantile: 1, value: 2 }] }] } }
								]
							}
						]
					}
				]
			},
			{ nowMs }
		);
		expect(result.metrics.map((m) => m.name)).toEqual(['ok', 'h', 'e', 's']);
		expect(result.metrics[0].value).toBe(7);
		expect(result.metrics[1]).toMatchObject({ temporality: 'delta', bounds: [1], bucketCounts: [1, 2] });
		expect(result.metrics[2]).toMatchObject({ scale: 3, zeroCount: 1, positive: { offset: -2, bucketCounts: [1, 2] } });
		expect(result.metrics[3].quantiles).toEqual([{ q: 0.5, value: 1 }, { q: 1, value: 2 }]);
		expect(result.rejected.metricPoints).toBe(4);
		expect(result.reasons.map((r) => r.reason).sort()).toEqual([
			'data point without timeUnixNano',
			'histogram bucketCounts length is not explicitBounds length + 1',
			'metric without a name',
			'number data point without a value'
		]);
	});
});

describe('log normalisation', () => {
	it('turns the official export into log records tied to their traces', () => {
		const result = normaliseLogs(decodeLogsRequest(official.logs.protobuf), { nowMs });
		expect(result.logs).toHaveLength(2);
		expect(result.logs[0]).toMatchObject({
			timeUs: baseNs / 1000 + 7000,
			severity: 13,
			severityText: 'WARN',
			body: 'credit bureau slow: 1.2 s',
			traceId: '5b8efff798038103d269b633813fc60c',
			spanId: 'eee19b7ec3c1b174',
			service: 'loan-service',
			attrs: { 'biz.product': 'mortgage', 'code.function.name': 'scoreApplicant' }
		});
		expect(JSON.parse(result.logs[1].body)).toEqual({ event: 'loan.approved', amountKrw: 35_000_000 });
		expect(result.logs[1].traceId).toBe('');
	});

	it('stamps records without any time with the relay clock and rejects bad trace ids', () => {
		const result = normaliseLogs(
			{
				resourceLogs: [
					{
						scopeLogs: [
							{
								logRecords: [
									{ body: { stringValue: 'no time' }, severityNumber: 99 },
									{ body: { stringValue: 'bad id' }, traceId: 'abc' },
									{ observedTimeUnixNano: '1709294400000001000', body: { boolValue: true } }
								]
							}
						]
					}
				]
			},
			{ nowMs }
		);
		expect(result.logs.map((l) => [l.timeUs, l.body, l.severity])).toEqual([
			[nowMs * 1000, 'no time', 0],
			[baseNs / 1000 + 1, 'true', 0]
		]);
		expect(result.rejected.logRecords).toBe(1);
	});
});
