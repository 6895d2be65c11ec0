/**
 * TelemetryStore and TelemetryWriter on IndexedDB (Dexie 4). See dexie-schema.ts for the
 * tables. Ingest writes each group of batches with the cursor in one transaction; eviction
 * works in small transactions (at most `maxChunks` chunks or `maxWindows` windows each) so
 * it never holds ingest up for long.
 */
import Dexie from 'dexie';
import type { LogRecord, MetricPoint, ResourceRecord, SpanRecord, TelemetryBatch } from '../protocol/records';
import { windowStartMs, type RollupLevel } from '../domain/telemetry/levels';
import { mergeWindowRecord } from '../domain/telemetry/rollup';
import { mergeMetricRecord } from '../domain/telemetry/metric-stats';
import { joinMetricParts, joinPartRecords, rollupParts, splitMetricRecord, splitWindowRecord, type RollupPart } from '../domain/telemetry/rollup-parts';
import type { GapRecord, MetricRollupRecord, MetricSeriesDescriptor, RollupWindowRecord, StorageNotice, StoredResource, StreamCursor } from '../domain/telemetry/types';
import { chunkMetaOf, chunkSpans, toLogChunks, toMetricChunks, toSpanChunkDrafts, type ChunkMeta } from './chunks';
import { TelemetryDexie, readTotals, type TableTotals } from './dexie-schema';
import { oldestSpanMs, removeExpired, removeOldest } from './dexie-eviction';
import { logChunksInRange, metricChunksAfter, metricChunksInRange, rawSpanChunks, rawSpanChunksAfter } from './dexie-chunk-reads';
import { copyTransactions, transactionChunks, transactionsAfter, type TxOpen } from './dexie-transactions';
import { txKindsOf } from './transaction-chunks';
import { StoreReads, maxStoredNotices, type StoreClock } from './store-base';
import { emptyRemoved, evictionPlan, filterLogs, filterPoints, mergeDescriptor, mergeResource, notice } from './store-helpers';
import type { EvictionResult, LogChunkQuery, LogQuery, MetricChunkQuery, MetricChunkStep, MetricFollowOptions, MetricPointQuery, RangeQuery, RollupCheckpoint, SpanChunkQuery, SpanFollowOptions, StorageStats, TelemetryDatabase, WriteResult } from './telemetry-store';

export interface DexieStoreOptions {
	name?: string;
	clock?: StoreClock;
	/** For Node tests (fake-indexeddb); browsers use the global IndexedDB. */
	indexedDB?: IDBFactory;
	IDBKeyRange?: typeof IDBKeyRange;
	/** Raw span chunks the schema-3 upgrade copies transactions from, newest first (default 500). */
	upgradeFillMaxChunks?: number;
	/**
	 * Default true. False writes raw chunks only, for the ingest benchmark's same-run baseline:
	 * transactions-only reads then miss the spans written so.
	 */
	copyTransactions?: boolean;
	/**
	 * Default true: batches given with their JSON text are stored as that text (chunks.ts).
	 * False clones every span object, for the ingest benchmark's same-run comparison.
	 */
	batchTexts?: boolean;
}


type LatestResources = Map<string, { resource: ResourceRecord; seenMs: number }>;

function latestResources(batches: TelemetryBatch[]): LatestResources {
	const latest: LatestResources = new Map();
	for (const b of batches) for (const r of b.resources) latest.set(r.id, { resource: r, seenMs: b.receivedMs });
	return latest;
}

/** New resources, and known ones whose lastSeen moved by 10 s or more (resources come with every batch). */
function changedResources(latest: LatestResources, existing: (StoredResource | undefined)[]): StoredResource[] {
	const changed: StoredResource[] = [];
	let i = 0;
	for (const { resource, seenMs } of latest.values()) {
		const prev = existing[i++];
		if (prev && seenMs - prev.lastSeenMs < 10_000 && seenMs >= prev.firstSeenMs) continue;
		changed.push(mergeResource(prev, resource, seenMs));
	}
	return changed;
}

