/**
 * KPI windows in IndexedDB: the database `meridian-kpi` (Dexie 4).
 *
 *   windows   [level+startMs]   KpiWindowRecord, packed (window-codec.ts)
 *   meta      key               state (KpiWindowState)
 *   rows      ++id, [kind+toMs] StoredRuleRows, shapes as JSON text (rows-codec.ts; version 2)
 */
import Dexie, { type Table } from 'dexie';
import { mergeKpiWindows, type KpiWindowRecord } from '../../domain/business/windows';
import { readAhead } from '../read-ahead';
import { packRows, unpackRows, type PackedRuleRows } from './rows-codec';
import { packWindow, replacePackedTargets, unpackWindow, type PackedKpiWindow } from './window-codec';
import { isStoredLevel, kpiDbName, kpiRetentionMs, ruleRowsRetentionMs, storedKpiLevels, type KpiWindowState, type KpiWindowStore, type RowKind, type StoredRuleRows } from './kpi-window-store';

/** Rule-rows records fetched per request (up to 8,192 rows each), one batch ahead. */
const rowsReadBatch = 4;

class KpiDexie extends Dexie {
	windows!: Table<PackedKpiWindow | KpiWindowRecord, [string, number]>;
	meta!: Table<{ key: string; value: unknown }, string>;
	rows!: Table<PackedRuleRows, number>;

	constructor(name: string, options?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }) {
		super(name, options);
		this.version(1).stores({ windows: '[level+startMs]', meta: 'key' });
		this.version(2).stores({ rows: '++id, [kind+toMs]' });
	}
}

export class DexieKpiWindowStore implements KpiWindowStore {
	readonly db: KpiDexie;

	constructor(options: { name?: string; indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {}) {
		// Dexie spreads these over its defaults: an explicit `undefined` would erase the browser's own IndexedDB.
		this.db = new KpiDexie(options.name ?? kpiDbName, {
			...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
			...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {})
		});
	}

	private range(level: string, fromMs: number, toMs: number) {
		return this.db.windows.where('[level+startMs]').between([level, fromMs], [level, toMs], true, false);
	}

	async windows(level: '1m' | '1h', fromMs: number, toMs: number): Promise<KpiWindowRecord[]> {
		return (await this.range(level, fromMs, toMs).toArray()).map(unpackWindow);
	}

	async merge(deltas: readonly KpiWindowRecord[], state: KpiWindowState, nowMs: number, rows: readonly StoredRuleRows[] = []): Promise<number[]> {
		const db = this.db;
		const stored = deltas.filter((d) => isStoredLevel(d.level));
		return db.transaction('rw', db.windows, db.meta, db.rows, async () => {
			const current = await db.windows.bulkGet(stored.map((d) => [d.level, d.startMs] as [string, number]));
			await db.windows.bulkPut(stored.map((d, i) => packWindow(current[i] ? mergeKpiWindows(unpackWindow(current[i]!), d) : d)));
			await db.meta.put({ key: 'state', value: state });
			for (const level of storedKpiLevels) await this.range(level, 0, nowMs - kpiRetentionMs[level]).delete();
			const ids = rows.length ? await db.rows.bulkPut(rows.map(packRows), { allKeys: true }) : [];
			const cutoff = nowMs - ruleRowsRetentionMs;
			for (const kind of ['entry', 'inner']) await db.rows.where('[kind+toMs]').between([kind, -Infinity], [kind, cutoff]).delete();
			return ids;
		});
	}

	async putRows(rows: readonly StoredRuleRows[]): Promise<number[]> {
		return rows.length ? this.db.rows.bulkPut(rows.map(packRows), { allKeys: true }) : [];
	}

	async *ruleRows(kinds: readonly RowKind[], fromMs: number): AsyncIterable<StoredRuleRows> {
		// ids of every kind, ordered by newest row end: progress and journeys see time go forward
		const found: { toMs: number; id: number }[] = [];
		for (const kind of kinds) {
			await this.db.rows
				.where('[kind+toMs]')
				.between([kind, fromMs], [kind, Dexie.maxKey])
				.eachKey((key, cursor) => found.push({ toMs: (key as unknown as [string, number])[1], id: cursor.primaryKey }));
		}
		found.sort((a, b) => a.toMs - b.toMs || a.id - b.id);
		const ids = found.map((f) => f.id);
		for await (const { rows } of readAhead(ids, rowsReadBatch, (batch) => this.db.rows.bulkGet(batch))) {
			for (const record of rows) if (record) yield unpackRows(record);
		}
	}

	async clearRows(): Promise<void> {
		await this.db.rows.clear();
	}

	async replace(options: Parameters<KpiWindowStore['replace']>[0]): Promise<void> {
		const db = this.db;
		await db.transaction('rw', db.windows, db.meta, async () => {
			for (const level of storedKpiLevels) {
				const fresh = options.fresh[level];
				if (!fresh) continue;
				const range = this.range(level, options.fromMs, options.toMs);
				const inRange = fresh.filter((w) => w.startMs >= options.fromMs && w.startMs < options.toMs);
				// the targets kept are copied packed, as stored
				const next = options.affected ? replacePackedTargets(await range.toArray(), inRange, options.affected) : inRange.map(packWindow);
				// put over the windows kept, delete only those left without a figure
				const kept = new Set(next.map((w) => w.startMs));
				const stale = ((await range.primaryKeys()) as [string, number][]).filter((key) => !kept.has(key[1]));
				await db.windows.bulkDelete(stale);
				await db.windows.bulkPut(next);
			}
			await db.meta.put({ key: 'state', value: options.state });
		});
	}

	async readState(): Promise<KpiWindowState | undefined> {
		return (await this.db.meta.get('state'))?.value as KpiWindowState | undefined;
	}

	async clear(): Promise<void> {
		await this.db.transaction('rw', this.db.windows, this.db.meta, this.db.rows, async () => {
			await this.db.windows.clear();
			await this.db.meta.clear();
			await this.db.rows.clear();
		});
	}

	close(): void {
		this.db.close();
	}
}
