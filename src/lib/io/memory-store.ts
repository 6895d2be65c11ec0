/**
 * The in-memory twin of DexieTelemetryStore: same contract, same suite
 * (telemetry-store.contract.ts). Used by component tests, Node tools, and as the fallback
 * when IndexedDB cannot be opened ("This is non-fatal: the app keeps running in memory
 * until reload").
 *
 * Bound: at most `maxSpans` raw spans (default 1,000,000); past it the oldest 10 % of span
 * chunks are evicted and a `memory` notice is recorded.
 */
import type { LogRecord, MetricPoint, SpanRecord, TelemetryBatch } from '../protocol/records';
import { windowStartMs, type RollupLevel } from '../domain/telemetry/levels';
import { mergeWindowRecord } from '../domain/telemetry/rollup';
import type { RollupPart } from '../domain/telemetry/rollup-parts';
import { mergeMetricRecord } from '../domain/telemetry/metric-stats';
import type { GapRecord, MetricRollupRecord, MetricSeriesDescriptor, RollupWindowRecord, StorageNotice, StoredResource, StreamCursor } from '../domain/telemetry/types';
import { isTransaction } from '../domain/telemetry/transactions';
import { toLogChunks, toMetricChunks, toSpanChunks, type ChunkKind, type LogChunk, type MetricChunk, type SpanChunk } from './chunks';
import { txKindsOf } from './transaction-chunks';
import { MemoryTransactions } from './memory-transactions';
import { StoreReads, maxStoredNotices, type StoreClock } from './store-base';
import { evictionPlan, emptyRemoved, mergeDescriptor, mergeResource, notice, filterSpans, filterPoints, filterLogs, filterChunkLogs, filterChunkPoints } from './store-helpers';
import type { EvictionResult, LogChunkQuery, LogQuery, MetricChunkQuery, MetricChunkStep, MetricFollowOptions, MetricPointQuery, RangeQuery, RollupCheckpoint, SpanChunkQuery, SpanFollowOptions, StorageStats, TableStats, TelemetryDatabase, WriteResult } from './telemetry-store';

export interface MemoryStoreOptions {
	clock?: StoreClock;
	maxSpans?: number;
	/** Test hook: called before each write transaction; throwing aborts it with nothing written. */
	beforeWrite?: () => void;
}

type Chunk = SpanChunk | MetricChunk | LogChunk;

export class MemoryTelemetryStore extends StoreReads implements TelemetryDatabase {
	private readonly chunks: Record<ChunkKind, Map<number, Chunk>> = { span: new Map(), metric: new Map(), log: new Map() };
	private readonly transactions = new MemoryTransactions();
	private nextChunkId = 1;
	private readonly rollups = new Map<string, RollupWindowRecord>();
	private readonly metricRollups = new Map<string, MetricRollupRecord>();
	private readonly descriptors = new Map<string, MetricSeriesDescriptor>();
	private readonly resourceMap = new Map<string, StoredResource>();
	private gapList: GapRecord[] = [];
	private nextGapId = 1;
	private readonly meta = new Map<string, unknown>();
	private readonly maxSpans: number;
	private spanTotal = 0;
	private readonly beforeWrite: () => void;

	constructor(options: MemoryStoreOptions = {}) {
		super(options.clock);
		this.maxSpans = options.maxSpans ?? 1_000_000;
		this.beforeWrite = options.beforeWrite ?? (() => {});
	}

	close(): void {}

	protected async readMeta<T>(key: string): Promise<T | undefined> {
		return structuredClone(this.meta.get(key)) as T | undefined;
	}

	protected async writeMeta(key: string, value: unknown): Promise<void> {
		this.beforeWrite();
		this.meta.set(key, structuredClone(value));
	}

	// ---- writer ----

