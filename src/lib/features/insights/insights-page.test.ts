import { describe, expect, it } from 'vitest';
import { MemoryInsightHistoryStore } from '$lib/io/insights/memory-history-store';
import { rollupRef } from '$lib/domain/insights/live/series-ref';
import type { SeriesAnalysis } from '$lib/domain/insights/live/analyse-series';
import type { ImportSummary, InsightPageClient, Outcome } from '$lib/workers/insight-client';
import { IncidentHistory, ImportState } from './insights-page.svelte';

const summary = (fileName: string, series: number): ImportSummary => ({
	fileName,
	format: 'csv',
	series: Array.from({ length: series }, (_, i) => ({ name: `s${i}`, points: 10, fromMs: 0, toMs: 9 })),
	issues: [],
	moreIssues: 0
});

function fakeClient(replies: { import?: Outcome<ImportSummary>[]; analyse?: Outcome<SeriesAnalysis>[] }): InsightPageClient & { analysed: number[] } {
	const analysed: number[] = [];
	return {
		analysed,
		importFile: async () => replies.import!.shift()!,
		importSample: async () => replies.import!.shift()!,
		analyseImported: async (i) => {
			analysed.push(i);
			return replies.analyse!.shift()!;
		},
		checkModel: async () => ({ status: 'superseded' }),
		close() {}
	};
}

const file = (text: string) => new File([text], 'load.csv');

describe('import state', () => {
	it('lists a file and analyses its first series at once', async () => {
		const analysis = { name: 's0' } as SeriesAnalysis;
		const client = fakeClient({ import: [{ status: 'done', value: summary('load.csv', 2) }], analyse: [{ status: 'done', value: analysis }] });
		const state = new ImportState(client);
		await state.readFile(file('time,a\n1,2'));
		expect(state.summary?.series.length).toBe(2);
		expect(client.analysed).toEqual([0]);
		expect(state.analysis).toBe(analysis);
		expect(state.status).toBe('ready');
	});

	it('drops a superseded answer, shows a failure, and refuses a file past the size bound without reading it', async () => {
		const client = fakeClient({ import: [{ status: 'superseded' }, { status: 'failed', message: 'boom' }], analyse: [] });
		const state = new ImportState(client);
		await state.readFile(file('x'));
		expect(state.summary).toBeNull();
		await state.sample();
		expect(state).toMatchObject({ status: 'error', error: 'boom' });
		const huge = { name: 'huge.csv', size: 65 * 1024 * 1024, text: () => Promise.reject(new Error('read')) } as unknown as File;
		await state.readFile(huge);
		expect(state.error).toMatch(/^huge.csv: 65 MiB is more than 64 MiB/);
	});
});

describe('incident history', () => {
	it('reads incidents newest first and the anomalies of the chosen one (or of the newest)', async () => {
		const store = new MemoryInsightHistoryStore();
		const ref = rollupRef('latency.p95Ms', 'svc|a')!;
		const incident = (startMs: number) => ({ id: `inc-${startMs}`, startMs, endMs: null, severity: 'warning' as const, symptom: ref.id, anomalyIds: [], moreAnomalies: 0, services: ['a'], updatedMs: startMs });
		await store.putIncidents([incident(1), incident(2)]);
		const anomaly = (startMs: number, incidentId: string) => ({ id: `${ref.id}@${startMs}`, seriesId: ref.id, ref, startMs, endMs: null, severity: 'warning' as const, peakZ: 4, peakMs: startMs, peakValue: 1, expectedAtPeak: 0, points: 3, incidentId });
		await store.putAnomalies([anomaly(1, 'inc-1'), anomaly(2, 'inc-2'), anomaly(3, 'inc-2')]);
		const history = new IncidentHistory();
		await history.load(store, '');
		expect(history.incidents.map((i) => i.id)).toEqual(['inc-2', 'inc-1']);
		expect(history.anomalies.map((a) => a.startMs)).toEqual([3, 2]);
		await history.load(store, 'inc-1');
		expect(history.anomalies.map((a) => a.startMs)).toEqual([1]);
	});
});
