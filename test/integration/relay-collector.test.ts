/**
 * "Point an existing OpenTelemetry SDK or Collector at it": exporters configured by the
 * standard environment variables alone (OTEL_EXPORTER_OTLP_ENDPOINT, gzip compression), and a
 * Collector-style request that forwards several services' spans in one gzip protobuf body.
 * Their services come out of the relay's stream with no other configuration.
 */
import { SpanKind } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelemetryBatch } from '../../src/lib/protocol/records';
import type { RelayHealth } from '../../src/lib/protocol/stream';
import { SseReader } from '../../src/lib/relay/sse-reader';
import { startRelay, type RunningRelay } from '../support/relay';

let relay: RunningRelay;
beforeAll(async () => {
	relay = await startRelay();
});
afterAll(async () => {
	await relay?.stop();
});

async function lastSeq(): Promise<number> {
	return ((await (await fetch(`${relay.appUrl}/api/health`)).json()) as RelayHealth).lastSeq;
}

/** Batches after `after` until `done` holds for all seen, or fails after 20 s. */
async function streamUntil(after: number, done: (batches: TelemetryBatch[]) => boolean): Promise<TelemetryBatch[]> {
	const reader = new SseReader((await fetch(`${relay.appUrl}/api/stream?after=${after}`)).body!);
	const batches: TelemetryBatch[] = [];
	const timer = setTimeout(() => void reader.cancel(), 20_000);
	try {
		await reader.until((e) => {
			if (e.event === 'batch') batches.push(JSON.parse(e.data) as TelemetryBatch);
			return done(batches);
		});
		return batches;
	} finally {
		clearTimeout(timer);
		await reader.cancel();
	}
}

describe('an OpenTelemetry SDK configured only by the standard environment variables', () => {
	it('delivers traces, metrics and logs, gzip-compressed, to the endpoint it was given', async () => {
		const start = await lastSeq();
		const saved = { ...process.env };
		process.env.OTEL_EXPORTER_OTLP_ENDPOINT = relay.otlpUrl;
		process.env.OTEL_EXPORTER_OTLP_COMPRESSION = 'gzip';
		let traceExporter: OTLPTraceExporter, metricExporter: OTLPMetricExporter, logExporter: OTLPLogExporter;
		try {
			traceExporter = new OTLPTraceExporter();
			metricExporter = new OTLPMetricExporter();
			logExporter = new OTLPLogExporter();
		} finally {
			process.env = saved;
		}
		const resource = resourceFromAttributes({ 'service.name': 'env-configured', 'service.instance.id': 'env-1' });
		const tracing = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(traceExporter, { scheduledDelayMillis: 50 })] });
		const metrics = new MeterProvider({ resource, readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 })] });
		const logging = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor({ exporter: logExporter, scheduledDelayMillis: 50 })] });

		const span = tracing.getTracer('env').startSpan('GET /accounts', { kind: SpanKind.SERVER, attributes: { 'http.route': '/accounts' } });
		span.end();
		metrics.getMeter('env').createCounter('accounts.opened').add(3);
		logging.getLogger('env').emit({ severityNumber: SeverityNumber.WARN, body: 'slow core banking call' });
		await Promise.all([tracing.forceFlush(), metrics.forceFlush(), logging.forceFlush()]);
		await Promise.all([tracing.shutdown(), metrics.shutdown(), logging.shutdown()]);

		const batches = await streamUntil(
			start,
			(b) => b.some((x) => x.spans.length) && b.some((x) => x.metrics.length) && b.some((x) => x.logs.length)
		);
		expect(batches.flatMap((b) => b.spans).map((s) => [s.service, s.name, s.traceId])).toEqual([
			['env-configured', 'GET /accounts', span.spanContext().traceId]
		]);
		expect(batches.flatMap((b) => b.metrics).map((m) => [m.service, m.name, m.value])).toEqual([['env-configured', 'accounts.opened', 3]]);
		expect(batches.flatMap((b) => b.logs).map((l) => [l.service, l.body])).toEqual([['env-configured', 'slow core banking call']]);
	});
});

describe('a Collector forwarding several services in one request', () => {
	it('splits one gzip protobuf body into every service it carries', async () => {
		const memory = new InMemorySpanExporter();
		const services = ['loan-service', 'credit-scoring', 'core-banking'];
		for (const [i, name] of services.entries()) {
			const provider = new BasicTracerProvider({
				resource: resourceFromAttributes({ 'service.name': name, 'k8s.pod.name': `${name}-7d9f-${i}` }),
				spanProcessors: [new SimpleSpanProcessor(memory)]
			});
			const tracer = provider.getTracer('collector');
			for (let n = 0; n <= i; n++) tracer.startSpan(`op ${n}`, { kind: SpanKind.SERVER }).end();
			// not shutdown(): it would empty the in-memory exporter
			await provider.forceFlush();
		}
		expect(memory.getFinishedSpans()).toHaveLength(6);
		const body = gzipSync(ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans())!);
		const start = await lastSeq();
		const res = await fetch(`${relay.otlpUrl}/v1/traces`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' },
			body
		});
		expect(res.status).toBe(200);
		const [batch] = await streamUntil(start, (b) => b.length > 0);
		const perService = Object.fromEntries(services.map((s) => [s, batch.spans.filter((x) => x.service === s).length]));
		expect(perService).toEqual({ 'loan-service': 1, 'credit-scoring': 2, 'core-banking': 3 });
		expect(batch.resources.map((r) => [r.service, r.attrs['k8s.pod.name']]).sort()).toEqual([
			['core-banking', 'core-banking-7d9f-2'],
			['credit-scoring', 'credit-scoring-7d9f-1'],
			['loan-service', 'loan-service-7d9f-0']
		]);
	});
});
