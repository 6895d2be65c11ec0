import { describe, expect, it } from 'vitest';
import { toSpanColumns } from '../domain/telemetry/span-columns';
import { makeSpan, randomSpans } from '../domain/telemetry/test-spans';
import type { LiveSnapshot } from '../domain/telemetry/live-snapshot';
import { MetricRollup } from '../domain/telemetry/metric-rollup';
import { PendingRollups } from '../domain/telemetry/pending-rollups';
import { MemoryTelemetryStore } from './memory-store';
import { RollupEngine } from './rollup-engine';
import { expectedIncreases, metricBatch, metricColumns, storeKinds, storedIncreases, writeMetricBatch, type StoreKind } from './rollup-metric-replay.test-support';
import { batch } from './telemetry-store.contract';
import type { TelemetryDatabase } from './telemetry-store';

const t0 = 1_700_000_040_000;

function setup(nowMs: { value: number }, store: TelemetryDatabase = new MemoryTelemetryStore({ clock: { now: () => nowMs.value } })) {
	const published: LiveSnapshot[] = [];
	const engine = new RollupEngine({ store, now: () => nowMs.value, publish: (s) => published.push(s), checkpointEveryMs: 5_000, evictEveryMs: 30_000 });
	return { store, engine, published };
}

async function totalCount(store: TelemetryDatabase, fromMs: number, toMs: number): Promise<number> {
	const [overall] = await store.summaries({ kind: 'overall', fromMs, toMs, level: '1m' });
	return overall?.count ?? 0;
}

