import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportTraceServiceRequest, OtlpSpan } from '../domain/otlp/types';
import { createRelay, type Relay } from '../relay/index';
import { startDemoRunner, type DemoBank } from './demo-runner';
import { sendResponse, toRequest } from './node-http';

const servers: Server[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Serves `relay` over real HTTP on a free loopback port; `refuse` answers the first N requests 503. */
async function serveRelay(relay: Relay, refuse = 0): Promise<string> {
	let refused = 0;
	const server = createServer(async (req, res) => {
		if (refused < refuse) {
			refused++;
			req.resume();
			res.writeHead(503, { 'retry-after': '0' }).end();
			return;
		}
		await sendResponse(await relay.handle(toRequest(req, 'http://127.0.0.1')), res);
	});
	servers.push(server);
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A stand-in simulator: one trace request per advance, one span per elapsed second. */
function countingBank(): DemoBank & { calls: number[] } {
	let lastMs = 1_700_000_000_000;
	const calls: number[] = [];
	return {
		calls,
		advance(untilMs: number) {
			calls.push(untilMs);
			const spans: OtlpSpan[] = [];
			for (let t = lastMs + 1000; t <= untilMs; t += 1000) {
				spans.push({
					traceId: t.toString(16).padStart(32, '0'),
					spanId: t.toString(16).padStart(16, '0'),
					name: 'GET /accounts',
					kind: 2,
					startTimeUnixNano: t * 1e6,
					endTimeUnixNano: t * 1e6 + 2e6
				});
			}
			lastMs = untilMs;
			// like the simulator: one request per resource (the first span to one, the rest to another)
			const request = (service: string, list: typeof spans): ExportTraceServiceRequest => ({
				resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ spans: list }] }]
			});
			return { traces: [request('gateway', spans.slice(0, 1)), request('accounts', spans.slice(1))], metrics: [], logs: [] };
		}
	};
}

describe('demo runner', () => {
	it('posts the simulator output as OTLP protobuf that the relay accepts', async () => {
		const relay = createRelay();
		const url = await serveRelay(relay);
		let nowMs = 1_700_000_003_000;
		const bank = countingBank();
		const runner = startDemoRunner({ bank, otlpUrl: url, intervalMs: 60_000, now: () => nowMs });
		await runner.tick();
		nowMs += 2000;
		await runner.tick();
		await runner.stop();
		// one merged POST per tick holding both resources
		expect(runner.stats()).toMatchObject({ requestsSent: 2, requestsFailed: 0 });
		expect(relay.health().accepted).toMatchObject({ batches: 2, spans: 5 });
		const frame = new TextDecoder().decode(relay.log.nextAfter(0)!.frame);
		const first = JSON.parse(frame.slice(frame.indexOf('data: ') + 6));
		expect(first.resources.map((r: { service: string }) => r.service).sort()).toEqual(['accounts', 'gateway']);
		expect(bank.calls).toEqual([1_700_000_003_000, 1_700_000_005_000]);
		await relay.close();
	});

	it('keeps refused requests and sends them after Retry-After', async () => {
		const relay = createRelay();
		const url = await serveRelay(relay, 1);
		let nowMs = 1_700_000_002_000;
		const runner = startDemoRunner({ bank: countingBank(), otlpUrl: url, intervalMs: 60_000, now: () => nowMs, warn: () => undefined });
		await runner.tick();
		expect(relay.health().accepted.spans).toBe(0);
		nowMs += 1000;
		await runner.tick();
		await runner.stop();
		// the refused round's spans arrive with the next round's
		expect(relay.health().accepted.spans).toBe(3);
		expect(runner.stats().requestsSent).toBe(2);
		await relay.close();
	});

	it('sends the history in steps before the live rounds, waiting out refusals instead of dropping', async () => {
		const relay = createRelay();
		const url = await serveRelay(relay, 2);
		const startMs = 1_700_000_000_000;
		const nowMs = startMs + 150_000;
		const bank = countingBank();
		const progress: number[] = [];
		const runner = startDemoRunner({
			bank,
			otlpUrl: url,
			intervalMs: 60_000,
			now: () => nowMs,
			warn: () => undefined,
			backfillFromMs: startMs,
			onBackfill: (doneMs, totalMs) => progress.push(doneMs / totalMs)
		});
		// a tick while the history is sending is skipped, not run alongside
		void runner.tick();
		await runner.ready;
		await runner.stop();
		expect(bank.calls).toEqual([startMs + 60_000, startMs + 120_000, startMs + 150_000]);
		expect(progress).toEqual([0.4, 0.8, 1]);
		// one span per simulated second, the two refused requests sent again
		expect(relay.health().accepted.spans).toBe(150);
		expect(runner.stats()).toMatchObject({ requestsSent: 3, requestsFailed: 0, ticksSkipped: 1 });
		await relay.close();
	});
});
