/**
 * KPI windows in IndexedDB: the database `meridian-kpi` (Dexie 4).
 *
 *   windows   [level+startMs]   KpiWindowRecord
 *   meta      key               state (KpiWindowState)
 */
import Dexie, { type Table } from 'dexie';
import { mergeKpiWindows, replaceTargets, type KpiWindowRecord } from '../../domain/business/windows';
import { isStoredLevel, kpiDbName, kpiRetentionMs, storedKpiLevels, type KpiWindowState, type KpiWindowStore } from './kpi-window-store';

class KpiDexie extends Dexie {
	windows!: Table<KpiWindowRecord, [string, number]>;
	meta!: Table<{ key: string; value: unknown }, string>;

	constructor(name: string, options?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }) {
		super(name, options);
		this.version(1).stores({ windows: '[level+startMs]', meta: 'key' });
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

	windows(level: '1m' | '1h', fromMs: number, toMs: number): Promise<KpiWindowRecord[]> {
		return this.range(level, fromMs, toMs).toArray();
	}

	async merge(deltas: readonly KpiWindowRecord[], state: KpiWindowState, nowMs: number): Promise<void> {
		const db = this.db;
		const stored = deltas.filter((d) => isStoredLevel(d.level));
		await db.transaction('rw', db.windows, db.meta, async () => {
			const current = await db.windows.bulkGet(stored.map((d) => [d.level, d.startMs] as [string, number]));
			await db.windows.bulkPut(stored.map((d, i) => (current[i] ? mergeKpiWindows(current[i]!, d) : d)));
			await db.meta.put({ key: 'state', value: state });
			for (const level of storedKpiLevels) await this.range(level, 0, nowMs - kpiRetentionMs[level]).delete();
		});
	}

	async replace(options: Parameters<KpiWindowStore['replace']>[0]): Promise<void> {
		const db = this.db;
		await db.transaction('rw', db.windows, db.meta, async () => {
			for (const level of storedKpiLevels) {
				const fresh = options.fresh[level];
				if (!fresh) continue;
				const range = this.range(level, options.fromMs, options.toMs);
				const stored = options.affected ? await range.toArray() : [];
				await range.delete();
				const inRange = fresh.filter((w) => w.startMs >= options.fromMs && w.startMs < options.toMs);
				await db.windows.bulkPut(options.affected ? replaceTargets(stored, inRange, options.affected) : [...inRange]);
			}
			await db.meta.put({ key: 'state', value: options.state });
		});
	}

	async readState(): Promise<KpiWindowState | undefined> {
		return (await this.db.meta.get('state'))?.value as KpiWindowState | undefined;
	}

	async clear(): Promise<void> {
		await this.db.transaction('rw', this.db.windows, this.db.meta, async () => {
			await this.db.windows.clear();
			await this.db.meta.clear();
		});
	}

	close(): void {
		this.db.close();
	}
}