describe('RollupEngine', () => {
	it('replays chunks stored after the last checkpoint, exactly once across restarts', async () => {
		const now = { value: t0 + 120_000 };
		const { store, engine } = setup(now);
		const written = await store.writeBatches('e1', [batch(1, randomSpans({ count: 1_500, startMs: t0, seconds: 60, seed: 1 }))]);
		expect((await engine.start()).replayedSpans).toBe(1_500);
		await engine.flush();
		expect(await store.readRolledChunkId()).toBe(written.spanChunkIds.at(-1));
		expect(await totalCount(store, t0, t0 + 120_000)).toBe(1_500);
		// a second writer (another tab taking over) replays nothing already rolled up
		const second = setup(now, store);
		expect((await second.engine.start()).replayedSpans).toBe(0);
		await second.engine.flush();
		expect(await totalCount(store, t0, t0 + 120_000)).toBe(1_500);
	});

	it('counts a write once when its hand-over was queued while the start-up replay read it', async () => {
		const now = { value: t0 + 120_000 };
		const { store, engine } = setup(now);
		const before = await store.writeBatches('e1', [batch(1, randomSpans({ count: 700, startMs: t0, seconds: 30, seed: 2 }))]);
		// the new writer's ingest stores a group while the rollup worker is still starting
		const during = [batch(2, randomSpans({ count: 1_200, startMs: t0 + 30_000, seconds: 30, seed: 3 }))];
		const duringWrite = await store.writeBatches('e1', during);
		expect((await engine.start()).replayedSpans).toBe(1_900);
		// ... and its hand-over arrives after the replay, followed by a group written later
		engine.ingestColumns(toSpanColumns(during[0].spans), [], duringWrite.spanChunkIds.at(-1)!);
		const after = [batch(3, randomSpans({ count: 300, startMs: t0 + 60_000, seconds: 20, seed: 4 }))];
		const afterWrite = await store.writeBatches('e1', after);
		engine.ingestColumns(toSpanColumns(after[0].spans), [], afterWrite.spanChunkIds.at(-1)!);
		await engine.flush();
		expect(before.spanChunkIds.at(-1)).toBeLessThan(duringWrite.spanChunkIds[0]);
		expect(await totalCount(store, t0, t0 + 120_000)).toBe(2_200);
		expect(await store.readRolledChunkId()).toBe(afterWrite.spanChunkIds.at(-1));
	});

	it('publishes a snapshot each tick and checkpoints every 5 s', async () => {
		const now = { value: t0 + 10_000 };
		const { store, engine, published } = setup(now);
		await engine.start();
		const spans = Array.from({ length: 20 }, (_, i) => makeSpan({ service: i % 2 ? 'loans' : 'auth', endMs: t0 + 7_000 + i * 10, durationMs: 20 }));
		engine.ingestColumns(toSpanColumns(spans), [], 1);
		await engine.tick();
		const snap = published.at(-1)!;
		expect(snap.completeSec).toBe(t0 / 1000 + 7);
		expect(snap.overall.tps.at(-1)).toBe(20);
		expect(snap.services.map((s) => [s.service, s.lastSecond.count])).toEqual([['auth', 10], ['loans', 10]]);
		expect(await totalCount(store, t0, t0 + 60_000)).toBe(0);
		now.value += 5_000;
		await engine.tick();
		expect(await totalCount(store, t0, t0 + 60_000)).toBe(20);
		expect(await store.readRolledChunkId()).toBe(1);
	});

	it('keeps a checkpoint refused for quota, evicts, and writes it on a later tick', async () => {
		const now = { value: t0 + 10_000 };
		let refuse = false;
		const store = new MemoryTelemetryStore({
			clock: { now: () => now.value },
			beforeWrite: () => {
				if (refuse) {
					refuse = false;
					throw new DOMException('full', 'QuotaExceededError');
				}
			}
		});
		const { engine, published } = setup(now, store);
		await engine.start();
		await store.writeBatches('e1', [batch(1, randomSpans({ count: 10, startMs: t0, seconds: 1, seed: 2 }))]);
		engine.ingestColumns(toSpanColumns([makeSpan({ endMs: t0 + 1_000 })]), [], 1);
		now.value += 5_000;
		refuse = true;
		await engine.tick();
		expect(await totalCount(store, t0, t0 + 60_000)).toBe(0);
		expect(published.length).toBe(1);
		now.value += 1_000;
		await engine.tick();
		expect(await totalCount(store, t0, t0 + 60_000)).toBe(1);
		expect(published.at(-1)!.notices.map((n) => n.kind)).toEqual(['quota']);
	});

	it('evicts past retention in the background and shows the notice', async () => {
		const now = { value: t0 };
		const { store, engine, published } = setup(now);
		await store.updateSettings({ retentionHours: { spans: 1 } });
		await store.writeBatches('e1', [batch(1, randomSpans({ count: 30, startMs: t0 - 3 * 3_600_000, seconds: 5, seed: 3 }))]);
		await store.writeBatches('e1', [batch(2, randomSpans({ count: 5, startMs: t0 - 60_000, seconds: 5, seed: 4 }))]);
		await engine.start();
		now.value += 30_000;
		await engine.tick();
		now.value += 1_000;
		const snap = await engine.tick();
		expect(snap.notices[0]).toMatchObject({ kind: 'retention', removed: { spans: 30 } });
		expect((await store.storageStats()).tables.spanChunks.items).toBe(5);
		expect(published.length).toBe(2);
	});

	it('applies a shortened retention at the next tick when told the settings changed', async () => {
		const now = { value: t0 };
		const { store, engine } = setup(now);
		await store.writeBatches('e1', [batch(1, randomSpans({ count: 30, startMs: t0 - 3 * 3_600_000, seconds: 5, seed: 3 }))]);
		await engine.start();
		now.value += 1_000;
		await engine.tick();
		await store.updateSettings({ retentionHours: { spans: 1 } });
		now.value += 1_000;
		await engine.tick();
		// not yet: the pass is due 30 s after the start
		expect((await store.storageStats()).tables.spanChunks.items).toBe(30);
		engine.evictAtNextTick();
		now.value += 1_000;
		await engine.tick();
		// the notice reaches the snapshot after the pass
		now.value += 1_000;
		const snap = await engine.tick();
		expect(snap.notices[0]).toMatchObject({ kind: 'retention', removed: { spans: 30 } });
		expect((await store.storageStats()).tables.spanChunks.items).toBe(0);
	});
});

describe('RollupEngine metrics', () => {
	it('rolls metric points into stored windows and series at the next checkpoint', async () => {
		const now = { value: t0 + 10_000 };
		const { store, engine } = setup(now);
		await engine.start();
		const point = (sec: number, value: number) => ({
			resourceId: 'r1', service: 'loans', instance: 'loans-0', name: 'jvm.memory.used', unit: 'By', type: 'gauge' as const,
			timeUs: (t0 + sec * 1000) * 1000, attrs: {}, value
		});
		engine.ingestColumns(toSpanColumns([]), [point(1, 10), point(2, 30)], 0);
		await engine.tick();
		now.value += 5_000;
		await engine.tick();
		expect((await store.metricSeries({ name: 'jvm.memory.used' })).map((d) => d.service)).toEqual(['loans']);
		const frame = await store.metricFrame({ level: '1m', name: 'jvm.memory.used', fromMs: t0, toMs: t0 + 60_000 });
		expect(frame.series[0].columns.mean).toEqual([20]);
	});
});

