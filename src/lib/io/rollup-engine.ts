/**
 * The writer tab's rollup worker logic: transactions and metric points in (from the ingest
 * worker, after they are stored), LiveSnapshots out once a second, rollup checkpoints and
 * eviction in the background.
 *
 * Durability: rollup deltas are checkpointed every `checkpointEveryMs` (5 s), merged into
 * stored windows together with `rolledChunkId` (the last span chunk reflected) and
 * `rolledMetricChunkId` (the last metric chunk reflected), in one transaction. After a crash,
 * a reload or a writer hand-over, `start()` re-reads span chunks and metric chunks after
 * those ids, and skips hand-overs whose chunks that replay already read, so span and metric
 * rollups lose nothing and count nothing twice. A replay reads at most what was written since
 * the last checkpoint that landed (chunks evicted meanwhile are absent, and so not counted),
 * plus, for metrics, the chunks of `metricBaselineLookbackMs` before it (see below).
 *
 * Eviction runs every `evictEveryMs` (30 s) in small transactions, plus a storage-budget
 * check; a write refused for quota evicts the oldest data, and the notice goes to the snapshot.
 */
import type { MetricPoint } from '../protocol/records';
import { ActiveTracker } from '../domain/telemetry/active';
import type { ConnectionStatus, IngestStatus, LiveSnapshot } from '../domain/telemetry/live-snapshot';
import { LiveRing, defaultSettleMs } from '../domain/telemetry/live-ring';
import { MetricRollup } from '../domain/telemetry/metric-rollup';
import { PendingRollups, maxPendingWindows } from '../domain/telemetry/pending-rollups';
import { budgetEvictionFraction, quotaEvictionFraction } from '../domain/telemetry/retention';
import { SpanRollup } from '../domain/telemetry/rollup';
import { OVERALL_KEY, serviceKey } from '../domain/telemetry/series-key';
import { toSpanColumns, type SpanColumns } from '../domain/telemetry/span-columns';
import type { GapRecord, StorageNotice } from '../domain/telemetry/types';
import { isQuotaError } from './chunks';
import type { TelemetryDatabase } from './telemetry-store';

export interface RollupEngineOptions {
	store: TelemetryDatabase;
	publish: (snapshot: LiveSnapshot) => void;
	now?: () => number;
	settleMs?: number;
	checkpointEveryMs?: number;
	evictEveryMs?: number;
	/** `navigator.storage.estimate` where available. */
	estimateStorage?: () => Promise<{ usage?: number; quota?: number } | undefined>;
}

/**
 * Cumulative sums and histograms become increases by differencing consecutive points of a
 * series (metric-rollup.ts); the first point a MetricRollup sees of a series only sets the
 * baseline. So that the first replayed (or first live) point after a restart is differenced
 * against the point before it exactly as an engine that never stopped would, `start()` first
 * feeds the metric chunks at or below the metric cursor that hold points of this long before
 * the replay into the rollup and discards their windows (already stored). A series silent for
 * longer has no baseline: its first point counts an increase of 0 (no spike from the counter's
 * whole value, no negative rate); its increase since the last point before the restart is
 * not counted. 5 min: longer than common export intervals (10-60 s).
 */
export const metricBaselineLookbackMs = 5 * 60_000;
/** Notices stay in snapshots this long. */
const noticeShowMs = 10 * 60_000;
const gapsRefreshMs = 5_000;

export class RollupEngine {
	private readonly spans = new SpanRollup();
	private readonly metrics = new MetricRollup();
	private readonly active = new ActiveTracker();
	private readonly ring = new LiveRing();
	private pending = new PendingRollups();
	/** Checkpoints not yet written, each with the last span chunk it reflects. */
	private unsaved: { pending: PendingRollups; rolledChunkId: number; rolledMetricChunkId: number }[] = [];
	private lastChunkId = 0;
	private lastMetricChunkId = 0;
	/**
	 * Newest span chunk the start-up replay read. The ingest worker writes while the replay
	 * runs and its hand-overs wait in the port meanwhile: a hand-over whose chunks are at or
	 * below this id was already counted by the replay (a write group commits all its chunks
	 * in one transaction, and the replay reads a snapshot of chunk ids), so it is skipped.
	 */
	private replayedThroughChunkId = 0;
	/** The same for metric chunks: hand-overs with metric chunks at or below it are not added again. */
	private replayedThroughMetricChunkId = 0;
	private lastCheckpointMs = 0;
	private lastEvictMs = 0;
	private lastGapsMs = -Infinity;
	private gaps: GapRecord[] = [];
	private notices: StorageNotice[] = [];
	private connection: ConnectionStatus;
	private ingest: IngestStatus;
	private busy = false;
	private readonly now: () => number;