	/** `texts` are not kept: this store holds span objects (structured-cloned). */
	async writeBatches(epoch: string, batches: TelemetryBatch[], _texts?: readonly (string | undefined)[]): Promise<WriteResult> {
		this.beforeWrite();
		const cursor = this.meta.get('cursor') as StreamCursor | undefined;
		const fresh = batches.filter((b) => !cursor || cursor.epoch !== epoch || b.seq > cursor.seq);
		const spanChunks = toSpanChunks(epoch, fresh);
		const ids: number[] = [];
		for (const chunk of spanChunks) {
			const id = this.addChunk('span', chunk);
			this.transactions.copy(id, this.chunks.span.get(id) as SpanChunk);
			ids.push(id);
		}
		const metricIds = toMetricChunks(epoch, fresh).map((chunk) => this.addChunk('metric', chunk));
		for (const chunk of toLogChunks(epoch, fresh)) this.addChunk('log', chunk);
		for (const batch of fresh) {
			for (const resource of batch.resources) {
				this.resourceMap.set(resource.id, mergeResource(this.resourceMap.get(resource.id), resource, batch.receivedMs));
			}
		}
		const last = fresh.at(-1);
		const next: StreamCursor = last ? { epoch, seq: last.seq } : (cursor ?? { epoch, seq: 0 });
		this.meta.set('cursor', next);
		const spans = fresh.reduce((n, b) => n + b.spans.length, 0);
		this.spanTotal += spans;
		if (this.spanTotal > this.maxSpans) await this.evictOldest({ fraction: 0.1, reason: 'memory', nowMs: this.clock.now() });
		return {
			spanChunkIds: ids,
			metricChunkIds: metricIds,
			spans,
			metricPoints: fresh.reduce((n, b) => n + b.metrics.length, 0),
			logs: fresh.reduce((n, b) => n + b.logs.length, 0),
			cursor: { ...next }
		};
	}

	private addChunk(kind: ChunkKind, chunk: Chunk): number {
		const id = this.nextChunkId++;
		this.chunks[kind].set(id, structuredClone({ ...chunk, id }));
		return id;
	}

	async readCursor(): Promise<StreamCursor | undefined> {
		return this.readMeta<StreamCursor>('cursor');
	}

	async resetCursor(cursor: StreamCursor, gap?: GapRecord): Promise<void> {
		this.beforeWrite();
		this.meta.set('cursor', { ...cursor });
		if (gap) this.gapList.push({ ...gap, id: this.nextGapId++ });
	}

	async recordGap(gap: GapRecord): Promise<void> {
		this.beforeWrite();
		this.gapList.push({ ...gap, id: this.nextGapId++ });
	}

	async checkpointRollups(checkpoint: RollupCheckpoint): Promise<void> {
		this.beforeWrite();
		for (const w of checkpoint.windows) {
			const id = w.level + '@' + w.startMs;
			this.rollups.set(id, structuredClone(mergeWindowRecord(this.rollups.get(id), w)));
		}
		for (const w of checkpoint.metricWindows) {
			const id = w.level + '@' + w.startMs;
			this.metricRollups.set(id, structuredClone(mergeMetricRecord(this.metricRollups.get(id), w)));
		}
		for (const d of checkpoint.metricSeries) this.descriptors.set(d.key, mergeDescriptor(this.descriptors.get(d.key), d));
		this.meta.set('rolledChunkId', checkpoint.rolledChunkId);
		if (checkpoint.rolledMetricChunkId !== undefined) this.meta.set('rolledMetricChunkId', checkpoint.rolledMetricChunkId);
	}

	async readRolledChunkId(): Promise<number> {
		return (this.meta.get('rolledChunkId') as number | undefined) ?? 0;
	}

	async readRolledMetricChunkId(): Promise<number | undefined> {
		return this.meta.get('rolledMetricChunkId') as number | undefined;
	}

