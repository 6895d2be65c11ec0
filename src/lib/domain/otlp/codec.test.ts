import { beforeAll, describe, expect, it } from 'vitest';
import { makeOfficialPayloads, type OfficialPayloads } from '../../../../test/fixtures/otlp/official';
import { OtlpDecodeError } from './errors';
import { decodeOtlp, encodeOtlpProtobuf, normaliseOtlp } from './index';
import { parseOtlpJson } from './json';
import { decodeLogsRequest } from './proto-logs';
import { decodeMetricsRequest } from './proto-metrics';
import { decodeTraceRequest, encodeTraceRequest } from './proto-traces';
import { ProtoWriter } from './protobuf-writer';
import type { OtlpSignal } from './types';

let official: OfficialPayloads;
beforeAll(async () => {
	official = await makeOfficialPayloads();
});

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const hrToNanos = ([s, ns]: [number, number]) => BigInt(s) * 1_000_000_000n + BigInt(ns);
const options = { nowMs: Date.UTC(2024, 2, 1, 13) };

describe('decoding payloads from the official OpenTelemetry JS exporters', () => {
	it('reads every span of the protobuf trace export with ids, times, kinds and attributes', () => {
		const request = decodeTraceRequest(official.traces.protobuf);
		const spans = request.resourceSpans!.flatMap((rs) => rs.scopeSpans!.flatMap((ss) => ss.spans!));
		expect(spans).toHaveLength(official.spans.length);
		for (const sdkSpan of official.spans) {
			const span = spans.find((s) => s.spanId === sdkSpan.spanContext().spanId)!;
			expect(span).toBeDefined();
			expect(span.traceId).toBe(sdkSpan.spanContext().traceId);
			expect(span.parentSpanId).toBe(sdkSpan.parentSpanContext?.spanId ?? '');
			expect(span.name).toBe(sdkSpan.name);
			expect(span.kind).toBe(sdkSpan.kind + 1); // API SpanKind is 0-based, OTLP 1-based
			// nanos travel as float64: the nearest double to the exact time
			expect(span.startTimeUnixNano).toBe(Number(hrToNanos(sdkSpan.startTime)));
			expect(span.attributes!.map((kv) => kv.key)).toEqual(Object.keys(sdkSpan.attributes));
			expect(span.status?.code ?? 0).toBe(sdkSpan.status.code);
		}
		const scope = request.resourceSpans![0].scopeSpans![0].scope!;
		expect(scope).toMatchObject({ name: 'meridian-fixtures', version: '0.1.0' });
		const db = spans.find((s) => s.name === 'SELECT loans.applications')!;
		expect(db.events![0].name).toBe('exception');
		expect(db.status).toEqual({ code: 2, message: 'lock wait timeout' });
		const producer = spans.find((s) => s.kind === 4)!;
		expect(producer.links![0].spanId).toBe(db.spanId);
		const root = spans.find((s) => s.parentSpanId === '')!;
		const amount = root.attributes!.find((kv) => kv.key === 'biz.amount_krw')!;
		expect(amount.value).toEqual({ intValue: 35_000_000 });
		const flags = root.attributes!.find((kv) => kv.key === 'feature.flags')!;
		expect(flags.value).toEqual({ arrayValue: { values: [{ stringValue: 'fast-track' }, { stringValue: 'new-scoring' }] } });
	});

	for (const signal of ['traces', 'metrics', 'logs'] as OtlpSignal[]) {
		it(`normalises the protobuf and JSON ${signal} exports to identical records`, () => {
			const fromProto = normaliseOtlp(signal, decodeOtlp(signal, official[signal].protobuf, 'protobuf'), options);
			const fromJson = normaliseOtlp(signal, parseOtlpJson(signal, text(official[signal].json)), options);
			expect(fromProto).toEqual(fromJson);
			const items = fromProto.spans.length + fromProto.metrics.length + fromProto.logs.length;
			expect(items).toBeGreaterThan(1);
		});

		it(`re-encodes decoded ${signal} to protobuf that decodes to the same model`, () => {
			const model = decodeOtlp(signal, official[signal].protobuf, 'protobuf');
			const again = decodeOtlp(signal, encodeOtlpProtobuf(signal, model), 'protobuf');
			expect(normaliseOtlp(signal, again, options)).toEqual(normaliseOtlp(signal, model, options));
		});

		it(`encodes the JSON ${signal} model to protobuf losslessly`, () => {
			const model = parseOtlpJson(signal, text(official[signal].json));
			const viaProto = decodeOtlp(signal, encodeOtlpProtobuf(signal, model), 'protobuf');
			expect(normaliseOtlp(signal, viaProto, options)).toEqual(normaliseOtlp(signal, model, options));
		});
	}

	it('reads the histogram, sum and gauge points of the metrics export', () => {
		const request = decodeMetricsRequest(official.metrics.protobuf);
		const metrics = request.resourceMetrics![0].scopeMetrics![0].metrics!;
		const histogram = metrics.find((m) => m.name === 'http.server.request.duration')!.histogram!;
		expect(histogram.aggregationTemporality).toBe(2);
		expect(histogram.dataPoints![0]).toMatchObject({
			count: 6,
			explicitBounds: [0.005, 0.01, 0.05, 0.1, 0.5, 1],
			bucketCounts: [1, 1, 2, 0, 1, 0, 1],
			min: 0.003,
			max: 2.5
		});
		const counter = metrics.find((m) => m.name === 'http.server.requests')!.sum!;
		expect(counter.isMonotonic).toBe(true);
		expect(counter.dataPoints!.map((p) => p.asDouble).sort()).toEqual([2, 5]);
		const gauge = metrics.find((m) => m.name === 'process.runtime.memory')!.gauge!;
		expect(gauge.dataPoints![0].asDouble).toBe(123_456_789);
	});

	it('reads log bodies, severities and trace context of the logs export', () => {
		const request = decodeLogsRequest(official.logs.protobuf);
		const logs = request.resourceLogs![0].scopeLogs![0].logRecords!;
		expect(logs[0]).toMatchObject({
			severityNumber: 13,
			severityText: 'WARN',
			body: { stringValue: 'credit bureau slow: 1.2 s' },
			traceId: '5b8efff798038103d269b633813fc60c',
			spanId: 'eee19b7ec3c1b174'
		});
		expect(logs[1].body!.kvlistValue!.values!.map((kv) => kv.key)).toEqual(['event', 'amountKrw']);
	});

	it('skips fields it does not know', () => {
		const w = new ProtoWriter();
		w.tag(99, 0).uint32(7).tag(98, 2).string('future field');
		const extra = w.finish();
		const bytes = new Uint8Array(official.traces.protobuf.length + extra.length);
		bytes.set(official.traces.protobuf);
		bytes.set(extra, official.traces.protobuf.length);
		expect(decodeTraceRequest(bytes)).toEqual(decodeTraceRequest(official.traces.protobuf));
	});
});