	constructor(private readonly options: RollupEngineOptions) {
		this.now = options.now ?? Date.now;
		this.connection = { state: 'connecting', demo: false, sinceMs: this.now(), epoch: '', lastSeq: 0, relayLastSeq: 0 };
		this.ingest = { queuedBatches: 0, queuedRecords: 0, maxQueuedRecords: 0, paused: false, spansPerSec: 0, writtenSpans: 0, writtenBatches: 0, overflowedEndpoints: 0, overflowedInstances: 0 };
	}

	/** Replays span and metric chunks stored after the last checkpoint and preloads the live ring. */
	async start(): Promise<{ replayedSpans: number; replayedMetricPoints: number }> {
		const store = this.options.store;
		const clockMs = this.clockMs();
		this.ring.markCollectedFrom(clockMs);
		this.ring.preload(await store.rollupWindows({ level: '1s', fromMs: clockMs - 300_000, toMs: clockMs + 60_000 }));
		let replayedSpans = 0;
		const rolled = await store.readRolledChunkId();
		this.lastChunkId = rolled;
		for await (const chunk of store.spanChunksAfter(rolled)) {
			this.spans.addColumns(toSpanColumns(chunk.spans), clockMs);
			this.lastChunkId = chunk.id;
			replayedSpans += chunk.spans.length;
		}
		this.replayedThroughChunkId = this.lastChunkId;
		// replayed windows merge into stored ones (and the ring, which holds only what was stored)
		const replayed = this.spans.takeDeltas();
		this.ring.add(replayed);
		this.pending.add(replayed);
		const replayedMetricPoints = await this.replayMetrics(clockMs);
		this.lastCheckpointMs = this.now();
		this.lastEvictMs = this.now();
		return { replayedSpans, replayedMetricPoints };
	}

	/**
	 * Metric chunks after the stored metric cursor into the metric rollup (never into the
	 * active tracker: old points must not set the current in-flight estimate). A store
	 * without a metric cursor (written before metric replay existed) starts from the newest
	 * metric chunk held: its older windows may already hold those points, so replaying all
	 * history would count them twice. Points of groups stored while that first start runs
	 * may then lose their counter increases (they are baselines twice, never counted twice).
	 */
	private async replayMetrics(clockMs: number): Promise<number> {
		const store = this.options.store;
		const stored = await store.readRolledMetricChunkId();
		if (stored === undefined) {
			// nothing is replayed, so every hand-over counts (replayedThroughMetricChunkId stays 0)
			this.lastMetricChunkId = await store.lastMetricChunkId();
			await this.primeMetricBaselines(this.lastMetricChunkId, clockMs);
			return 0;
		}
		this.lastMetricChunkId = stored;
		const replay = store.metricChunksAfter(stored)[Symbol.asyncIterator]();
		let step = await replay.next();
		await this.primeMetricBaselines(stored, step.done ? clockMs : Math.min(clockMs, step.value.fromMs));
		let points = 0;
		for (; !step.done; step = await replay.next()) {
			this.metrics.addPoints(step.value.points);
			this.lastMetricChunkId = step.value.id;
			points += step.value.points.length;
		}
		this.replayedThroughMetricChunkId = this.lastMetricChunkId;
		this.pending.addMetrics(this.metrics.takeDeltas());
		return points;
	}

	/** Series baselines from chunks at or below `throughChunkId` (see metricBaselineLookbackMs); their windows are dropped. */
	private async primeMetricBaselines(throughChunkId: number, beforeMs: number): Promise<void> {
		if (throughChunkId <= 0) return;
		for await (const chunk of this.options.store.metricChunksAfter(0, { throughChunkId, sinceMs: beforeMs - metricBaselineLookbackMs })) {
			this.metrics.addPoints(chunk.points);
		}
		this.metrics.takeDeltas();
	}

	/**
	 * Stored transactions and points (ingest worker hand-over). `lastChunkId` /
	 * `lastMetricChunkId` = newest span / metric chunk the write stored (0: none). Spans and
	 * points the start-up replay already read are skipped, each kind on its own: the two
	 * replays read at different moments, so one write group can fall before one and after
	 * the other.
	 */
	ingestColumns(columns: SpanColumns, metricPoints: readonly MetricPoint[], lastChunkId: number, lastMetricChunkId = 0): void {
		if (lastChunkId === 0 || lastChunkId > this.replayedThroughChunkId) this.spans.addColumns(columns, this.clockMs());
		if (metricPoints.length) {
			if (lastMetricChunkId === 0 || lastMetricChunkId > this.replayedThroughMetricChunkId) this.metrics.addPoints(metricPoints);
			// in-flight values are live whether or not the replay rolled their points up
			this.active.observe(metricPoints);
		}
		if (lastChunkId > this.lastChunkId) this.lastChunkId = lastChunkId;
		if (lastMetricChunkId > this.lastMetricChunkId) this.lastMetricChunkId = lastMetricChunkId;
	}

	setStatus(status: { connection: ConnectionStatus; ingest: IngestStatus }): void {
		this.connection = status.connection;
		this.ingest = status.ingest;
	}