	async *metricChunksAfter(afterChunkId: number, options: MetricFollowOptions = {}): AsyncIterable<MetricChunkStep> {
		const through = options.throughChunkId ?? Infinity;
		const since = options.sinceMs ?? -Infinity;
		const ids = ([...this.chunks.metric] as [number, MetricChunk][])
			.filter(([id, c]) => id > afterChunkId && id <= through && c.toMs >= since)
			.map(([id]) => id)
			.sort((a, b) => a - b);
		for (const id of ids) {
			const chunk = this.chunks.metric.get(id) as MetricChunk | undefined;
			if (chunk) yield { id, fromMs: chunk.fromMs, toMs: chunk.toMs, points: structuredClone(chunk.points) };
		}
	}

	async lastMetricChunkId(): Promise<number> {
		let max = 0;
		for (const id of this.chunks.metric.keys()) if (id > max) max = id;
		return max;
	}

	async *spanChunksAfter(afterChunkId: number, options: SpanFollowOptions = {}): AsyncIterable<{ id: number; spans: SpanRecord[] }> {
		const kinds = txKindsOf(options);
		if (kinds) {
			yield* this.transactions.after(afterChunkId, kinds);
			return;
		}
		const ids = [...this.chunks.span.keys()].filter((id) => id > afterChunkId).sort((a, b) => a - b);
		for (const id of ids) {
			const chunk = this.chunks.span.get(id) as SpanChunk | undefined;
			if (chunk) yield { id, spans: structuredClone(chunk.spans) };
		}
	}

	async lastSpanChunkId(): Promise<number> {
		let max = 0;
		for (const id of this.chunks.span.keys()) if (id > max) max = id;
		return max;
	}

	async evictExpired(options: { nowMs: number; maxChunks?: number; maxWindows?: number }): Promise<EvictionResult> {
		this.beforeWrite();
		const settings = await this.getSettings();
		const plan = evictionPlan(settings, options.nowMs);
		const removed = emptyRemoved();
		let budget = options.maxChunks ?? 50;
		for (const kind of ['span', 'metric', 'log'] as const) {
			for (const [id, chunk] of this.chunks[kind]) {
				if (budget <= 0) break;
				if (chunk.toMs < plan.chunkBeforeMs[kind]) {
					this.deleteChunk(kind, id, removed);
					budget--;
				}
			}
		}
		let windows = options.maxWindows ?? 500;
		for (const [id, record] of this.rollups) {
			if (windows <= 0) break;
			if (record.startMs < plan.rollupStartBeforeMs[record.level]) {
				this.rollups.delete(id);
				removed.rollupWindows++;
				windows--;
			}
		}
		for (const [id, record] of this.metricRollups) {
			if (windows <= 0) break;
			if (record.startMs < plan.rollupStartBeforeMs[record.level]) {
				this.metricRollups.delete(id);
				windows--;
			}
		}
		this.gapList = this.gapList.filter((g) => g.toMs >= plan.metadataBeforeMs);
		for (const [id, r] of this.resourceMap) if (r.lastSeenMs < plan.metadataBeforeMs) this.resourceMap.delete(id);
		for (const [key, d] of this.descriptors) if (d.lastSeenMs < plan.metadataBeforeMs) this.descriptors.delete(key);
		return { notice: notice('retention', options.nowMs, removed, this.oldestSpanMs()), done: budget > 0 && windows > 0 };
	}

	async evictOldest(options: { fraction: number; reason: 'quota' | 'budget' | 'memory'; nowMs: number }): Promise<EvictionResult> {
		const removed = emptyRemoved();
		for (const kind of ['span', 'log', 'metric'] as const) {
			const byAge = [...this.chunks[kind].entries()].sort((a, b) => a[1].toMs - b[1].toMs);
			const n = Math.ceil(byAge.length * options.fraction);
			for (const [id] of byAge.slice(0, n)) this.deleteChunk(kind, id, removed);
		}
		const result = { notice: notice(options.reason, options.nowMs, removed, this.oldestSpanMs()), done: this.chunks.span.size === 0 };
		await this.recordNotice(result.notice);
		return result;
	}

