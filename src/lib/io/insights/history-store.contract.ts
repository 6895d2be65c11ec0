/** The InsightHistoryStore contract, run by dexie-history-store.test.ts (fake-indexeddb) and memory-history-store.test.ts. */
import { describe, expect, it } from 'vitest';
import { SeasonalBaseline } from '../../domain/insights/baseline';
import type { AnomalyRecord } from '../../domain/insights/live/incidents';
import { rollupRef } from '../../domain/insights/live/series-ref';
import type { IncidentView, InsightSnapshot, StoredBaseline } from '../../domain/insights/live/snapshot';
import type { HistoryBounds, InsightHistoryStore } from './history-store';

const t0 = Date.UTC(2026, 0, 5, 9);
const ref = rollupRef('latency.p95Ms', 'svc|transfer')!;

function anomaly(startMs: number, endMs: number | null, incidentId?: string): AnomalyRecord {
	return {
		id: `${ref.id}@${startMs}`,
		seriesId: ref.id,
		ref,
		startMs,
		endMs,
		severity: 'warning',
		peakZ: 5,
		peakMs: startMs,
		peakValue: 900,
		expectedAtPeak: 45,
		points: 3,
		...(incidentId ? { incidentId } : {})
	};
}

function incident(startMs: number): IncidentView {
	return { id: `inc-${startMs}`, startMs, endMs: null, severity: 'critical', symptom: ref.id, anomalyIds: [], moreAnomalies: 0, services: ['transfer'], updatedMs: startMs };
}

export function runHistoryStoreContract(name: string, open: (bounds?: Partial<HistoryBounds>) => Promise<{ store: InsightHistoryStore; reopen?: () => Promise<InsightHistoryStore> }>): void {
	describe(`InsightHistoryStore contract: ${name}`, () => {
		it('upserts anomalies by id and answers time and incident queries newest first', async () => {
			const { store } = await open();
			await store.putAnomalies([anomaly(t0, t0 + 60_000, 'inc-1'), anomaly(t0 + 120_000, null, 'inc-1'), anomaly(t0 + 600_000, t0 + 660_000)]);
			// the same event again, now closed: one record, updated
			await store.putAnomalies([anomaly(t0 + 120_000, t0 + 180_000, 'inc-1')]);
			const all = await store.anomalies();
			expect(all.map((a) => a.startMs)).toEqual([t0 + 600_000, t0 + 120_000, t0]);
			expect(all[1].endMs).toBe(t0 + 180_000);
			expect((await store.anomalies({ incidentId: 'inc-1' })).map((a) => a.startMs)).toEqual([t0 + 120_000, t0]);
			// open at or after t0 + 100 s and started before t0 + 500 s
			expect((await store.anomalies({ fromMs: t0 + 100_000, toMs: t0 + 500_000 })).map((a) => a.startMs)).toEqual([t0 + 120_000]);
			expect((await store.anomalies({ limit: 1 })).length).toBe(1);
		});

		it('keeps only the newest anomalies and incidents past its bounds', async () => {
			const { store } = await open({ maxAnomalies: 3, maxIncidents: 2 });
			await store.putAnomalies([0, 1, 2, 3, 4].map((i) => anomaly(t0 + i * 1000, null)));
			expect((await store.anomalies()).map((a) => a.startMs)).toEqual([4, 3, 2].map((i) => t0 + i * 1000));
			await store.putIncidents([incident(t0), incident(t0 + 1), incident(t0 + 2)]);
			expect((await store.incidents()).map((i) => i.id)).toEqual([`inc-${t0 + 2}`, `inc-${t0 + 1}`]);
			expect(await store.incident(`inc-${t0}`)).toBeUndefined();
		});

		it('saves baselines that draw the same band after a reopen, dropping the least recently updated past its bound', async () => {
			const { store, reopen } = await open({ maxBaselines: 2 });
			const b = new SeasonalBaseline({ slotMinutes: 60 });
			for (let i = 0; i < 50; i++) b.update(t0 + i * 60_000, 40 + (i % 5));
			const saved = (id: string, updatedMs: number): StoredBaseline => ({ id, metric: 'latency.p95Ms', stepMs: 10_000, state: b.toState(), learnedToMs: t0, updatedMs, patterns: { k: 0, silhouette: 0, scale: 1, groups: [], days: [] } });
			await store.putBaselines([saved('a', 1), saved('b', 2)]);
			await store.putBaselines([saved('c', 3)]);
			const again = reopen ? await reopen() : store;
			expect((await again.baselines(['a', 'b', 'c', 'zz'])).map((s) => s.id)).toEqual(['b', 'c']);
			const [c] = await again.baselines(['c']);
			expect(SeasonalBaseline.fromState(c.state).band(t0 + 30 * 60_000)).toEqual(b.band(t0 + 30 * 60_000));
			expect((await again.allBaselines()).length).toBe(2);
		});

		it('keeps the latest snapshot', async () => {
			const { store } = await open();
			expect(await store.readSnapshot()).toBeUndefined();
			const snapshot = { atMs: t0, anomalies: [anomaly(t0, null)] } as unknown as InsightSnapshot;
			await store.writeSnapshot(snapshot);
			expect(await store.readSnapshot()).toEqual(snapshot);
		});
	});
}