export class DexieTelemetryStore extends StoreReads implements TelemetryDatabase {
	readonly db: TelemetryDexie;
	private readonly copyTransactions: boolean;
	private readonly batchTexts: boolean;

	constructor(options: DexieStoreOptions = {}) {
		super(options.clock);
		// Dexie spreads these over its defaults: an explicit `undefined` would erase the browser's own.
		this.db = new TelemetryDexie(options.name ?? 'meridian', {
			...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
			...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
			...(options.upgradeFillMaxChunks !== undefined ? { upgradeFillMaxChunks: options.upgradeFillMaxChunks } : {})
		});
		this.copyTransactions = options.copyTransactions ?? true;
		this.batchTexts = options.batchTexts ?? true;
	}

	close(): void {
		this.db.close();
	}

	protected async readMeta<T>(key: string): Promise<T | undefined> {
		return (await this.db.meta.get(key))?.value as T | undefined;
	}

	protected async writeMeta(key: string, value: unknown): Promise<void> {
		await this.db.meta.put({ key, value });
	}

	// ---- writer ----

	async writeBatches(epoch: string, batches: TelemetryBatch[], texts?: readonly (string | undefined)[]): Promise<WriteResult> {
		const db = this.db;
		return db.transaction('rw', [db.spanChunks, db.metricChunks, db.logChunks, db.txChunks, db.chunkMeta, db.resources, db.meta], async () => {
			// independent requests go out together: each await is a round trip to the IDB backend
			const [cursorRow, totalsRow, openRow] = await db.meta.bulkGet(['cursor', 'totals', 'txOpen']);
			const cursor = cursorRow?.value as StreamCursor | undefined;
			// a batch at or below the stored cursor of the same epoch is already stored: never twice
			const keep = batches.map((b) => !cursor || cursor.epoch !== epoch || b.seq > cursor.seq);
			const fresh = batches.filter((_, i) => keep[i]);
			const totals = readTotals(totalsRow?.value);
			const txOpen = (openRow?.value as TxOpen | undefined) ?? {};
			const drafts = toSpanChunkDrafts(epoch, fresh, this.batchTexts ? texts?.filter((_, i) => keep[i]) : undefined);
			const spanChunks = drafts.map((d) => d.chunk);
			const metricChunks = toMetricChunks(epoch, fresh);
			const logChunks = toLogChunks(epoch, fresh);
			const latest = latestResources(fresh);
			const [spanChunkIds, metricIds, logIds, existing] = await Promise.all([
				spanChunks.length ? (db.spanChunks.bulkAdd(spanChunks, { allKeys: true }) as Promise<number[]>) : [],
				metricChunks.length ? (db.metricChunks.bulkAdd(metricChunks, { allKeys: true }) as Promise<number[]>) : [],
				logChunks.length ? (db.logChunks.bulkAdd(logChunks, { allKeys: true }) as Promise<number[]>) : [],
				latest.size ? db.resources.bulkGet([...latest.keys()]) : []
			]);
			const metas: ChunkMeta[] = [
				...spanChunks.map((c, i) => chunkMetaOf('span', spanChunkIds[i], c)),
				...metricChunks.map((c, i) => chunkMetaOf('metric', metricIds[i], c)),
				...logChunks.map((c, i) => chunkMetaOf('log', logIds[i], c))
			];
			for (const m of metas) {
				const t = totals[m.kind];
				t.rows++;
				t.items += m.count;
				t.bytes += m.approxBytes;
			}
			const last = fresh.at(-1);
			const next: StreamCursor = last ? { epoch, seq: last.seq } : (cursor ?? { epoch, seq: 0 });
			const changed = changedResources(latest, existing);
			const nextOpen = this.copyTransactions && spanChunks.length ? await copyTransactions(db, drafts.map((d) => d.spans), spanChunkIds, txOpen, totals) : txOpen;
			await Promise.all([
				metas.length ? db.chunkMeta.bulkPut(metas) : undefined,
				changed.length ? db.resources.bulkPut(changed) : undefined,
				db.meta.bulkPut([
					{ key: 'totals', value: totals },
					{ key: 'cursor', value: next },
					...(nextOpen !== txOpen ? [{ key: 'txOpen', value: nextOpen }] : [])
				])
			]);
			return {
				spanChunkIds,
				metricChunkIds: metricIds,
				spans: fresh.reduce((n, b) => n + b.spans.length, 0),
				metricPoints: fresh.reduce((n, b) => n + b.metrics.length, 0),
				logs: fresh.reduce((n, b) => n + b.logs.length, 0),
				cursor: next
			};
		});
	}

