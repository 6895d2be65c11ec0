/** The insights history in memory: the twin of DexieInsightHistoryStore (same contract, same bounds). */
import type { AnomalyRecord } from '../../domain/insights/live/incidents';
import type { IncidentView, InsightSnapshot, StoredBaseline } from '../../domain/insights/live/snapshot';
import { historyBounds, matchesQuery, type AnomalyQuery, type HistoryBounds, type InsightHistoryStore } from './history-store';

/** Structured clone keeps stored values apart from the caller's objects, as IndexedDB does. */
const copy = <T>(value: T): T => structuredClone(value);

export class MemoryInsightHistoryStore implements InsightHistoryStore {
	readonly #anomalies = new Map<string, AnomalyRecord>();
	readonly #incidents = new Map<string, IncidentView>();
	readonly #baselines = new Map<string, StoredBaseline>();
	#snapshot: InsightSnapshot | undefined;
	readonly #bounds: HistoryBounds;

	constructor(options: { bounds?: Partial<HistoryBounds> } = {}) {
		this.#bounds = { ...historyBounds, ...options.bounds };
	}

	#trim<T>(map: Map<string, T>, key: (v: T) => number, max: number): void {
		const extra = map.size - max;
		if (extra <= 0) return;
		const oldest = [...map.entries()].sort((a, b) => key(a[1]) - key(b[1]) || a[0].localeCompare(b[0])).slice(0, extra);
		for (const [id] of oldest) map.delete(id);
	}

	async putAnomalies(records: readonly AnomalyRecord[]): Promise<void> {
		for (const r of records) this.#anomalies.set(r.id, copy(r));
		this.#trim(this.#anomalies, (a) => a.startMs, this.#bounds.maxAnomalies);
	}

	async anomalies(query: AnomalyQuery = {}): Promise<AnomalyRecord[]> {
		return [...this.#anomalies.values()]
			.filter((a) => matchesQuery(a, query))
			.sort((a, b) => b.startMs - a.startMs || a.id.localeCompare(b.id))
			.slice(0, query.limit ?? 200)
			.map(copy);
	}

	async putIncidents(records: readonly IncidentView[]): Promise<void> {
		for (const r of records) this.#incidents.set(r.id, copy(r));
		this.#trim(this.#incidents, (i) => i.startMs, this.#bounds.maxIncidents);
	}

	async incidents(query: { limit?: number } = {}): Promise<IncidentView[]> {
		return [...this.#incidents.values()].sort((a, b) => b.startMs - a.startMs).slice(0, query.limit ?? 50).map(copy);
	}

	async incident(id: string): Promise<IncidentView | undefined> {
		const i = this.#incidents.get(id);
		return i && copy(i);
	}

	async putBaselines(records: readonly StoredBaseline[]): Promise<void> {
		for (const r of records) this.#baselines.set(r.id, copy(r));
		this.#trim(this.#baselines, (b) => b.updatedMs, this.#bounds.maxBaselines);
	}

	async baselines(ids: readonly string[]): Promise<StoredBaseline[]> {
		return ids.flatMap((id) => (this.#baselines.has(id) ? [copy(this.#baselines.get(id)!)] : []));
	}

	async allBaselines(): Promise<StoredBaseline[]> {
		return [...this.#baselines.values()].map(copy);
	}

	async writeSnapshot(snapshot: InsightSnapshot): Promise<void> {
		this.#snapshot = copy(snapshot);
	}

	async readSnapshot(): Promise<InsightSnapshot | undefined> {
		return this.#snapshot && copy(this.#snapshot);
	}

	close(): void {}
}
