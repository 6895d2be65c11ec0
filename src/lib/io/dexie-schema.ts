/**
 * The IndexedDB schema (Dexie 4). Keep indexes few and small: every index entry is written
 * with every record.
 *
 *   spanChunks     ++id, toMs, *traceIds     ~1,000 spans per record; multiEntry trace ids
 *   metricChunks   ++id, toMs, *names
 *   logChunks      ++id, toMs, *traceIds
 *   txChunks       ++id, *sources             transactions of the span chunks (entry / inner
 *                                             kinds, ≤ 1,000 spans; transaction-chunks.ts);
 *                                             multiEntry ids of the raw chunks copied from
 *   chunkMeta      [kind+id], [kind+toMs]     per-chunk size and time (raw chunks and txChunks),
 *                                             to evict, count and scan without reading chunks
 *   rollupParts    [level+part+startMs]       per window: svc (overall + services), ep, inst
 *   metricRollupParts [level+name+startMs], [level+startMs]   per window and metric name
 *                                             (see domain/telemetry/rollup-parts.ts: why parts)
 *   metricSeries   key, name, service, lastSeenMs
 *   resources      id, service, lastSeenMs
 *   gaps           ++id, toMs
 *   meta           key                        cursor, settings, rolledChunkId,
 *                                             rolledMetricChunkId, totals, notices, txOpen,
 *                                             txFromChunkId
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { GapRecord, MetricSeriesDescriptor, StoredResource } from '../domain/telemetry/types';
import type { MetricRollupPartRecord, RollupPartRecord } from '../domain/telemetry/rollup-parts';
import type { ChunkMeta, LogChunk, MetricChunk, SpanChunk } from './chunks';
import type { StoredSpans, TxChunk, TxKind } from './transaction-chunks';
import { fillTransactions, upgradeFillMaxChunks } from './transaction-fill';

export interface MetaRow {
	key: string;
	value: unknown;
}

export class TelemetryDexie extends Dexie {
	spanChunks!: EntityTable<SpanChunk, 'id'>;
	metricChunks!: EntityTable<MetricChunk, 'id'>;
	logChunks!: EntityTable<LogChunk, 'id'>;
	txChunks!: EntityTable<TxChunk<StoredSpans>, 'id'>;
	chunkMeta!: Table<ChunkMeta, [string, number]>;
	rollupParts!: Table<RollupPartRecord, [string, string, number]>;
	metricRollupParts!: Table<MetricRollupPartRecord, [string, string, number]>;
	metricSeries!: Table<MetricSeriesDescriptor, string>;
	resources!: Table<StoredResource, string>;
	gaps!: EntityTable<GapRecord, 'id'>;
	meta!: Table<MetaRow, string>;

	constructor(name: string, options?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange; upgradeFillMaxChunks?: number }) {
		super(name, { ...(options?.indexedDB ? { indexedDB: options.indexedDB } : {}), ...(options?.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}) });
		this.version(1).stores({
			spanChunks: '++id, toMs, *traceIds',
			metricChunks: '++id, toMs, *names',
			logChunks: '++id, toMs, *traceIds',
			chunkMeta: '[kind+id], [kind+toMs]',
			rollups: '[level+startMs]',
			metricRollups: '[level+startMs]',
			metricSeries: 'key, name, service, lastSeenMs',
			resources: 'id, service, lastSeenMs',
			gaps: '++id, toMs',
			meta: 'key'
		});
		// version 2: window records split into parts. The old windows are dropped and the
		// rolled-chunk cursor cleared, so the rollup worker rebuilds span rollups from the raw
		// chunks still held.
		this.version(2)
			.stores({
				rollups: null,
				metricRollups: null,
				rollupParts: '[level+part+startMs]',
				metricRollupParts: '[level+name+startMs], [level+startMs]'
			})
			.upgrade((tx) => tx.table('meta').delete('rolledChunkId'));
		// version 3: the transactions table, filled from the newest raw span chunks still held,
		// at most `upgradeFillMaxChunks` of them (bounded time and memory while the database
		// opens); older raw chunks are read and filtered as before until they expire
		// (meta.txFromChunkId: every raw chunk from that id on has its transactions copied)
		this.version(3)
			.stores({ txChunks: '++id, *sources' })
			.upgrade((tx) => fillTransactions(tx, options?.upgradeFillMaxChunks ?? upgradeFillMaxChunks));
	}
}

export interface TableTotals {
	rows: number;
	items: number;
	bytes: number;
}

/** Running totals of the chunk tables (kept in meta, updated in the same transactions). */
export type ChunkTotals = Record<'span' | 'metric' | 'log' | TxKind, TableTotals>;

export function emptyTotals(): ChunkTotals {
	const zero = () => ({ rows: 0, items: 0, bytes: 0 });
	return { span: zero(), metric: zero(), log: zero(), txEntry: zero(), txInner: zero() };
}

/** Totals as stored (written before the transactions table existed: its kinds are absent). */
export function readTotals(stored: unknown): ChunkTotals {
	return { ...emptyTotals(), ...(stored as Partial<ChunkTotals> | undefined) };
}
