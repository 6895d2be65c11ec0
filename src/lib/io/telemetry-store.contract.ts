/**
 * The one contract suite every TelemetryDatabase passes (memory-store.test.ts and
 * dexie-store.test.ts run it). Values asserted are determined by the batches written here.
 */
import { describe, expect, it } from 'vitest';
import type { LogRecord, MetricPoint, ResourceRecord, SpanRecord, TelemetryBatch } from '../protocol/records';
import { SpanKind } from '../protocol/records';
import { MetricRollup } from '../domain/telemetry/metric-rollup';
import { PendingRollups } from '../domain/telemetry/pending-rollups';
import { SpanRollup } from '../domain/telemetry/rollup';
import { OVERALL_KEY, serviceKey } from '../domain/telemetry/series-key';
import { makeSpan, randomSpans } from '../domain/telemetry/test-spans';
import { isQuotaError } from './chunks';
import type { TelemetryDatabase } from './telemetry-store';

export interface ContractHarness {
	store: TelemetryDatabase;
	/** The same data opened again (a page reload). */
	reopen(): Promise<TelemetryDatabase>;
	/** Makes the next write transaction fail: `quota` at its first write, `cursor` at the cursor write. */
	arm(fault: 'quota' | 'cursor'): void;
	/** Sets the store's clock. */
	setNow(ms: number): void;
	dispose(): Promise<void>;
}

export const t0 = 1_700_000_040_000;

export function resourcesOf(spans: SpanRecord[]): ResourceRecord[] {
	const map = new Map<string, ResourceRecord>();
	for (const s of spans) map.set(s.resourceId, { id: s.resourceId, service: s.service, instance: s.instance, attrs: { 'service.name': s.service } });
	return [...map.values()];
}

export function batch(seq: number, spans: SpanRecord[], extra: { metrics?: MetricPoint[]; logs?: LogRecord[]; receivedMs?: number } = {}): TelemetryBatch {
	return { seq, receivedMs: extra.receivedMs ?? t0 + seq, resources: resourcesOf(spans), spans, metrics: extra.metrics ?? [], logs: extra.logs ?? [] };
}

function log(traceId: string, timeMs: number, severity = 9): LogRecord {
	return { resourceId: 'r', service: 'loans', instance: 'loans-0', timeUs: timeMs * 1000, severity, body: 'm' + timeMs, attrs: {}, traceId, spanId: '' };
}

async function collect<T>(iterable: AsyncIterable<T[]>): Promise<T[][]> {
	const out: T[][] = [];
	for await (const chunk of iterable) out.push(chunk);
	return out;
}

