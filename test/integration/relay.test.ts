/**
 * The relay started for real (`tsx src/lib/server/main.ts`) and fed by the official
 * OpenTelemetry JS SDK over HTTP: protobuf and JSON traces, metrics and logs come out of
 * /api/stream normalised; bad bodies get 4xx while the relay keeps serving; `?after=SEQ`
 * resumes exactly.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as OTLPTraceExporterJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPTraceExporterProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { gzipSync, createGzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRpcStatus } from '../../src/lib/domain/otlp/index';
import type { TelemetryBatch } from '../../src/lib/protocol/records';
import type { RelayHealth, StreamHello } from '../../src/lib/protocol/stream';
import { SseReader, type SseEvent } from '../../src/lib/relay/sse-reader';
import { startRelay, type RunningRelay } from '../support/relay';

let relay: RunningRelay;
beforeAll(async () => {
	relay = await startRelay();
});
afterAll(async () => {
	await relay?.stop();
});

const batchesOf = (events: SseEvent[]) =>
	events.filter((e) => e.event === 'batch').map((e) => JSON.parse(e.data) as TelemetryBatch);

async function stream(query = ''): Promise<SseReader> {
	const res = await fetch(`${relay.appUrl}/api/stream${query}`);
	expect(res.status).toBe(200);
	return new SseReader(res.body!);
}

async function health(): Promise<RelayHealth> {
	return (await fetch(`${relay.appUrl}/api/health`)).json();
}

/** Reads the stream from `after` until `found` holds for the batches seen, or fails after 20 s. */
async function readUntil(after: number, found: (batches: TelemetryBatch[]) => boolean): Promise<TelemetryBatch[]> {
	const reader = await stream(`?after=${after}`);
	const timer = setTimeout(() => void reader.cancel(), 20_000);
	try {
		const events = await reader.until((_, all) => found(batchesOf(all)));
		return batchesOf(events);
	} finally {
		clearTimeout(timer);
		await reader.cancel();
	}
}

function resource(service: string) {
	return resourceFromAttributes({
		'service.name': service,
		'service.instance.id': `${service}-1`,
		'deployment.environment.name': 'test',
		'process.command_line': 'node --password=secret app.js'
	});
}