	async readCursor(): Promise<StreamCursor | undefined> {
		return this.readMeta<StreamCursor>('cursor');
	}

	async resetCursor(cursor: StreamCursor, gap?: GapRecord): Promise<void> {
		await this.db.transaction('rw', [this.db.meta, this.db.gaps], async () => {
			await this.db.meta.put({ key: 'cursor', value: cursor });
			if (gap) await this.db.gaps.add({ ...gap });
		});
	}

	async recordGap(gap: GapRecord): Promise<void> {
		await this.db.gaps.add({ ...gap });
	}

	async checkpointRollups(checkpoint: RollupCheckpoint): Promise<void> {
		const db = this.db;
		await db.transaction('rw', [db.rollupParts, db.metricRollupParts, db.metricSeries, db.meta], async () => {
			const parts = checkpoint.windows.flatMap(splitWindowRecord);
			const metricParts = checkpoint.metricWindows.flatMap(splitMetricRecord);
			const [stored, storedMetrics] = await Promise.all([
				parts.length ? db.rollupParts.bulkGet(parts.map((p) => [p.level, p.part, p.startMs] as [string, string, number])) : [],
				metricParts.length ? db.metricRollupParts.bulkGet(metricParts.map((p) => [p.level, p.name, p.startMs] as [string, string, number])) : []
			]);
			await Promise.all([
				parts.length ? db.rollupParts.bulkPut(parts.map((p, i) => ({ ...mergeWindowRecord(stored[i], p), part: p.part }))) : undefined,
				metricParts.length ? db.metricRollupParts.bulkPut(metricParts.map((p, i) => ({ ...mergeMetricRecord(storedMetrics[i], p), name: p.name }))) : undefined
			]);
			if (checkpoint.metricSeries.length) {
				const stored = await db.metricSeries.bulkGet(checkpoint.metricSeries.map((d) => d.key));
				await db.metricSeries.bulkPut(checkpoint.metricSeries.map((d, i) => mergeDescriptor(stored[i], d)));
			}
			await db.meta.bulkPut([
				{ key: 'rolledChunkId', value: checkpoint.rolledChunkId },
				...(checkpoint.rolledMetricChunkId !== undefined ? [{ key: 'rolledMetricChunkId', value: checkpoint.rolledMetricChunkId }] : [])
			]);
		});
	}

	async readRolledChunkId(): Promise<number> {
		return (await this.readMeta<number>('rolledChunkId')) ?? 0;
	}

	async readRolledMetricChunkId(): Promise<number | undefined> {
		return this.readMeta<number>('rolledMetricChunkId');
	}

	metricChunksAfter(afterChunkId: number, options: MetricFollowOptions = {}): AsyncIterable<MetricChunkStep> {
		return metricChunksAfter(this.db, afterChunkId, options);
	}

	async lastMetricChunkId(): Promise<number> {
		return ((await this.db.metricChunks.orderBy(':id').lastKey()) as number | undefined) ?? 0;
	}

	async *spanChunksAfter(afterChunkId: number, options: SpanFollowOptions = {}): AsyncIterable<{ id: number; spans: SpanRecord[] }> {
		const kinds = txKindsOf(options);
		if (kinds) {
			yield* transactionsAfter(this.db, afterChunkId, kinds);
			return;
		}
		yield* rawSpanChunksAfter(this.db, afterChunkId);
	}