	private deleteChunk(kind: ChunkKind, id: number, removed: StorageNotice['removed']): void {
		const chunk = this.chunks[kind].get(id);
		if (!chunk) return;
		this.chunks[kind].delete(id);
		if (kind === 'span') {
			this.transactions.drop(id);
			removed.spanChunks++;
			removed.spans += chunk.count;
			this.spanTotal -= chunk.count;
		} else if (kind === 'metric') removed.metricChunks++;
		else removed.logChunks++;
	}

	async recordNotice(n: StorageNotice): Promise<void> {
		const list = (this.meta.get('notices') as StorageNotice[] | undefined) ?? [];
		this.meta.set('notices', [n, ...list].slice(0, maxStoredNotices));
	}

	// ---- reads ----

	/** Returns whole windows whatever `parts` asks for (memory reads cost nothing to skip). */
	async rollupWindows(query: RangeQuery & { level: RollupLevel; parts?: RollupPart[] }): Promise<RollupWindowRecord[]> {
		return structuredClone(inRange([...this.rollups.values()], query));
	}

	protected async metricRollupWindows(query: RangeQuery & { level: RollupLevel }): Promise<MetricRollupRecord[]> {
		return structuredClone(inRange([...this.metricRollups.values()], query));
	}

	protected async firstRollupStartMs(level: RollupLevel): Promise<number | undefined> {
		let first: number | undefined;
		for (const r of this.rollups.values()) if (r.level === level && (first === undefined || r.startMs < first)) first = r.startMs;
		return first;
	}

	async gaps(query: RangeQuery): Promise<GapRecord[]> {
		return this.gapList.filter((g) => g.toMs >= query.fromMs && g.fromMs < query.toMs).sort((a, b) => a.fromMs - b.fromMs).map((g) => ({ ...g }));
	}

	async traceSpans(traceId: string): Promise<SpanRecord[]> {
		const out: SpanRecord[] = [];
		for (const chunk of this.chunks.span.values() as Iterable<SpanChunk>) {
			if (!chunk.traceIds.includes(traceId)) continue;
			for (const s of chunk.spans) if (s.traceId === traceId) out.push(structuredClone(s));
		}
		return out.sort((a, b) => a.startUs - b.startUs);
	}

	async *spanChunks(query: SpanChunkQuery): AsyncIterable<SpanRecord[]> {
		const kinds = txKindsOf(query);
		if (kinds) {
			yield* this.transactions.chunks(query, kinds);
			return;
		}
		const maxId = query.maxChunkId ?? Infinity;
		const chunks = ([...this.chunks.span] as [number, SpanChunk][])
			.filter(([id, c]) => c.toMs >= query.fromMs && c.fromMs < query.toMs && id <= maxId)
			.map(([, c]) => c)
			.sort((a, b) => a.fromMs - b.fromMs);
		for (const chunk of chunks) {
			const spans = filterSpans(chunk.spans, query, isTransaction);
			if (spans.length) yield structuredClone(spans);
		}
	}

	async resources(query: { sinceMs?: number; service?: string } = {}): Promise<StoredResource[]> {
		return [...this.resourceMap.values()]
			.filter((r) => (query.sinceMs === undefined || r.lastSeenMs >= query.sinceMs) && (query.service === undefined || r.service === query.service))
			.sort((a, b) => b.lastSeenMs - a.lastSeenMs)
			.map((r) => structuredClone(r));
	}

	async metricSeries(query: { name?: string; service?: string } = {}): Promise<MetricSeriesDescriptor[]> {
		return [...this.descriptors.values()]
			.filter((d) => (query.name === undefined || d.name === query.name) && (query.service === undefined || d.service === query.service))
			.sort((a, b) => a.key.localeCompare(b.key))
			.map((d) => structuredClone(d));
	}

	async metricPoints(query: MetricPointQuery): Promise<MetricPoint[]> {
		const chunks = ([...this.chunks.metric.values()] as MetricChunk[]).filter((c) => c.toMs >= query.fromMs && c.fromMs < query.toMs && c.names.includes(query.name));
		return structuredClone(filterPoints(chunks.flatMap((c) => c.points), query));
	}