describe('malformed payloads', () => {
	function seeded(seed: number) {
		let s = seed >>> 0;
		return () => {
			s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
			return s / 4294967296;
		};
	}

	it('throws an OtlpDecodeError for every truncation of a valid payload', () => {
		const bytes = official.traces.protobuf;
		let failures = 0;
		for (let cut = 1; cut < bytes.length; cut++) {
			try {
				decodeTraceRequest(bytes.subarray(0, cut));
			} catch (error) {
				expect(error).toBeInstanceOf(OtlpDecodeError);
				failures++;
			}
		}
		// a cut exactly between two top-level fields is a valid (shorter) message
		expect(failures).toBeGreaterThan(bytes.length * 0.9);
	});

	it('never throws anything but OtlpDecodeError on randomly corrupted payloads', () => {
		const random = seeded(42);
		for (const signal of ['traces', 'metrics', 'logs'] as OtlpSignal[]) {
			const original = official[signal].protobuf;
			for (let round = 0; round < 300; round++) {
				const bytes = original.slice();
				const flips = 1 + Math.floor(random() * 4);
				for (let f = 0; f < flips; f++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
				try {
					const model = decodeOtlp(signal, bytes, 'protobuf');
					normaliseOtlp(signal, model, options);
				} catch (error) {
					if (!(error instanceof OtlpDecodeError)) throw error;
				}
			}
		}
	});

	it('refuses ids longer than 16 bytes', () => {
		const w = new ProtoWriter();
		w.tag(1, 2);
		const rs = w.begin();
		w.tag(2, 2);
		const ss = w.begin();
		w.tag(2, 2);
		const span = w.begin();
		w.tag(1, 2).bytes(new Uint8Array(17));
		w.end(span).end(ss).end(rs);
		expect(() => decodeTraceRequest(w.finish())).toThrow(/trace_id: 17 bytes/);
	});

	it('refuses AnyValue nesting deeper than the bound instead of overflowing the stack', () => {
		let value: object = { stringValue: 'leaf' };
		for (let i = 0; i < 40; i++) value = { arrayValue: { values: [value] } };
		const request = {
			resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), attributes: [{ key: 'deep', value }] }] }] }]
		};
		expect(() => decodeTraceRequest(encodeTraceRequest(request))).toThrow(OtlpDecodeError);
		expect(() => parseOtlpJson('traces', JSON.stringify(request))).toThrow(/nested deeper/);
	});

	it('names the offending JSON field', () => {
		const body = JSON.stringify({
			resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'ab', startTimeUnixNano: 'yesterday' }] }] }]
		});
		expect(() => parseOtlpJson('traces', body)).toThrow(
			'resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected an integer'
		);
		expect(() => parseOtlpJson('traces', '{"resourceSpans": 5}')).toThrow('resourceSpans: expected an array');
		try {
			parseOtlpJson('logs', '{not json');
		} catch (error) {
			expect((error as OtlpDecodeError).reason).toBe('bad-json');
		}
		expect(() => parseOtlpJson('logs', '[]')).toThrow(OtlpDecodeError);
	});

	it('accepts enum names, null fields and uppercase hex ids in JSON', () => {
		const body = JSON.stringify({
			resourceSpans: [
				{
					resource: null,
					scopeSpans: [
						{
							spans: [
								{
									traceId: 'ABCDEF0123456789ABCDEF0123456789',
									spanId: '0123456789ABCDEF',
									kind: 'SPAN_KIND_SERVER',
									startTimeUnixNano: 1_700_000_000_000_000_000,
									endTimeUnixNano: '1700000000002000000',
									status: { code: 'STATUS_CODE_ERROR' },
									events: null
								}
							]
						}
					]
				}
			]
		});
		const result = normaliseOtlp('traces', parseOtlpJson('traces', body), options);
		expect(result.spans[0]).toMatchObject({
			traceId: 'abcdef0123456789abcdef0123456789',
			spanId: '0123456789abcdef',
			kind: 2,
			status: 2,
			durationUs: 2000,
			service: 'unknown_service'
		});
	});
});
