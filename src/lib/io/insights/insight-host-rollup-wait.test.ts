/**
 * The insights host waits for the rollup worker's checkpoint to cover the span chunks stored
 * before it started (a page opened on a relay holding history), instead of reading those
 * windows before their rollups exist.
 */
import { describe, expect, it } from 'vitest';
import { demoStore } from '../../../../workers/demo-store.test-support';
import type { SpanRecord } from '../../protocol/records';
import { nodeInsightHost } from './insight-host.test-support';

async function hostOverUnrolledChunk() {
	const startMs = Date.UTC(2026, 10, 4, 3, 0);
	const demo = await demoStore({ startMs, seconds: 120, stepMs: 1_000, speed: 1, load: 0.2, incidents: [] });
	// one more batch stored after the last checkpoint: its rollups are not written yet
	let span: SpanRecord | undefined;
	for await (const chunk of demo.store.spanChunks({ fromMs: startMs, toMs: demo.endMs })) span ??= chunk[0];
	await demo.store.writeBatches('demo', [{ seq: 10_000, receivedMs: demo.endMs, resources: [], spans: [{ ...span!, spanId: 'ffffffffffffffff' }], metrics: [], logs: [] }]);
	const clock = { nowMs: demo.endMs + 20_000 };
	const host = nodeInsightHost({ source: demo.store, now: () => clock.nowMs, utcOffsetMinutes: 540, warmupMs: 600_000 });
	await host.start();
	return { demo, host, clock };
}

describe('insights host start-up', () => {
	it('analyses no window until the rollups cover the chunks stored before it started', async () => {
		const { demo, host } = await hostOverUnrolledChunk();
		const waiting = await host.cycle();
		const startPosition = waiting.status.processedToMs;
		expect(waiting.status.phase).toBe('warming');
		expect((await host.cycle()).status.processedToMs).toBe(startPosition);

		await demo.store.checkpointRollups({ windows: [], metricWindows: [], metricSeries: [], rolledChunkId: await demo.store.lastSpanChunkId() });
		const after = await host.cycle();
		expect(after.status.processedToMs).toBeGreaterThan(startPosition);
		expect(after.status.phase).toBe('running');
	}, 60_000);

	it('goes on with what is stored when the rollups do not come within 30 s', async () => {
		const { host, clock } = await hostOverUnrolledChunk();
		const startPosition = (await host.cycle()).status.processedToMs;
		clock.nowMs += 30_000;
		expect((await host.cycle()).status.processedToMs).toBeGreaterThan(startPosition);
	}, 60_000);
});