	addNotice(notice: StorageNotice): void {
		this.notices = [notice, ...this.notices].slice(0, 20);
	}

	clockMs(): number {
		return this.now() + (this.connection.clockSkewMs ?? 0);
	}

	/** Once a second: fold new deltas into the ring and the pending checkpoint, publish, and run due background work. */
	async tick(): Promise<LiveSnapshot> {
		const nowMs = this.clockMs();
		const deltas = this.spans.takeDeltas();
		this.ring.add(deltas);
		this.pending.add(deltas);
		this.pending.addMetrics(this.metrics.takeDeltas());
		const sample = this.active.sampleAt(nowMs);
		if (sample) {
			this.ring.setActive(nowMs, sample.overall, sample.services);
			this.pending.addActive(nowMs, OVERALL_KEY, sample.overall);
			for (const [service, value] of sample.services) this.pending.addActive(nowMs, serviceKey(service), value);
		}
		const dueCheckpoint = this.now() - this.lastCheckpointMs >= (this.options.checkpointEveryMs ?? 5_000) || this.pending.windowCount > maxPendingWindows;
		if (dueCheckpoint) {
			this.unsaved.push({ pending: this.pending, rolledChunkId: this.lastChunkId, rolledMetricChunkId: this.lastMetricChunkId });
			this.pending = new PendingRollups();
			this.lastCheckpointMs = this.now();
		}
		const snapshot = this.snapshot(nowMs);
		this.options.publish(snapshot);
		if (!this.busy) {
			this.busy = true;
			try {
				if (this.unsaved.length) await this.checkpoint();
				if (this.now() - this.lastGapsMs >= gapsRefreshMs) {
					this.lastGapsMs = this.now();
					this.gaps = await this.options.store.gaps({ fromMs: nowMs - 400_000, toMs: nowMs + 60_000 });
				}
				if (this.now() - this.lastEvictMs >= (this.options.evictEveryMs ?? 30_000)) {
					this.lastEvictMs = this.now();
					await this.evict(nowMs);
				}
			} finally {
				this.busy = false;
			}
		}
		return snapshot;
	}

	/** Moves everything pending into a checkpoint and writes it (used on stop and in tests). */
	async flush(): Promise<void> {
		this.pending.add(this.spans.takeDeltas());
		this.pending.addMetrics(this.metrics.takeDeltas());
		this.unsaved.push({ pending: this.pending, rolledChunkId: this.lastChunkId, rolledMetricChunkId: this.lastMetricChunkId });
		this.pending = new PendingRollups();
		await this.checkpoint();
	}

	/** Writes every unsaved checkpoint in order; a failure keeps them for the next tick. */
	async checkpoint(): Promise<void> {
		while (this.unsaved.length) {
			const { pending, rolledChunkId, rolledMetricChunkId } = this.unsaved[0];
			try {
				await this.options.store.checkpointRollups({
					windows: pending.records(),
					metricWindows: pending.metricRecords(),
					metricSeries: this.metrics.takeDescriptors(),
					rolledChunkId,
					rolledMetricChunkId
				});
				this.unsaved.shift();
			} catch (error) {
				if (isQuotaError(error)) {
					const { notice } = await this.options.store.evictOldest({ fraction: quotaEvictionFraction, reason: 'quota', nowMs: this.now() });
					this.addNotice(notice);
				}
				return;
			}
		}
	}

	/** Runs the eviction pass at the next tick instead of within `evictEveryMs` (retention just changed). */
	evictAtNextTick(): void {
		this.lastEvictMs = -Infinity;
	}

	/** Retention in small steps, then the storage budget. */
	async evict(nowMs = this.clockMs()): Promise<void> {
		const store = this.options.store;
		for (let step = 0; step < 100; step++) {
			const { notice, done } = await store.evictExpired({ nowMs });
			const r = notice.removed;
			if (r.spanChunks + r.metricChunks + r.logChunks + r.rollupWindows > 0) {
				await store.recordNotice(notice);
				this.addNotice(notice);
			}
			if (done) break;
		}
		const estimate = await this.options.estimateStorage?.().catch(() => undefined);
		if (estimate?.usage !== undefined) {
			const fraction = budgetEvictionFraction(estimate.usage, (await store.getSettings()).storageBudgetMb);
			if (fraction > 0) this.addNotice((await store.evictOldest({ fraction, reason: 'budget', nowMs })).notice);
		}
	}

	snapshot(nowMs = this.clockMs()): LiveSnapshot {
		const overflow = this.spans.budget.overflow();
		return this.ring.snapshot({
			nowMs,
			settleMs: this.options.settleMs ?? defaultSettleMs,
			connection: this.connection,
			ingest: { ...this.ingest, overflowedEndpoints: overflow.endpoints, overflowedInstances: overflow.instances },
			gaps: this.gaps,
			notices: this.notices.filter((n) => nowMs - n.atMs < noticeShowMs)
		});
	}
}