	async lastSpanChunkId(): Promise<number> {
		return ((await this.db.spanChunks.orderBy(':id').lastKey()) as number | undefined) ?? 0;
	}

	async evictExpired(options: { nowMs: number; maxChunks?: number; maxWindows?: number }): Promise<EvictionResult> {
		const removed = emptyRemoved();
		const done = await removeExpired(this.db, evictionPlan(await this.getSettings(), options.nowMs), { maxChunks: options.maxChunks ?? 50, maxWindows: options.maxWindows ?? 500 }, removed);
		return { notice: notice('retention', options.nowMs, removed, await oldestSpanMs(this.db)), done };
	}

	async evictOldest(options: { fraction: number; reason: 'quota' | 'budget' | 'memory'; nowMs: number }): Promise<EvictionResult> {
		const removed = emptyRemoved();
		await removeOldest(this.db, readTotals(await this.readMeta('totals')), options.fraction, removed);
		const result: EvictionResult = {
			notice: notice(options.reason, options.nowMs, removed, await oldestSpanMs(this.db)),
			done: (await this.db.spanChunks.count()) === 0
		};
		await this.recordNotice(result.notice);
		return result;
	}

	async recordNotice(n: StorageNotice): Promise<void> {
		await this.db.transaction('rw', this.db.meta, async () => {
			const list = ((await this.db.meta.get('notices'))?.value as StorageNotice[] | undefined) ?? [];
			await this.db.meta.put({ key: 'notices', value: [n, ...list].slice(0, maxStoredNotices) });
		});
	}


	// ---- reads ----

	async rollupWindows(query: RangeQuery & { level: RollupLevel; parts?: RollupPart[] }): Promise<RollupWindowRecord[]> {
		const fromMs = windowStartMs(query.level, query.fromMs);
		const lists = await Promise.all(
			(query.parts ?? rollupParts).map((part) =>
				this.db.rollupParts.where('[level+part+startMs]').between([query.level, part, fromMs], [query.level, part, query.toMs], true, false).toArray()
			)
		);
		return joinPartRecords(lists.flat());
	}

	protected async metricRollupWindows(query: RangeQuery & { level: RollupLevel; name?: string }): Promise<MetricRollupRecord[]> {
		const fromMs = windowStartMs(query.level, query.fromMs);
		const parts =
			query.name !== undefined
				? await this.db.metricRollupParts.where('[level+name+startMs]').between([query.level, query.name, fromMs], [query.level, query.name, query.toMs], true, false).toArray()
				: await this.db.metricRollupParts.where('[level+startMs]').between([query.level, fromMs], [query.level, query.toMs], true, false).toArray();
		return joinMetricParts(parts);
	}

	protected async firstRollupStartMs(level: RollupLevel): Promise<number | undefined> {
		const keys = await this.db.rollupParts.where('[level+part+startMs]').between([level, 'svc', Dexie.minKey], [level, 'svc', Dexie.maxKey]).limit(1).primaryKeys();
		return keys[0]?.[2];
	}

	async gaps(query: RangeQuery): Promise<GapRecord[]> {
		const gaps = await this.db.gaps.where('toMs').aboveOrEqual(query.fromMs).toArray();
		return gaps.filter((g) => g.fromMs < query.toMs).sort((a, b) => a.fromMs - b.fromMs);
	}

	async traceSpans(traceId: string): Promise<SpanRecord[]> {
		const chunks = await this.db.spanChunks.where('traceIds').equals(traceId).toArray();
		return chunks.flatMap((c) => chunkSpans(c).filter((s) => s.traceId === traceId)).sort((a, b) => a.startUs - b.startUs);
	}

	async *spanChunks(query: SpanChunkQuery): AsyncIterable<SpanRecord[]> {
		const kinds = txKindsOf(query);
		if (kinds) {
			yield* transactionChunks(this.db, query, kinds);
			return;
		}
		yield* rawSpanChunks(this.db, query);
	}