/** Batches 1..n written and handed over to an engine that never stops, then flushed. */
async function neverStopped(kind: StoreKind, n: number) {
	const now = { value: t0 + 60_000 };
	const { store } = kind.open(now);
	const { engine } = setup(now, store);
	await engine.start();
	for (let i = 1; i <= n; i++) (await writeMetricBatch(store, t0, i)).deliver(engine);
	await engine.flush();
	return store;
}

const range = [t0, t0 + 60_000] as const;

for (const kind of storeKinds) {
	describe(`RollupEngine metric replay (${kind.name})`, () => {
		it('rebuilds the metric windows a crashed writer had not checkpointed, counting each point once', async () => {
			const now = { value: t0 + 60_000 };
			const { store, reload } = kind.open(now);
			const first = setup(now, store);
			await first.engine.start();
			for (let i = 1; i <= 4; i++) (await writeMetricBatch(store, t0, i)).deliver(first.engine);
			now.value += 5_000;
			await first.engine.tick();
			const checkpointed = (await writeMetricBatch(store, t0, 5)).result;
			expect(await store.readRolledMetricChunkId()).toBeLessThan(checkpointed.metricChunkIds[0]);
			// batches 5-7 reach the first engine, which "crashes" before its next checkpoint
			const lost = [5, 6, 7].map((i) => metricBatch(t0, i));
			expect(lost[0].metrics.length).toBeGreaterThan(0);
			for (let i = 6; i <= 7; i++) (await writeMetricBatch(store, t0, i)).deliver(first.engine);
			// the new writer's ingest stores batch 8 while its rollup worker starts ...
			const reloaded = reload();
			const during = await writeMetricBatch(reloaded, t0, 8);
			const second = setup(now, reloaded);
			const { replayedMetricPoints } = await second.engine.start();
			expect(replayedMetricPoints).toBe([5, 6, 7, 8].reduce((n, i) => n + metricBatch(t0, i).metrics.length, 0));
			// ... and batch 8's hand-over arrives after the replay read it, then later batches follow
			during.deliver(second.engine);
			let lastWrite = during.result;
			for (let i = 9; i <= 10; i++) {
				const write = await writeMetricBatch(reloaded, t0, i);
				write.deliver(second.engine);
				lastWrite = write.result;
			}
			await second.engine.flush();
			expect(await reloaded.readRolledMetricChunkId()).toBe(lastWrite.metricChunkIds.at(-1));
			expect(await storedIncreases(reloaded, ...range)).toEqual(expectedIncreases(t0, 10));
			expect(await metricColumns(reloaded, ...range)).toEqual(await metricColumns(await neverStopped(kind, 10), ...range));
		});

		it('continues counter differences across a hand-over that replays nothing', async () => {
			const now = { value: t0 + 60_000 };
			const { store, reload } = kind.open(now);
			const first = setup(now, store);
			await first.engine.start();
			for (let i = 1; i <= 5; i++) (await writeMetricBatch(store, t0, i)).deliver(first.engine);
			await first.engine.flush();
			const second = setup(now, reload());
			expect((await second.engine.start()).replayedMetricPoints).toBe(0);
			for (let i = 6; i <= 8; i++) (await writeMetricBatch(second.store, t0, i)).deliver(second.engine);
			await second.engine.flush();
			// batch 6's counter increase is counted against batch 5's values (read back as baselines)
			expect(await storedIncreases(second.store, ...range)).toEqual(expectedIncreases(t0, 8));
			expect(await metricColumns(second.store, ...range)).toEqual(await metricColumns(await neverStopped(kind, 8), ...range));
		});

		it('starts a store without a metric cursor from its newest metric chunk, counting nothing twice', async () => {
			const now = { value: t0 + 60_000 };
			const { store } = kind.open(now);
			// written before metric replay existed: windows of batches 1-3, no metric cursor
			const rollup = new MetricRollup();
			const pending = new PendingRollups();
			for (let i = 1; i <= 3; i++) {
				const write = await writeMetricBatch(store, t0, i);
				expect(write.result.metricChunkIds).toHaveLength(1);
				rollup.addPoints(metricBatch(t0, i).metrics);
			}
			pending.addMetrics(rollup.takeDeltas());
			await store.checkpointRollups({ windows: [], metricWindows: pending.metricRecords(), metricSeries: rollup.takeDescriptors(), rolledChunkId: 0 });
			expect(await store.readRolledMetricChunkId()).toBeUndefined();
			const { engine } = setup(now, store);
			expect((await engine.start()).replayedMetricPoints).toBe(0);
			for (let i = 4; i <= 6; i++) (await writeMetricBatch(store, t0, i)).deliver(engine);
			await engine.flush();
			expect(await store.readRolledMetricChunkId()).toBe(await store.lastMetricChunkId());
			expect(await storedIncreases(store, ...range)).toEqual(expectedIncreases(t0, 6));
			expect(await metricColumns(store, ...range)).toEqual(await metricColumns(await neverStopped(kind, 6), ...range));
		});

		it('counts the points of a group stored while a store without a metric cursor starts up', async () => {
			const now = { value: t0 + 60_000 };
			const { store } = kind.open(now);
			for (let i = 1; i <= 3; i++) await writeMetricBatch(store, t0, i);
			// batch 4 is stored before the rollup worker reads the newest metric chunk, its hand-over comes after
			const during = await writeMetricBatch(store, t0, 4);
			const { engine } = setup(now, store);
			expect((await engine.start()).replayedMetricPoints).toBe(0);
			during.deliver(engine);
			await engine.flush();
			// its gauge and delta points count once; its counter points were read as baselines first,
			// so their increase over batch 3 is not counted (never twice)
			const heap = await store.metricFrame({ level: '1s', name: 'heap', fromMs: t0, toMs: t0 + 10_000 });
			expect(heap.series[0].columns.last!.filter((v) => v !== null)).toEqual([metricBatch(t0, 4).metrics[0].value]);
			expect(await storedIncreases(store, ...range)).toEqual({ requests: 0, latencyCount: 0, bytes: 64 * 4 });
		});
	});
}