export function runTelemetryStoreContract(name: string, create: () => Promise<ContractHarness>): void {
	describe(`${name} (TelemetryStore contract)`, () => {
		const withStore = (test: (h: ContractHarness) => Promise<void>) => async () => {
			const h = await create();
			try {
				await test(h);
			} finally {
				await h.dispose();
			}
		};

		it('stores spans in chunks of at most 1,000 and finds a trace across chunks', withStore(async (h) => {
			const spans = randomSpans({ count: 2_500, startMs: t0, seconds: 60, seed: 3 });
			const traceId = spans[10].traceId;
			const late = makeSpan({ traceId, endMs: t0 + 90_000, kind: SpanKind.Client, parentSpanId: spans[10].spanId });
			const first = await h.store.writeBatches('e1', [batch(1, spans)]);
			expect(first.spanChunkIds).toHaveLength(3);
			expect(first.cursor).toEqual({ epoch: 'e1', seq: 1 });
			await h.store.writeBatches('e1', [batch(2, [late])]);
			const trace = await h.store.traceSpans(traceId);
			expect(trace.map((s) => s.spanId)).toEqual([spans[10].spanId, late.spanId]);
			expect(await h.store.traceSpans('f'.repeat(32))).toEqual([]);
		}));

		it('never stores a batch twice: batches at or below the cursor are skipped', withStore(async (h) => {
			const a = randomSpans({ count: 10, startMs: t0, seconds: 1, seed: 4 });
			const b = randomSpans({ count: 5, startMs: t0, seconds: 1, seed: 5 }).map((s, i) => ({ ...s, traceId: 'b'.repeat(31) + i }));
			await h.store.writeBatches('e1', [batch(1, a), batch(2, b)]);
			const again = await h.store.writeBatches('e1', [batch(2, b), batch(3, [])]);
			expect(again.spans).toBe(0);
			expect(again.cursor.seq).toBe(3);
			expect((await h.store.storageStats()).tables.spanChunks.items).toBe(15);
		}));

		it('resumes after a reload exactly at the stored cursor: no holes, no duplicates', withStore(async (h) => {
			const all = Array.from({ length: 6 }, (_, i) => batch(i + 1, randomSpans({ count: 50, startMs: t0, seconds: 5, seed: 10 + i }).map((s, j) => ({ ...s, traceId: (i * 100 + j).toString(16).padStart(32, '0') }))));
			await h.store.writeBatches('e1', all.slice(0, 3));
			const reloaded = await h.reopen();
			const cursor = await reloaded.readCursor();
			expect(cursor).toEqual({ epoch: 'e1', seq: 3 });
			// the stream replays from an older position too: overlap is dropped
			await reloaded.writeBatches('e1', all.slice(1));
			expect((await reloaded.storageStats()).tables.spanChunks.items).toBe(300);
			for (const b of all) expect(await reloaded.traceSpans(b.spans[7].traceId)).toHaveLength(1);
		}));

		it('writes the cursor in the same transaction as the data', withStore(async (h) => {
			await h.store.writeBatches('e1', [batch(1, [makeSpan({ endMs: t0 })])]);
			h.arm('cursor');
			const lost = makeSpan({ endMs: t0 + 1 });
			await expect(h.store.writeBatches('e1', [batch(2, [lost])])).rejects.toBeTruthy();
			expect(await h.store.readCursor()).toEqual({ epoch: 'e1', seq: 1 });
			expect(await h.store.traceSpans(lost.traceId)).toEqual([]);
			await h.store.writeBatches('e1', [batch(2, [lost])]);
			expect(await h.store.traceSpans(lost.traceId)).toHaveLength(1);
		}));

		it('surfaces a QuotaExceededError untouched, then evicts the oldest chunks with a notice', withStore(async (h) => {
			for (let i = 0; i < 10; i++) await h.store.writeBatches('e1', [batch(i + 1, randomSpans({ count: 100, startMs: t0 + i * 10_000, seconds: 5, seed: i }))]);
			h.arm('quota');
			const next = batch(11, randomSpans({ count: 100, startMs: t0 + 200_000, seconds: 5, seed: 99 }));
			const error = await h.store.writeBatches('e1', [next]).catch((e) => e);
			expect(isQuotaError(error)).toBe(true);
			expect(await h.store.readCursor()).toEqual({ epoch: 'e1', seq: 10 });
			const { notice } = await h.store.evictOldest({ fraction: 0.2, reason: 'quota', nowMs: t0 + 300_000 });
			expect(notice.removed.spanChunks).toBe(2);
			expect(notice.removed.spans).toBe(200);
			expect(notice.oldestSpanMs).toBeGreaterThanOrEqual(t0 + 20_000);
			await h.store.writeBatches('e1', [next]);
			const stats = await h.store.storageStats();
			expect(stats.tables.spanChunks.items).toBe(900);
			expect(stats.lastNotice?.kind).toBe('quota');
			expect(stats.cursor).toEqual({ epoch: 'e1', seq: 11 });
		}));

		it('iterates spans of a time range chunk by chunk, with filters', withStore(async (h) => {
			const spans = [
				...randomSpans({ count: 1_500, startMs: t0, seconds: 100, seed: 6 }),
				makeSpan({ service: 'db-caller', kind: SpanKind.Client, parentSpanId: 'a'.repeat(16), endMs: t0 + 50_500 })
			];
			await h.store.writeBatches('e1', [batch(1, spans)]);
			const chunks = await collect(h.store.spanChunks({ fromMs: t0 + 20_000, toMs: t0 + 60_000 }));
			const flat = chunks.flat();
			const expected = spans.filter((s) => { const e = (s.startUs + s.durationUs) / 1000; return e >= t0 + 20_000 && e < t0 + 60_000; });
			expect(flat).toHaveLength(expected.length);
			expect(chunks.every((c) => c.length <= 1_000)).toBe(true);
			const tx = (await collect(h.store.spanChunks({ fromMs: t0, toMs: t0 + 100_000, transactionsOnly: true }))).flat();
			expect(tx).toHaveLength(1_500);
			const one = (await collect(h.store.spanChunks({ fromMs: t0, toMs: t0 + 100_000, services: ['svc-1'] }))).flat();
			expect(one.length).toBe(spans.filter((s) => s.service === 'svc-1').length);
		}));

		it('scans up to a chunk id, and follows with the chunks after it, each span once', withStore(async (h) => {
			const first = randomSpans({ count: 1_200, startMs: t0, seconds: 10, seed: 21 });
			await h.store.writeBatches('e1', [batch(1, first)]);
			const lastId = await h.store.lastSpanChunkId();
			const later = randomSpans({ count: 300, startMs: t0, seconds: 10, seed: 22 });
			await h.store.writeBatches('e1', [batch(2, later)]);
			const scanned = (await collect(h.store.spanChunks({ fromMs: t0, toMs: t0 + 60_000, maxChunkId: lastId }))).flat();
			const followed: SpanRecord[] = [];
			for await (const c of h.store.spanChunksAfter(lastId)) followed.push(...c.spans);
			expect(scanned).toHaveLength(1_200);
			expect(followed).toHaveLength(300);
		}));

		it('keeps view documents beside the data', withStore(async (h) => {
			expect(await h.store.readViewDoc('topology.pins')).toBeUndefined();
			await h.store.writeViewDoc('topology.pins', { 'svc:a': { xPx: 1, yPx: 2 } });
			const reloaded = await h.reopen();
			expect(await reloaded.readViewDoc('topology.pins')).toEqual({ 'svc:a': { xPx: 1, yPx: 2 } });
		}));

		it('merges rollup checkpoints into stored windows and serves frames and summaries', withStore(async (h) => {
			h.setNow(t0 + 600_000);
			const spans = randomSpans({ count: 400, startMs: t0, seconds: 120, services: 3, seed: 8 });
			const pending = new PendingRollups();
			const rollup = new SpanRollup();
			rollup.addSpans(spans.slice(0, 250));
			pending.add(rollup.takeDeltas());
			await h.store.checkpointRollups({ windows: pending.records(), metricWindows: [], metricSeries: [], rolledChunkId: 4 });
			pending.clear();
			rollup.addSpans(spans.slice(250));
			pending.add(rollup.takeDeltas());
			await h.store.checkpointRollups({ windows: pending.records(), metricWindows: [], metricSeries: [], rolledChunkId: 7 });
			expect(await h.store.readRolledChunkId()).toBe(7);
			const frame = await h.store.seriesFrame({ level: '1m', fromMs: t0, toMs: t0 + 180_000, keys: [OVERALL_KEY, serviceKey('svc-0')] });
			expect(frame.xsSec).toEqual([t0 / 1000, t0 / 1000 + 60, t0 / 1000 + 120]);
			const counts = frame.series[OVERALL_KEY].count;
			expect(counts[0]! + counts[1]!).toBe(400);
			expect(counts[2]).toBe(0);
			const rows = await h.store.summaries({ kind: 'service', fromMs: t0, toMs: t0 + 180_000 });
			expect(rows.reduce((n, r) => n + r.count, 0)).toBe(400);
			expect(rows.find((r) => r.service === 'svc-0')!.count).toBe(spans.filter((s) => s.service === 'svc-0').length);
		}));

		it('records gaps and epoch resets', withStore(async (h) => {
			await h.store.writeBatches('e1', [batch(5, [])]);
			await h.store.recordGap({ epoch: 'e1', fromSeq: 6, toSeq: 9, fromMs: t0 + 10, toMs: t0 + 20, reason: 'relay-evicted', recordedMs: t0 });
			await h.store.resetCursor({ epoch: 'e2', seq: 0 }, { epoch: 'e1', fromSeq: 10, toSeq: 10, fromMs: t0 + 30, toMs: t0 + 30, reason: 'epoch-reset', recordedMs: t0 });
			expect(await h.store.readCursor()).toEqual({ epoch: 'e2', seq: 0 });
			const result = await h.store.writeBatches('e2', [batch(1, [makeSpan({ endMs: t0 })])]);
			expect(result.spans).toBe(1);
			const gaps = await h.store.gaps({ fromMs: t0, toMs: t0 + 100 });
			expect(gaps.map((g) => g.reason)).toEqual(['relay-evicted', 'epoch-reset']);
			expect(await h.store.gaps({ fromMs: t0 + 40, toMs: t0 + 100 })).toEqual([]);
		}));

		it('evicts by retention in small steps until done', withStore(async (h) => {
			const hour = 3_600_000;
			await h.store.updateSettings({ retentionHours: { spans: 1, rollup1s: 1 } });
			for (let i = 0; i < 6; i++) await h.store.writeBatches('e1', [batch(i + 1, randomSpans({ count: 20, startMs: t0 + i * 20 * 60_000, seconds: 1, seed: i }))]);
			const pending = new PendingRollups();
			const rollup = new SpanRollup();
			rollup.addSpans(randomSpans({ count: 50, startMs: t0, seconds: 2 * 3600, seed: 1 }));
			pending.add(rollup.takeDeltas());
			await h.store.checkpointRollups({ windows: pending.records(), metricWindows: [], metricSeries: [], rolledChunkId: 6 });
			const nowMs = t0 + 2 * hour;
			let steps = 0;
			let removedSpans = 0;
			for (;;) {
				const result = await h.store.evictExpired({ nowMs, maxChunks: 1, maxWindows: 10 });
				removedSpans += result.notice.removed.spans;
				steps++;
				if (result.done) break;
			}
			expect(steps).toBeGreaterThan(1);
			// chunks ending before now - 1 h: the first three (t0, +20 min, +40 min... +40 min ends before +60 min)
			expect(removedSpans).toBe(60);
			const stats = await h.store.storageStats();
			expect(stats.tables.spanChunks.items).toBe(60);
			const oneSecond = await h.store.rollupWindows({ level: '1s', fromMs: t0, toMs: t0 + 3 * hour });
			expect(oneSecond.every((w) => w.startMs >= nowMs - hour - 1_000)).toBe(true);
			expect((await h.store.rollupWindows({ level: '1m', fromMs: t0, toMs: t0 + 3 * hour })).length).toBeGreaterThan(0);
		}));

		it('stores metric points, their series and rollups', withStore(async (h) => {
			const points: MetricPoint[] = [0, 1, 2].map((i) => ({
				resourceId: 'r1', service: 'loans', instance: 'loans-0', name: 'heap', unit: 'By', type: 'gauge',
				timeUs: (t0 + i * 10_000) * 1000, attrs: {}, value: 100 + i
			}));
			await h.store.writeBatches('e1', [batch(1, [], { metrics: points })]);
			expect((await h.store.metricPoints({ name: 'heap', fromMs: t0 + 5_000, toMs: t0 + 60_000 })).map((p) => p.value)).toEqual([101, 102]);
			expect(await h.store.metricPoints({ name: 'other', fromMs: t0, toMs: t0 + 60_000 })).toEqual([]);
			const rollup = new MetricRollup();
			rollup.addPoints(points);
			const pending = new PendingRollups();
			pending.addMetrics(rollup.takeDeltas());
			await h.store.checkpointRollups({ windows: [], metricWindows: pending.metricRecords(), metricSeries: rollup.takeDescriptors(), rolledChunkId: 0 });
			const series = await h.store.metricSeries({ service: 'loans' });
			expect(series.map((d) => d.name)).toEqual(['heap']);
			const frame = await h.store.metricFrame({ level: '10s', name: 'heap', fromMs: t0, toMs: t0 + 30_000 });
			expect(frame.series[0].columns.last).toEqual([100, 101, 102]);
		}));

		it('iterates metric points and log records of a range chunk by chunk, with filters', withStore(async (h) => {
			const point = (i: number, name: string): MetricPoint => ({
				resourceId: 'r1', service: 'loans', instance: 'loans-0', name, unit: '1', type: 'gauge',
				timeUs: (t0 + i * 10) * 1000, attrs: {}, value: i
			});
			const points = Array.from({ length: 2_500 }, (_, i) => point(i, i % 5 === 0 ? 'db.calls' : 'heap'));
			const event = (i: number, eventName: string | undefined, service: string): LogRecord => ({ ...log('', t0 + i * 10), service, ...(eventName ? { eventName } : {}) });
			const logs = Array.from({ length: 1_200 }, (_, i) => event(i, i % 4 === 0 ? 'k8s.event' : undefined, i % 3 === 0 ? 'k8s-events' : 'loans'));
			await h.store.writeBatches('e1', [batch(1, [], { metrics: points.slice(0, 2_000) }), batch(2, [], { metrics: points.slice(2_000), logs })]);

			const range = { fromMs: t0 + 1_000, toMs: t0 + 20_000 };
			const inRange = (timeUs: number) => timeUs / 1000 >= range.fromMs && timeUs / 1000 < range.toMs;
			const calls = await collect(h.store.metricChunks({ ...range, names: ['db.calls'] }));
			expect(calls.flat().map((p) => p.value)).toEqual(points.filter((p) => p.name === 'db.calls' && inRange(p.timeUs)).map((p) => p.value));
			expect(calls.every((c) => c.length <= 1_000)).toBe(true);
			expect((await collect(h.store.metricChunks(range))).flat()).toHaveLength(points.filter((p) => inRange(p.timeUs)).length);
			expect((await collect(h.store.metricChunks({ ...range, names: ['absent'] }))).flat()).toEqual([]);

			const events = (await collect(h.store.logChunks({ fromMs: t0, toMs: t0 + 12_000, eventNames: ['k8s.event'], services: ['k8s-events'] }))).flat();
			expect(events.map((l) => l.timeUs)).toEqual(logs.filter((l) => l.eventName === 'k8s.event' && l.service === 'k8s-events').map((l) => l.timeUs));
			expect((await collect(h.store.logChunks({ fromMs: t0, toMs: t0 + 100 }))).flat()).toHaveLength(10);
		}));

		it('links logs to traces and lists them by severity', withStore(async (h) => {
			const trace = 'c'.repeat(32);
			await h.store.writeBatches('e1', [batch(1, [], { logs: [log(trace, t0 + 2), log('', t0 + 1, 17), log(trace, t0 + 1, 17)] })]);
			expect((await h.store.logsByTrace(trace)).map((l) => l.timeUs)).toEqual([(t0 + 1) * 1000, (t0 + 2) * 1000]);
			expect(await h.store.logs({ fromMs: t0, toMs: t0 + 10, minSeverity: 17 })).toHaveLength(2);
		}));

		it('keeps resources with first and last seen times', withStore(async (h) => {
			const span = makeSpan({ service: 'auth', endMs: t0 });
			await h.store.writeBatches('e1', [batch(1, [span], { receivedMs: t0 })]);
			await h.store.writeBatches('e1', [batch(2, [span], { receivedMs: t0 + 60_000 })]);
			const [resource] = await h.store.resources({ service: 'auth' });
			expect([resource.firstSeenMs, resource.lastSeenMs]).toEqual([t0, t0 + 60_000]);
			expect(await h.store.resources({ sinceMs: t0 + 120_000 })).toEqual([]);
		}));

		it('persists settings with defaults and ignores invalid edits', withStore(async (h) => {
			expect((await h.store.getSettings()).retentionHours.spans).toBe(24);
			await h.store.updateSettings({ relayUrl: 'http://relay:3000/', retentionHours: { spans: 12, logs: -1 } });
			const reloaded = await h.reopen();
			const settings = await reloaded.getSettings();
			expect(settings.relayUrl).toBe('http://relay:3000');
			expect(settings.retentionHours.spans).toBe(12);
			expect(settings.retentionHours.logs).toBe(1);
		}));

		it('keeps the metric rollup cursor with the checkpoint, across a reopen', withStore(async (h) => {
			expect(await h.store.readRolledMetricChunkId()).toBeUndefined();
			await h.store.checkpointRollups({ windows: [], metricWindows: [], metricSeries: [], rolledChunkId: 3, rolledMetricChunkId: 5 });
			expect(await h.store.readRolledMetricChunkId()).toBe(5);
			// a checkpoint without it (a caller that rolls up no metrics) leaves it as it was
			await h.store.checkpointRollups({ windows: [], metricWindows: [], metricSeries: [], rolledChunkId: 4 });
			expect(await h.store.readRolledMetricChunkId()).toBe(5);
			await h.store.checkpointRollups({ windows: [], metricWindows: [], metricSeries: [], rolledChunkId: 4, rolledMetricChunkId: 0 });
			expect(await h.store.readRolledMetricChunkId()).toBe(0);
			await h.store.checkpointRollups({ windows: [], metricWindows: [], metricSeries: [], rolledChunkId: 9, rolledMetricChunkId: 8 });
			const reopened = await h.reopen();
			expect(await reopened.readRolledMetricChunkId()).toBe(8);
			expect(await reopened.readRolledChunkId()).toBe(9);
		}));

		it('follows metric chunks after an id, ascending, whole', withStore(async (h) => {
			const point = (i: number, name = 'heap'): MetricPoint => ({
				resourceId: 'r1', service: 'loans', instance: 'loans-0', name, unit: 'By', type: 'gauge',
				timeUs: (t0 + i * 100) * 1000, attrs: {}, value: i
			});
			expect(await h.store.lastMetricChunkId()).toBe(0);
			const r1 = await h.store.writeBatches('e1', [batch(1, [makeSpan({ endMs: t0 })], { metrics: Array.from({ length: 2_500 }, (_, i) => point(i)) })]);
			const r2 = await h.store.writeBatches('e1', [batch(2, [], { metrics: Array.from({ length: 10 }, (_, i) => point(3_000 + i, 'gc')) })]);
			const r3 = await h.store.writeBatches('e1', [batch(3, [makeSpan({ endMs: t0 })])]);
			expect(r1.metricChunkIds).toHaveLength(3);
			expect(r2.metricChunkIds).toHaveLength(1);
			expect(r3.metricChunkIds).toEqual([]);
			const ids = [...r1.metricChunkIds, ...r2.metricChunkIds];
			expect([...ids].sort((a, b) => a - b)).toEqual(ids);
			expect(await h.store.lastMetricChunkId()).toBe(r2.metricChunkIds[0]);
			const follow = async (after: number, options?: { throughChunkId?: number; sinceMs?: number }) => {
				const steps: { id: number; values: number[]; fromMs: number; toMs: number }[] = [];
				for await (const c of h.store.metricChunksAfter(after, options)) steps.push({ id: c.id, values: c.points.map((p) => p.value!), fromMs: c.fromMs, toMs: c.toMs });
				return steps;
			};
			const after = await follow(r1.metricChunkIds[0]);
			expect(after.map((s) => s.id)).toEqual([r1.metricChunkIds[1], r1.metricChunkIds[2], r2.metricChunkIds[0]]);
			expect(after.flatMap((s) => s.values)).toEqual([...Array.from({ length: 1_500 }, (_, i) => 1_000 + i), ...Array.from({ length: 10 }, (_, i) => 3_000 + i)]);
			expect(after[0]).toMatchObject({ fromMs: t0 + 100_000, toMs: t0 + 199_900 });
			expect((await follow(0)).flatMap((s) => s.values)).toHaveLength(2_510);
			expect(await follow(r2.metricChunkIds[0])).toEqual([]);
			// bounded by id and by time: chunks holding points at or after sinceMs, up to throughChunkId
			expect((await follow(0, { throughChunkId: r1.metricChunkIds[1] })).map((s) => s.id)).toEqual(r1.metricChunkIds.slice(0, 2));
			expect((await follow(0, { throughChunkId: r1.metricChunkIds[2], sinceMs: t0 + 150_000 })).map((s) => s.id)).toEqual(r1.metricChunkIds.slice(1));
			expect((await follow(r1.metricChunkIds[1], { sinceMs: t0 + 250_000 })).map((s) => s.id)).toEqual([r2.metricChunkIds[0]]);
		}));

		it('lists span chunks after a rollup cursor for recovery', withStore(async (h) => {
			const r1 = await h.store.writeBatches('e1', [batch(1, randomSpans({ count: 1_200, startMs: t0, seconds: 5, seed: 2 }))]);
			const r2 = await h.store.writeBatches('e1', [batch(2, randomSpans({ count: 10, startMs: t0, seconds: 5, seed: 3 }))]);
			expect(await h.store.lastSpanChunkId()).toBe(r2.spanChunkIds[0]);
			const after: number[] = [];
			let spans = 0;
			for await (const c of h.store.spanChunksAfter(r1.spanChunkIds[0])) {
				after.push(c.id);
				spans += c.spans.length;
			}
			expect(after).toEqual([r1.spanChunkIds[1], r2.spanChunkIds[0]]);
			expect(spans).toBe(210);
		}));
	});
}
