/**
 * The IndexedDB schema (Dexie 4). Keep indexes few and small: every index entry is written
 * with every record.
 *
 *   spanChunks     ++id, toMs, *traceIds     ~1,000 spans per record; multiEntry trace ids
 *   metricChunks   ++id, toMs, *names
 *   logChunks      ++id, toMs, *traceIds
 *   chunkMeta      [kind+id], [kind+toMs]     per-chunk size and time, to evict and count
 *                                             without reading chunks
 *   rollupParts    [level+part+startMs]       per window: svc (overall + services), ep, inst
 *   metricRollupParts [level+name+startMs], [level+startMs]   per window and metric name
 *                                             (see domain/telemetry/rollup-parts.ts: why parts)
 *   metricSeries   key, name, service, lastSeenMs
 *   resources      id, service, lastSeenMs
 *   gaps           ++id, toMs
 *   meta           key                        cursor, settings, rolledChunkId, totals, notices
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { GapRecord, MetricSeriesDescriptor, StoredResource } from '../domain/telemetry/types';
import type { MetricRollupPartRecord, RollupPartRecord } from '../domain/telemetry/rollup-parts';
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
	rollupParts!: Table<RollupPartRecord, [string, string, number]>;
	metricRollupParts!: Table<MetricRollupPartRecord, [string, string, number]>;
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
