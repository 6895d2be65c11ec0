import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * A service instrumented with the official OpenTelemetry JS SDK, exporting OTLP protobuf to
 * the relay. It finishes `perSecond` SERVER spans a second, each `durationMs` long, with
 * every `errorEvery`-th one an error, and counts what it ended.
 */
export function startOtelSender(options: {
	otlpUrl: string;
	service: string;
	perSecond: number;
	durationMs: number;
	errorEvery?: number;
	route?: string;
	/** Extra request headers, e.g. the relay's ingest token as `authorization`. */
	headers?: Record<string, string>;
}) {
	const exporter = new OTLPTraceExporter({ url: `${options.otlpUrl}/v1/traces`, headers: options.headers });
	const provider = new BasicTracerProvider({
		resource: resourceFromAttributes({
			'service.name': options.service,
			'service.instance.id': `${options.service}-1`
		}),
		spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 200, maxQueueSize: 100_000 })]
	});
	const tracer = provider.getTracer('meridian-e2e');
	let sent = 0;
	let errors = 0;
	const tick = () => {
		const endMs = Date.now();
		const span = tracer.startSpan(`GET ${options.route ?? '/e2e'}`, {
			kind: SpanKind.SERVER,
			startTime: endMs - options.durationMs,
			attributes: { 'http.request.method': 'GET', 'http.route': options.route ?? '/e2e' }
		});
		sent += 1;
		if (options.errorEvery && sent % options.errorEvery === 0) {
			errors += 1;
			span.setStatus({ code: SpanStatusCode.ERROR, message: 'e2e failure' });
		}
		span.end(endMs);
	};
	const timer = setInterval(tick, 1000 / options.perSecond);
	return {
		get sent() {
			return sent;
		},
		get errors() {
			return errors;
		},
		/** Stops sending and waits until everything ended has been exported. */
		async stop(): Promise<void> {
			clearInterval(timer);
			await provider.forceFlush();
			await provider.shutdown();
		}
	};
}
