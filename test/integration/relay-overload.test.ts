/**
 * The relay under more OTLP than it may hold at once (`--max-inflight-bytes`): requests past
 * the budget get 429 with Retry-After, the official OpenTelemetry exporter retries them and
 * loses nothing, and a flood many times the relay's bounds leaves its memory bounded and the
 * relay serving.
 */
import { SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelemetryBatch } from '../../src/lib/protocol/records';
import type { RelayHealth } from '../../src/lib/protocol/stream';
import { SseReader } from '../../src/lib/relay/sse-reader';
import { treeRssBytes } from '../support/processes';
import { startRelay, type RunningRelay } from '../support/relay';

const mib = 1024 * 1024;
const inflightBytes = 4 * mib;
const logBytes = 8 * mib;

let relay: RunningRelay;
beforeAll(async () => {
	relay = await startRelay({ args: ['--max-inflight-bytes', String(inflightBytes), '--log-max-bytes', String(logBytes)] });
});
afterAll(async () => {
	await relay?.stop();
});

async function health(): Promise<RelayHealth> {
	return (await fetch(`${relay.appUrl}/api/health`)).json();
}

/**
 * A request that sends `bytes` of a longer body and then waits: the relay holds those bytes
 * against its in-flight budget until `finish()` sends the rest.
 */
async function holdBudget(bytes: number): Promise<{ finish(): Promise<number> }> {
	const url = new URL(`${relay.otlpUrl}/v1/logs`);
	const req = request({
		host: url.hostname,
		port: url.port,
		path: url.pathname,
		method: 'POST',
		headers: { 'content-type': 'application/x-protobuf', 'content-length': String(bytes + 8) }
	});
	const status = new Promise<number>((resolve, reject) => {
		req.on('response', (res) => {
			res.resume();
			resolve(res.statusCode ?? 0);
		});
		req.on('error', reject);
	});
	req.write(new Uint8Array(bytes));
	// the relay has read them once a small request finds the budget spent
	for (let i = 0; i < 200; i++) {
		const probe = await fetch(`${relay.otlpUrl}/v1/logs`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ resourceLogs: [] }) + ' '.repeat(4096)
		});
		if (probe.status === 429) break;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
	return {
		async finish() {
			req.end(new Uint8Array(8));
			return status;
		}
	};
}

/** OTLP/JSON traces of `count` spans, each with a `padBytes` attribute value. */
function tracesJson(service: string, count: number, padBytes: number): string {
	const endNs = BigInt(Date.now()) * 1_000_000n;
	const pad = 'p'.repeat(padBytes);
	const spans = Array.from({ length: count }, (_, i) => ({
		traceId: (i + 1).toString(16).padStart(32, '0'),
		spanId: (i + 1).toString(16).padStart(16, '0'),
		name: 'POST /flood',
		kind: 2,
		startTimeUnixNano: String(endNs - 1_000_000n),
		endTimeUnixNano: String(endNs),
		attributes: [{ key: 'app.payload', value: { stringValue: pad } }]
	}));
	return JSON.stringify({
		resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ spans }] }]
	});
}

describe('relay overload', () => {
	it('answers 429 with Retry-After while the in-flight budget is spent, and the OpenTelemetry exporter retries until accepted', async () => {
		const before = await health();
		const held = await holdBudget(inflightBytes - 16);
		const refused = await fetch(`${relay.otlpUrl}/v1/traces`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: tracesJson('overload-probe', 1, 10)
		});
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

		const provider = new BasicTracerProvider({
			resource: resourceFromAttributes({ 'service.name': 'overload-sdk' }),
			spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${relay.otlpUrl}/v1/traces` }), { scheduledDelayMillis: 10 })]
		});
		const tracer = provider.getTracer('overload');
		for (let i = 0; i < 10; i++) tracer.startSpan(`GET /retry/${i}`, { kind: SpanKind.SERVER }).end();
		// the budget frees a little after the exporter's first attempt was refused
		const release = (async () => {
			await new Promise((resolve) => setTimeout(resolve, 2_500));
			return held.finish();
		})();
		await provider.forceFlush();
		await provider.shutdown();
		// zeros are no OTLP message: once read whole, the held body is refused as malformed
		expect(await release).toBe(400);

		const after = await health();
		// the exporter's own requests were refused at least once (the probe above was one more)
		expect(after.bySignal!.traces.throttled - before.bySignal!.traces.throttled).toBeGreaterThanOrEqual(2);
		const reader = new SseReader((await fetch(`${relay.appUrl}/api/stream?after=${before.lastSeq}`)).body!);
		const names: string[] = [];
		const timer = setTimeout(() => void reader.cancel(), 20_000);
		await reader.until((e) => {
			if (e.event === 'batch') {
				for (const s of (JSON.parse(e.data) as TelemetryBatch).spans) if (s.service === 'overload-sdk') names.push(s.name);
			}
			return names.length >= 10;
		});
		clearTimeout(timer);
		await reader.cancel();
		expect(names.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `GET /retry/${i}`).sort());
	});

	it('keeps its memory bounded under a flood many times its bounds, and keeps serving', async () => {
		const body = tracesJson('overload-flood', 250, 4_000);
		expect(body.length).toBeGreaterThan(mib);
		const baselineRss = treeRssBytes(relay.child.pid!);
		let peakRss = baselineRss;
		const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRssBytes(relay.child.pid!))), 100);
		const statuses = new Map<number, number>();
		let offeredBytes = 0;
		let throttledWithoutRetryAfter = 0;
		const untilMs = Date.now() + 30_000;
		const targetBytes = 512 * mib;
		const client = async () => {
			while (offeredBytes < targetBytes && Date.now() < untilMs) {
				offeredBytes += body.length;
				const res = await fetch(`${relay.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
				await res.arrayBuffer();
				statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
				if (res.status === 429 && !(Number(res.headers.get('retry-after')) > 0)) throttledWithoutRetryAfter++;
			}
		};
		try {
			await Promise.all(Array.from({ length: 24 }, client));
		} finally {
			clearInterval(sampler);
		}
		const growthMib = (peakRss - baselineRss) / mib;
		console.log(
			`flood: ${Math.round(offeredBytes / mib)} MiB offered, statuses ${JSON.stringify(Object.fromEntries(statuses))}, ` +
				`relay RSS ${Math.round(baselineRss / mib)} MiB -> peak ${Math.round(peakRss / mib)} MiB (+${Math.round(growthMib)} MiB)`
		);
		expect(offeredBytes).toBeGreaterThanOrEqual(256 * mib);
		expect([...statuses.keys()].sort()).toEqual([200, 429]);
		expect(throttledWithoutRetryAfter).toBe(0);
		// bounded: in-flight budget + log bound + the decoding of the requests let in, far below what was offered
		expect(growthMib).toBeLessThan(192);

		const h = await health();
		expect(h.log.bytes).toBeLessThanOrEqual(logBytes + 2 * mib);
		expect(h.log.maxBytes).toBe(logBytes);
		const ok = await fetch(`${relay.otlpUrl}/v1/traces`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: tracesJson('overload-after', 1, 10)
		});
		expect(ok.status).toBe(200);
	});
});