describe('RollupEngine metric replay and in-flight requests', () => {
	it('rolls replayed active-request points up without taking them as the current in-flight value', async () => {
		const now = { value: t0 + 60_000 };
		const store = new MemoryTelemetryStore({ clock: { now: () => now.value } });
		const active = (sec: number, value: number) => ({
			resourceId: 'r1', service: 'loans', instance: 'loans-0', name: 'http.server.active_requests', unit: '{request}', type: 'sum' as const,
			monotonic: false, temporality: 'cumulative' as const, timeUs: (now.value - sec * 1_000) * 1_000, attrs: {}, value
		});
		// a writer checkpointed nothing yet, then crashed after storing the point
		await store.checkpointRollups({ windows: [], metricWindows: [], metricSeries: [], rolledChunkId: 0, rolledMetricChunkId: 0 });
		await store.writeBatches('e1', [batch(1, [], { metrics: [active(2, 42)] })]);
		const replaying = setup(now, store);
		expect((await replaying.engine.start()).replayedMetricPoints).toBe(1);
		// the board shows a second once it settled: tick past it (the point's value would hold 60 s)
		const ticks = async (engine: RollupEngine) => {
			let snap = await engine.tick();
			for (let i = 0; i < 4; i++) {
				now.value += 1_000;
				snap = await engine.tick();
			}
			return snap;
		};
		const replayedSnap = await ticks(replaying.engine);
		expect(replayedSnap.activeEstimated).toBe(true);
		expect(replayedSnap.overall.active).not.toContain(42);
		await replaying.engine.flush();
		const frame = await store.metricFrame({ level: '1m', name: 'http.server.active_requests', fromMs: t0, toMs: t0 + 120_000 });
		expect(frame.series[0].columns.last?.filter((v) => v !== null)).toEqual([42]);
		// a live hand-over of the same kind of point sets it
		const live = setup(now, new MemoryTelemetryStore({ clock: { now: () => now.value } }));
		await live.engine.start();
		live.engine.ingestColumns(toSpanColumns([]), [active(2, 42)], 0, 1);
		const liveSnap = await ticks(live.engine);
		expect(liveSnap.activeEstimated).toBe(false);
		expect(liveSnap.overall.active).toContain(42);
	});
});
