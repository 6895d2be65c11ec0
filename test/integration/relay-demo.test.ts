/**
 * `npm start` with the embedded demo bank: the simulator's output travels as real OTLP
 * protobuf over HTTP into the relay and comes out of the stream as normalised spans of the
 * bank's services, with no item rejected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelemetryBatch } from '../../src/lib/protocol/records';
import type { RelayHealth } from '../../src/lib/protocol/stream';
import { SseReader } from '../../src/lib/relay/sse-reader';
import { startRelay, type RunningRelay } from '../support/relay';

let relay: RunningRelay;
beforeAll(async () => {
	relay = await startRelay({ demo: true });
});
afterAll(async () => {
	await relay?.stop();
});

describe('relay with the demo bank', () => {
	it('streams the simulated bank as normalised spans within seconds', async () => {
		const res = await fetch(`${relay.appUrl}/api/stream?after=0`);
		const reader = new SseReader(res.body!);
		const timer = setTimeout(() => void reader.cancel(), 30_000);
		const services = new Set<string>();
		const events = await reader.until((e) => {
			if (e.event === 'batch') for (const s of (JSON.parse(e.data) as TelemetryBatch).spans) services.add(s.service);
			return services.size >= 3;
		});
		clearTimeout(timer);
		await reader.cancel();
		expect(services.size).toBeGreaterThanOrEqual(3);
		const spans = events.filter((e) => e.event === 'batch').flatMap((e) => (JSON.parse(e.data) as TelemetryBatch).spans);
		expect(spans.every((s) => /^[0-9a-f]{32}$/.test(s.traceId) && s.durationUs >= 0)).toBe(true);
		const health = (await (await fetch(`${relay.appUrl}/api/health`)).json()) as RelayHealth;
		expect(health.demo).toBe(true);
		expect(health.rejected).toEqual({ requests: 0, spans: 0, metricPoints: 0, logRecords: 0 });
	});
});