	async resources(query: { sinceMs?: number; service?: string } = {}): Promise<StoredResource[]> {
		const rows = query.sinceMs !== undefined ? await this.db.resources.where('lastSeenMs').aboveOrEqual(query.sinceMs).toArray() : await this.db.resources.toArray();
		return rows.filter((r) => query.service === undefined || r.service === query.service).sort((a, b) => b.lastSeenMs - a.lastSeenMs);
	}

	async metricSeries(query: { name?: string; service?: string } = {}): Promise<MetricSeriesDescriptor[]> {
		const rows = query.name !== undefined ? await this.db.metricSeries.where('name').equals(query.name).toArray() : await this.db.metricSeries.toArray();
		return rows.filter((d) => query.service === undefined || d.service === query.service).sort((a, b) => a.key.localeCompare(b.key));
	}

	async metricPoints(query: MetricPointQuery): Promise<MetricPoint[]> {
		const chunks = await this.db.metricChunks.where('names').equals(query.name).filter((c) => c.toMs >= query.fromMs && c.fromMs < query.toMs).toArray();
		return filterPoints(chunks.flatMap((c) => c.points), query);
	}

	metricChunks(query: MetricChunkQuery): AsyncIterable<MetricPoint[]> {
		return metricChunksInRange(this.db, query);
	}

	logChunks(query: LogChunkQuery): AsyncIterable<LogRecord[]> {
		return logChunksInRange(this.db, query);
	}

	async logsByTrace(traceId: string): Promise<LogRecord[]> {
		const chunks = await this.db.logChunks.where('traceIds').equals(traceId).toArray();
		return chunks.flatMap((c) => c.logs.filter((l) => l.traceId === traceId)).sort((a, b) => a.timeUs - b.timeUs);
	}

	async logs(query: LogQuery): Promise<LogRecord[]> {
		const chunks = await this.db.logChunks.where('toMs').aboveOrEqual(query.fromMs).filter((c) => c.fromMs < query.toMs).toArray();
		return filterLogs(chunks.flatMap((c) => c.logs), query);
	}

	async spansHeldFromMs(): Promise<number> {
		return oldestSpanMs(this.db);
	}

	async storageStats(): Promise<StorageStats> {
		const db = this.db;
		const totals = readTotals(await this.readMeta('totals'));
		const [rollups, metricRollups, resources, gaps, settings, notices, cursor, newest] = await Promise.all([
			db.rollupParts.count(),
			db.metricRollupParts.count(),
			db.resources.count(),
			db.gaps.count(),
			this.getSettings(),
			this.readMeta<StorageNotice[]>('notices'),
			this.readCursor(),
			db.chunkMeta.where('[kind+toMs]').between(['span', Dexie.minKey], ['span', Dexie.maxKey]).last()
		]);
		const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => undefined);
		const chunk = (t: TableTotals) => ({ rows: t.rows, items: t.items, approxBytes: t.bytes });
		const rows = (n: number, each: number) => ({ rows: n, items: n, approxBytes: n * each });
		return {
			tables: {
				spanChunks: chunk(totals.span),
				metricChunks: chunk(totals.metric),
				logChunks: chunk(totals.log),
				transactionChunks: chunk({
					rows: totals.txEntry.rows + totals.txInner.rows,
					items: totals.txEntry.items + totals.txInner.items,
					bytes: totals.txEntry.bytes + totals.txInner.bytes
				}),
				rollups: rows(rollups, 4_096),
				metricRollups: rows(metricRollups, 4_096),
				resources: rows(resources, 512),
				gaps: rows(gaps, 128)
			},
			usageBytes: estimate?.usage,
			quotaBytes: estimate?.quota,
			oldestSpanMs: await oldestSpanMs(this.db),
			newestSpanMs: newest?.toMs ?? 0,
			retentionHours: settings.retentionHours,
			storageBudgetMb: settings.storageBudgetMb,
			lastNotice: notices?.[0],
			cursor
		};
	}
}
