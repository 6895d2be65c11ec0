import { describe, expect, it } from 'vitest';
import { toSpanColumns } from '../domain/telemetry/span-columns';
import { makeSpan, randomSpans } from '../domain/telemetry/test-spans';
import type { LiveSnapshot } from '../domain/telemetry/live-snapshot';
import { MemoryTelemetryStore } from './memory-store';
import { RollupEngine } from './rollup-engine';
import { batch } from './telemetry-store.contract';

const t0 = 1_700_000_040_000;

function setup(nowMs: { value: number }, store = new MemoryTelemetryStore({ clock: { now: () => nowMs.value } })) {
	const published: LiveSnapshot[] = [];
	const engine = new RollupEngine({ store, now: () => nowMs.value, publish: (s) => published.push(s), checkpointEveryMs: 5_000, evictEveryMs: 30_000 });
	return { store, engine, published };
}

async function totalCount(store: MemoryTelemetryStore, fromMs: number, toMs: number): Promise<number> {
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
