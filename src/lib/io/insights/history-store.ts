/**
 * What the insights host keeps across reloads, and what every tab reads: anomaly events and
 * incidents (the user-visible history), saved baselines (bands for charts), and the latest
 * snapshot (so a tab opened between host cycles shows something at once).
 *
 * `DexieInsightHistoryStore` (IndexedDB database `meridian-insights`) and
 * `MemoryInsightHistoryStore` pass one contract suite (history-store.contract.ts).
 *
 * Bounds (each with its behaviour when reached): at most `maxAnomalies` anomalies and
 * `maxIncidents` incidents (the oldest by start are deleted after each write), at most
 * `maxBaselines` baselines (the least recently updated are deleted). Writes are upserts by id,
 * so replaying the same events writes nothing twice.
 */
import type { AnomalyRecord } from '../../domain/insights/live/incidents';
import type { IncidentView, InsightSnapshot, StoredBaseline } from '../../domain/insights/live/snapshot';

export const insightsDbName = 'meridian-insights';

export const historyBounds = { maxAnomalies: 2_000, maxIncidents: 200, maxBaselines: 300 } as const;

export interface HistoryBounds {
	maxAnomalies: number;
	maxIncidents: number;
	maxBaselines: number;
}

export interface AnomalyQuery {
	/** Anomalies that started before `toMs` and were open at or after `fromMs`. */
	fromMs?: number;
	toMs?: number;
	incidentId?: string;
	/** Newest first; default 200. */
	limit?: number;
}

export interface InsightHistoryStore {
	putAnomalies(records: readonly AnomalyRecord[]): Promise<void>;
	anomalies(query?: AnomalyQuery): Promise<AnomalyRecord[]>;
	putIncidents(records: readonly IncidentView[]): Promise<void>;
	/** Newest first. */
	incidents(query?: { limit?: number }): Promise<IncidentView[]>;
	incident(id: string): Promise<IncidentView | undefined>;
	putBaselines(records: readonly StoredBaseline[]): Promise<void>;
	/** The saved baselines of these series ids (unknown ids are left out). */
	baselines(ids: readonly string[]): Promise<StoredBaseline[]>;
	/** Every saved baseline (bounded by maxBaselines). */
	allBaselines(): Promise<StoredBaseline[]>;
	writeSnapshot(snapshot: InsightSnapshot): Promise<void>;
	readSnapshot(): Promise<InsightSnapshot | undefined>;
	close(): void;
}

export function matchesQuery(a: AnomalyRecord, q: AnomalyQuery): boolean {
	if (q.incidentId !== undefined && a.incidentId !== q.incidentId) return false;
	if (q.toMs !== undefined && !(a.startMs < q.toMs)) return false;
	if (q.fromMs !== undefined && a.endMs !== null && a.endMs < q.fromMs) return false;
	return true;
}
