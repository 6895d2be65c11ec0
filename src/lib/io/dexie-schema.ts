/**
 * The IndexedDB schema (Dexie 4). Keep indexes few and small: every index entry is written
 * with every record.
 *
 *   spanChunks     ++id, toMs, *traceIds     ~1,000 spans per record; multiEntry trace ids
 *   metricChunks   ++id, toMs, *names
 *   logChunks      ++id, toMs, *traceIds
 *   chunkMeta      [kind+id], [kind+toMs]     per-chunk size and time, to evict and count
 *                                             without reading chunks
 *   rollups        [level+startMs]            one record per window holding all series
 *   metricRollups  [level+startMs]
 *   metricSeries   key, name, service, lastSeenMs
 *   resources      id, service, lastSeenMs
 *   gaps           ++id, toMs
 *   meta           key                        cursor, settings, rolledChunkId, totals, notices
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { GapRecord, MetricRollupRecord, MetricSeriesDescriptor, RollupWindowRecord, StoredResource } from '../domain/telemetry/types';
import type { ChunkMeta, LogChunk, MetricChunk, SpanChunk } from './chunks';

export interface MetaRow {
	key: string;
	value: unknown;
}

export class TelemetryDexie extends Dexie {
	spanChunks!: EntityTable<SpanChunk, 'id'>;
	metricChunks!: EntityTable<MetricChunk, 'id'>;
	logChunks!: EntityTable<LogChunk, 'id'>;
	chunkMeta!: Table<ChunkMeta, [string, number]>;
	rollups!: Table<RollupWindowRecord, [string, number]>;
	metricRollups!: Table<MetricRollupRecord, [string, number]>;
	metricSeries!: Table<MetricSeriesDescriptor, string>;
	resources!: Table<StoredResource, string>;
	gaps!: EntityTable<GapRecord, 'id'>;
	meta!: Table<MetaRow, string>;

	constructor(name: string, options?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }) {
		super(name, options);
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
	}
}

/** Running totals of the chunk tables (kept in meta, updated in the same transactions). */
export interface ChunkTotals {
	span: { rows: number; items: number; bytes: number };
	metric: { rows: number; items: number; bytes: number };
	log: { rows: number; items: number; bytes: number };
}

export function emptyTotals(): ChunkTotals {
	return { span: { rows: 0, items: 0, bytes: 0 }, metric: { rows: 0, items: 0, bytes: 0 }, log: { rows: 0, items: 0, bytes: 0 } };
}