describe('relay fed by the official OpenTelemetry JS SDK', () => {
	it('streams spans sent with the protobuf exporter and a BatchSpanProcessor, normalised', async () => {
		const start = (await health()).lastSeq;
		const exporter = new OTLPTraceExporterProto({ url: `${relay.otlpUrl}/v1/traces` });
		const provider = new BasicTracerProvider({
			resource: resource('transfer-service'),
			spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 50 })]
		});
		const tracer = provider.getTracer('integration');
		const nowMs = Date.now();
		for (let i = 0; i < 25; i++) {
			const span = tracer.startSpan(`POST /transfers/${i % 5}`, {
				kind: SpanKind.SERVER,
				startTime: nowMs + i,
				attributes: { 'http.route': '/transfers', 'biz.amount_krw': 10_000 * i, 'http.request.header.cookie': 'sid=1' }
			});
			if (i % 5 === 0) span.setStatus({ code: SpanStatusCode.ERROR, message: 'insufficient funds' });
			span.end(nowMs + i + 3);
		}
		await provider.forceFlush();
		await provider.shutdown();
		const batches = await readUntil(start, (b) => b.flatMap((x) => x.spans).length >= 25);
		const spans = batches.flatMap((b) => b.spans).filter((s) => s.service === 'transfer-service');
		expect(spans).toHaveLength(25);
		const third = spans.find((s) => s.attrs['biz.amount_krw'] === 30_000)!;
		expect(third).toMatchObject({
			name: 'POST /transfers/3',
			kind: 2,
			status: 0,
			startUs: (nowMs + 3) * 1000,
			durationUs: 3000,
			instance: 'transfer-service-1'
		});
		expect(third.attrs['http.request.header.cookie']).toBeUndefined();
		expect(spans.filter((s) => s.status === 2)).toHaveLength(5);
		const res = batches.flatMap((b) => b.resources).find((r) => r.service === 'transfer-service')!;
		expect(res.attrs['deployment.environment.name']).toBe('test');
		expect(res.attrs['process.command_line']).toBeUndefined();
	});

	it('streams spans sent with the http/json exporter and a SimpleSpanProcessor', async () => {
		const start = (await health()).lastSeq;
		const provider = new BasicTracerProvider({
			resource: resource('auth-service'),
			spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporterJson({ url: `${relay.otlpUrl}/v1/traces` }))]
		});
		const tracer = provider.getTracer('integration');
		const parent = tracer.startSpan('POST /login', { kind: SpanKind.SERVER });
		parent.end();
		await provider.forceFlush();
		await provider.shutdown();
		const batches = await readUntil(start, (b) => b.some((x) => x.spans.some((s) => s.service === 'auth-service')));
		const span = batches.flatMap((b) => b.spans).find((s) => s.service === 'auth-service')!;
		expect(span.name).toBe('POST /login');
		expect(span.traceId).toBe(parent.spanContext().traceId);
		expect(span.spanId).toBe(parent.spanContext().spanId);
	});

	it('streams metric points from a MeterProvider with the protobuf metric exporter', async () => {
		const start = (await health()).lastSeq;
		const reader = new PeriodicExportingMetricReader({
			exporter: new OTLPMetricExporter({ url: `${relay.otlpUrl}/v1/metrics` }),
			exportIntervalMillis: 60_000
		});
		const provider = new MeterProvider({ resource: resource('deposit-service'), readers: [reader] });
		const meter = provider.getMeter('integration');
		meter.createCounter('deposits.count', { unit: '{deposit}' }).add(7, { 'biz.channel': 'mobile' });
		const latency = meter.createHistogram('deposits.duration', { unit: 'ms', advice: { explicitBucketBoundaries: [10, 100] } });
		for (const v of [5, 50, 500]) latency.record(v);
		await provider.forceFlush();
		await provider.shutdown();
		const batches = await readUntil(start, (b) => b.some((x) => x.metrics.length > 0));
		const points = batches.flatMap((b) => b.metrics).filter((m) => m.service === 'deposit-service');
		expect(points.find((p) => p.name === 'deposits.count')).toMatchObject({
			type: 'sum',
			value: 7,
			unit: '{deposit}',
			monotonic: true,
			attrs: { 'biz.channel': 'mobile' }
		});
		expect(points.find((p) => p.name === 'deposits.duration')).toMatchObject({
			type: 'histogram',
			count: 3,
			sum: 555,
			bounds: [10, 100],
			bucketCounts: [1, 1, 1]
		});
	});

	it('streams log records from a LoggerProvider with the protobuf log exporter', async () => {
		const start = (await health()).lastSeq;
		const provider = new LoggerProvider({
			resource: resource('notification-service'),
			processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${relay.otlpUrl}/v1/logs` }), scheduledDelayMillis: 50 })]
		});
		provider.getLogger('integration').emit({ severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: 'SMS gateway timeout' });
		await provider.forceFlush();
		await provider.shutdown();
		const batches = await readUntil(start, (b) => b.some((x) => x.logs.length > 0));
		const logs = batches.flatMap((b) => b.logs).filter((l) => l.service === 'notification-service');
		expect(logs).toEqual([expect.objectContaining({ severity: 17, severityText: 'ERROR', body: 'SMS gateway timeout', traceId: '' })]);
	});
});

describe('bad input', () => {
	const postTraces = (body: BodyInit, headers: Record<string, string>) =>
		fetch(`${relay.otlpUrl}/v1/traces`, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

	it('answers malformed, oversized and gzip-bomb bodies with 4xx and keeps serving', async () => {
		const garbage = await postTraces(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), { 'content-type': 'application/x-protobuf' });
		expect(garbage.status).toBe(400);
		expect(decodeRpcStatus(new Uint8Array(await garbage.arrayBuffer())).message).toContain('Malformed OTLP payload');

		const badJson = await postTraces('{"resourceSpans": [', { 'content-type': 'application/json' });
		expect(badJson.status).toBe(400);
		expect((await badJson.json()).message).toContain('not JSON');

		const oversized = await postTraces(new Uint8Array(17 * 1024 * 1024), { 'content-type': 'application/x-protobuf' });
		expect(oversized.status).toBe(413);

		// 256 MiB of zeros, gzip-compressed to ~250 KiB, streamed so the test holds little memory
		const zeros = Readable.from(
			(function* () {
				const chunk = new Uint8Array(1024 * 1024);
				for (let i = 0; i < 256; i++) yield chunk;
			})()
		);
		const bomb = Buffer.concat(await zeros.pipe(createGzip({ level: 9 })).toArray());
		expect(bomb.length).toBeLessThan(1024 * 1024);
		const bombed = await postTraces(bomb, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
		expect(bombed.status).toBe(413);
		expect(decodeRpcStatus(new Uint8Array(await bombed.arrayBuffer())).message).toContain('Decompressed body exceeds');

		const unsupported = await postTraces('x', { 'content-type': 'text/plain' });
		expect(unsupported.status).toBe(415);

		const nowNs = BigInt(Date.now()) * 1_000_000n;
		const ok = await postTraces(
			gzipSync(
				JSON.stringify({
					resourceSpans: [
						{
							scopeSpans: [
								{
									spans: [
										{ traceId: '1'.repeat(32), spanId: '2'.repeat(16), name: 'after bad input', startTimeUnixNano: String(nowNs), endTimeUnixNano: String(nowNs + 1000n) }
									]
								}
							]
						}
					]
				})
			),
			{ 'content-type': 'application/json', 'content-encoding': 'gzip' }
		);
		expect(ok.status).toBe(200);
		const h = await health();
		expect(h.rejected.requests).toBeGreaterThanOrEqual(5);
	});
});

describe('resume', () => {
	it('returns exactly the batches after ?after=SEQ, and the same for Last-Event-ID', async () => {
		const send = async (name: string) => {
			const nowNs = BigInt(Date.now()) * 1_000_000n;
			const res = await fetch(`${relay.otlpUrl}/v1/traces`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					resourceSpans: [
						{
							resource: { attributes: [{ key: 'service.name', value: { stringValue: 'resume-test' } }] },
							scopeSpans: [{ spans: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name, startTimeUnixNano: String(nowNs), endTimeUnixNano: String(nowNs) }] }]
						}
					]
				})
			});
			expect(res.status).toBe(200);
		};
		for (let i = 0; i < 3; i++) await send(`before ${i}`);
		const cursor = (await health()).lastSeq;
		for (let i = 0; i < 4; i++) await send(`missed ${i}`);
		const last = (await health()).lastSeq;
		expect(last).toBe(cursor + 4);

		const reader = await stream(`?after=${cursor}`);
		const events = await reader.until((e) => e.id === String(last));
		await reader.cancel();
		const hello = JSON.parse(events[0].data) as StreamHello;
		expect(hello.lastSeq).toBe(last);
		const batches = batchesOf(events);
		expect(batches.map((b) => b.seq)).toEqual([cursor + 1, cursor + 2, cursor + 3, cursor + 4]);
		expect(batches.map((b) => b.spans[0].name)).toEqual(['missed 0', 'missed 1', 'missed 2', 'missed 3']);

		const res = await fetch(`${relay.appUrl}/api/stream`, { headers: { 'last-event-id': String(cursor + 2) } });
		const byHeader = new SseReader(res.body!);
		const headerEvents = await byHeader.until((e) => e.id === String(last));
		await byHeader.cancel();
		expect(batchesOf(headerEvents).map((b) => b.spans[0].name)).toEqual(['missed 2', 'missed 3']);
	});
});
