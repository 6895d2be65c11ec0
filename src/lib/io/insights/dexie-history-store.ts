/**
 * The insights history in IndexedDB: the database `meridian-insights` (Dexie 4), written by
 * the insights host in the writer tab, read by every tab.
 *
 *   anomalies   id, startMs, incidentId    AnomalyRecord
 *   incidents   id, startMs                IncidentView (with its last analysis)
 *   baselines   id, updatedMs              StoredBaseline
 *   meta        key                        latest snapshot
 */
import Dexie, { type Table } from 'dexie';
import type { AnomalyRecord } from '../../domain/insights/live/incidents';
import type { IncidentView, InsightSnapshot, StoredBaseline } from '../../domain/insights/live/snapshot';
import { historyBounds, insightsDbName, matchesQuery, type AnomalyQuery, type HistoryBounds, type InsightHistoryStore } from './history-store';

class InsightsDexie extends Dexie {
	anomalies!: Table<AnomalyRecord, string>;
	incidents!: Table<IncidentView, string>;
	baselines!: Table<StoredBaseline, string>;
	meta!: Table<{ key: string; value: unknown }, string>;

	constructor(name: string, options?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }) {
		super(name, options);
		this.version(1).stores({ anomalies: 'id, startMs, incidentId', incidents: 'id, startMs', baselines: 'id, updatedMs', meta: 'key' });
	}
}

export class DexieInsightHistoryStore implements InsightHistoryStore {
	readonly db: InsightsDexie;
	readonly #bounds: HistoryBounds;

	constructor(options: { name?: string; indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange; bounds?: Partial<HistoryBounds> } = {}) {
		// Dexie spreads these over its defaults: an explicit `undefined` would erase the browser's own IndexedDB.
		this.db = new InsightsDexie(options.name ?? insightsDbName, {
			...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
			...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {})
		});
		this.#bounds = { ...historyBounds, ...options.bounds };
	}

	async #trim<T>(table: Table<T, string>, index: string, max: number): Promise<void> {
		const extra = (await table.count()) - max;
		if (extra > 0) await table.orderBy(index).limit(extra).delete();
	}

	async putAnomalies(records: readonly AnomalyRecord[]): Promise<void> {
		if (records.length === 0) return;
		await this.db.transaction('rw', this.db.anomalies, async () => {
			await this.db.anomalies.bulkPut([...records]);
			await this.#trim(this.db.anomalies, 'startMs', this.#bounds.maxAnomalies);
		});
	}

	async anomalies(query: AnomalyQuery = {}): Promise<AnomalyRecord[]> {
		const limit = query.limit ?? 200;
		const source = query.incidentId !== undefined ? this.db.anomalies.where('incidentId').equals(query.incidentId) : this.db.anomalies.orderBy('startMs').reverse();
		const rows = await source.filter((a) => matchesQuery(a, query)).toArray();
		return rows.sort((a, b) => b.startMs - a.startMs || a.id.localeCompare(b.id)).slice(0, limit);
	}

	async putIncidents(records: readonly IncidentView[]): Promise<void> {
		if (records.length === 0) return;
		await this.db.transaction('rw', this.db.incidents, async () => {
			await this.db.incidents.bulkPut([...records]);
			await this.#trim(this.db.incidents, 'startMs', this.#bounds.maxIncidents);
		});
	}

	async incidents(query: { limit?: number } = {}): Promise<IncidentView[]> {
		return this.db.incidents.orderBy('startMs').reverse().limit(query.limit ?? 50).toArray();
	}

	incident(id: string): Promise<IncidentView | undefined> {
		return this.db.incidents.get(id);
	}

	async putBaselines(records: readonly StoredBaseline[]): Promise<void> {
		if (records.length === 0) return;
		await this.db.transaction('rw', this.db.baselines, async () => {
			await this.db.baselines.bulkPut([...records]);
			await this.#trim(this.db.baselines, 'updatedMs', this.#bounds.maxBaselines);
		});
	}

	async baselines(ids: readonly string[]): Promise<StoredBaseline[]> {
		return (await this.db.baselines.bulkGet([...ids])).filter((b): b is StoredBaseline => b !== undefined);
	}

	allBaselines(): Promise<StoredBaseline[]> {
		return this.db.baselines.toArray();
	}

	async writeSnapshot(snapshot: InsightSnapshot): Promise<void> {
		await this.db.meta.put({ key: 'snapshot', value: snapshot });
	}

	async readSnapshot(): Promise<InsightSnapshot | undefined> {
		return (await this.db.meta.get('snapshot'))?.value as InsightSnapshot | undefined;
	}

	close(): void {
		this.db.close();
	}
}
