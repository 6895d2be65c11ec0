import { describe, expect, it } from 'vitest';
import { createRelay } from '../relay';
import { SseReader } from '../relay/sse-reader';
import type { TelemetryBatch } from '../protocol/records';
import type { RelayHealth, StreamHello } from '../protocol/stream';
import { DemoBackend, type DemoExport, type DemoSource } from './demo-backend';
import { fromWireResponse, toWireRequest, transferablesOf } from './wire';

/** One SERVER span per simulated second, ending at that second (a deterministic generator). */
function spansPerSecond(service: string): DemoSource & { generatedUpToMs: number } {
	const source = {
		generatedUpToMs: 1_700_000_000_000,
		advance(nowMs: number): DemoExport[] {
			const out: DemoExport[] = [];
			for (let t = source.generatedUpToMs + 1000; t <= nowMs; t += 1000) {
				const endNs = BigInt(t) * 1_000_000n;
				out.push({
					signal: 'traces',
					body: {
						resourceSpans: [
							{
								resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
								scopeSpans: [
									{
										spans: [
											{
												traceId: (t / 1000).toString(16).padStart(32, '0'),
												spanId: (t / 1000).toString(16).padStart(16, '0'),
												name: 'GET /accounts',
												kind: 2,
												startTimeUnixNano: String(endNs - 25_000_000n),
												endTimeUnixNano: String(endNs)
											}
										]
									}
								]
							}
						]
					}
				});
				source.generatedUpToMs = t;
			}
			return out;
		}
	};
	return source;
}

/** A request through the wire format, with the response transferred as postMessage would. */
async function call(backend: DemoBackend, url: string, init?: RequestInit): Promise<Response> {
	const wire = await backend.handle(await toWireRequest(new Request(url, init)));
	return fromWireResponse(structuredClone(wire, { transfer: transferablesOf(wire) }));
}

/** A transferred stream's cancel crosses a message port: poll health until it lands (bounded). */
async function clientsOnceSettled(backend: DemoBackend, expected: number): Promise<number> {
	let clients = -1;
	for (let attempt = 0; attempt < 100; attempt++) {
		clients = ((await (await call(backend, 'http://x/api/health')).json()) as RelayHealth).clients;
		if (clients === expected) break;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	return clients;
}

describe('DemoBackend', () => {
	it('feeds generated OTLP through the relay and serves it on the stream under any base path', async () => {
		let nowMs = 1_700_000_000_000;
		const source = spansPerSecond('deposits');
		const backend = new DemoBackend({ relay: createRelay({ demo: true, now: () => nowMs }), source, now: () => nowMs });
		nowMs += 3_000;
		await backend.tick();
		expect(backend.stats()).toMatchObject({ ticks: 1, exports: 3, refusedExports: 0 });

		const health = (await (await call(backend, 'http://127.0.0.1:4173/meridian/api/health')).json()) as RelayHealth;
		expect(health.accepted.spans).toBe(3);
		expect(health.lastSeq).toBe(3);
		expect(health.demo).toBe(true);

		const stream = await call(backend, 'http://127.0.0.1:4173/api/stream?after=1');
		expect(stream.headers.get('content-type')).toContain('text/event-stream');
		const events = new SseReader(stream.body!);
		const hello = await events.next();
		expect(hello?.event).toBe('hello');
		expect((JSON.parse(hello!.data) as StreamHello).lastSeq).toBe(3);
		const batches: TelemetryBatch[] = [];
		while (batches.length < 2) {
			const event = await events.next();
			if (event?.event === 'batch') batches.push(JSON.parse(event.data) as TelemetryBatch);
		}
		expect(batches.map((b) => b.seq)).toEqual([2, 3]);
		expect(batches[1].spans[0]).toMatchObject({ service: 'deposits', name: 'GET /accounts', durationUs: 25_000 });
		const during = (await (await call(backend, 'http://x/api/health')).json()) as RelayHealth;
		expect(during.clients).toBe(1);
		// the reader going away (ingest worker aborting) reaches the relay through the transfer
		await events.cancel();
		expect(await clientsOnceSettled(backend, 0)).toBe(0);
		await backend.stop();
	});

	it('answers a resumed stream with only the missed batches, via Last-Event-ID', async () => {
		let nowMs = 1_700_000_000_000;
		const backend = new DemoBackend({ relay: createRelay({ now: () => nowMs }), source: spansPerSecond('auth'), now: () => nowMs });
		nowMs += 5_000;
		await backend.tick();
		const stream = await call(backend, 'http://x/api/stream', { headers: { 'last-event-id': '4' } });
		const events = new SseReader(stream.body!);
		await events.next(); // hello
		const next = await events.next();
		expect(next?.event).toBe('batch');
		expect(next?.id).toBe('5');
		await events.cancel();
		await backend.stop();
	});

	it('counts exports the relay refuses instead of failing', async () => {
		let nowMs = 1_700_000_000_000;
		const source: DemoSource = { advance: () => [{ signal: 'traces', body: { resourceSpans: 'not a list' } }] };
		const backend = new DemoBackend({ relay: createRelay({ now: () => nowMs }), source, now: () => nowMs });
		await backend.tick();
		const stats = backend.stats();
		expect(stats.refusedExports).toBe(1);
		expect(stats.lastRefusal).toMatch(/^400 /);
		await backend.stop();
	});

	it('returns the relay\'s own errors for unknown paths', async () => {
		const backend = new DemoBackend({ relay: createRelay(), source: { advance: () => [] } });
		const response = await call(backend, 'http://x/api/nothing-here');
		expect(response.status).toBe(404);
		await backend.stop();
	});
});