	async *metricChunks(query: MetricChunkQuery): AsyncIterable<MetricPoint[]> {
		const chunks = ([...this.chunks.metric.values()] as MetricChunk[])
			.filter((c) => c.toMs >= query.fromMs && c.fromMs < query.toMs && (!query.names || query.names.some((n) => c.names.includes(n))))
			.sort((a, b) => a.fromMs - b.fromMs);
		for (const chunk of chunks) {
			const points = filterChunkPoints(chunk.points, query);
			if (points.length) yield structuredClone(points);
		}
	}

	async *logChunks(query: LogChunkQuery): AsyncIterable<LogRecord[]> {
		const chunks = ([...this.chunks.log.values()] as LogChunk[]).filter((c) => c.toMs >= query.fromMs && c.fromMs < query.toMs).sort((a, b) => a.fromMs - b.fromMs);
		for (const chunk of chunks) {
			const logs = filterChunkLogs(chunk.logs, query);
			if (logs.length) yield structuredClone(logs);
		}
	}

	async logsByTrace(traceId: string): Promise<LogRecord[]> {
		const logs = ([...this.chunks.log.values()] as LogChunk[]).filter((c) => c.traceIds.includes(traceId)).flatMap((c) => c.logs.filter((l) => l.traceId === traceId));
		return structuredClone(logs.sort((a, b) => a.timeUs - b.timeUs));
	}

	async logs(query: LogQuery): Promise<LogRecord[]> {
		const chunks = ([...this.chunks.log.values()] as LogChunk[]).filter((c) => c.toMs >= query.fromMs && c.fromMs < query.toMs);
		return structuredClone(filterLogs(chunks.flatMap((c) => c.logs), query));
	}

	async spansHeldFromMs(): Promise<number> {
		return this.oldestSpanMs();
	}

	async storageStats(): Promise<StorageStats> {
		const chunkStats = (kind: ChunkKind): TableStats => {
			let items = 0;
			let approxBytes = 0;
			for (const c of this.chunks[kind].values()) {
				items += c.count;
				approxBytes += c.approxBytes;
			}
			return { rows: this.chunks[kind].size, items, approxBytes };
		};
		const rows = (n: number, each: number): TableStats => ({ rows: n, items: n, approxBytes: n * each });
		const settings = await this.getSettings();
		const notices = (this.meta.get('notices') as StorageNotice[] | undefined) ?? [];
		let newest = 0;
		for (const c of this.chunks.span.values()) newest = Math.max(newest, c.toMs);
		return {
			tables: {
				spanChunks: chunkStats('span'),
				metricChunks: chunkStats('metric'),
				logChunks: chunkStats('log'),
				transactionChunks: this.transactions.stats(),
				rollups: rows(this.rollups.size, 4_096),
				metricRollups: rows(this.metricRollups.size, 4_096),
				resources: rows(this.resourceMap.size, 512),
				gaps: rows(this.gapList.length, 128)
			},
			oldestSpanMs: this.oldestSpanMs(),
			newestSpanMs: newest,
			retentionHours: settings.retentionHours,
			storageBudgetMb: settings.storageBudgetMb,
			lastNotice: notices[0],
			cursor: (await this.readCursor()) ?? undefined
		};
	}

	private oldestSpanMs(): number {
		let oldest = Infinity;
		for (const c of this.chunks.span.values()) oldest = Math.min(oldest, c.fromMs);
		return Number.isFinite(oldest) ? oldest : 0;
	}
}

/** Windows of the level that overlap [fromMs, toMs). */
function inRange<T extends { level: RollupLevel; startMs: number }>(records: T[], query: RangeQuery & { level: RollupLevel }): T[] {
	const lower = windowStartMs(query.level, query.fromMs);
	return records.filter((r) => r.level === query.level && r.startMs >= lower && r.startMs < query.toMs).sort((a, b) => a.startMs - b.startMs);
}
