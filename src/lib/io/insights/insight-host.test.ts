/**
 * The insights host end to end in Node: the demo bank's slow-SQL incident written into the
 * in-memory telemetry store exactly as the relay and the rollup worker would, then analysed
 * by the host as the writer tab's worker does.
 */
import { describe, expect, it } from 'vitest';
import { demoStore } from '../../../../workers/demo-store.test-support';
import type { InsightSnapshot } from '../../domain/insights/live/snapshot';
import { nodeInsightHost } from './insight-host.test-support';
import { MemoryInsightHistoryStore } from './memory-history-store';

describe('insights host on the demo bank', () => {
	it('finds the slow-SQL incident, ranks the truth first, fires the slow-SQL rule and keeps it all in history', async () => {
		const startMs = Date.UTC(2026, 10, 4, 3, 0); // a Wednesday, 12:00 KST
		const incidentMs = startMs + 300_000;
		const demo = await demoStore({ startMs, seconds: 480, stepMs: 1_000, speed: 1, load: 0.5, incidents: [{ kind: 'slow-sql', startMs: incidentMs, durationMs: 600_000 }] });
		const truth = demo.bank.incidents()[0];
		const history = new MemoryInsightHistoryStore();
		const published: InsightSnapshot[] = [];
		let nowMs = demo.endMs + 20_000;
		const host = nodeInsightHost({
			source: demo.store,
			history,
			publish: (s) => published.push(s),
			now: () => nowMs,
			utcOffsetMinutes: 540,
			warmupMs: 600_000,
			// the host's own cadence: forecasts and load patterns run in this cycle too
			forecastEveryMs: 15 * 60_000,
			patternEveryMs: 60 * 60_000
		});
		await host.start();
		const snapshot = await host.cycle();
		expect(snapshot.status.phase).toBe('running');
		expect(published.length).toBe(1);

		const incident = snapshot.incidents.find((i) => i.startMs >= incidentMs - 10_000);
		expect(incident, JSON.stringify(snapshot.incidents.map((i) => [i.id, i.startMs - incidentMs, i.symptom]))).toBeDefined();
		expect(incident!.startMs - incidentMs).toBeLessThan(60_000);
		expect(incident!.analysis?.causes[0].node).toBe(truth.rootCauseService);
		const fired = incident!.analysis!.rules.filter((r) => r.fired).map((r) => `${r.ruleId}:${r.node}`);
		expect(fired).toContain('builtin.slow-sql:transfer');
		expect(snapshot.anomalies.map((a) => a.seriesId)).toContain('latency.p95Ms@svc|transfer');
		const chart = snapshot.anomalies.find((a) => a.seriesId === 'latency.p95Ms@svc|transfer')!.chart!;
		expect(chart.xsMs.length).toBeGreaterThan(10);
		expect(chart.upper.at(-1)!).toBeLessThan(chart.values.at(-1)!);

		// history: the incident and its anomalies, and bands another tab can draw
		const stored = await history.incident(incident!.id);
		expect(stored?.analysis?.causes[0].node).toBe('transfer');
		expect((await history.anomalies({ incidentId: incident!.id })).length).toBeGreaterThan(0);
		expect((await history.baselines(['latency.p95Ms@svc|transfer'])).length).toBe(1);
		expect((await history.readSnapshot())?.atMs).toBe(nowMs);

		// a second cycle with nothing new changes nothing stored twice
		nowMs += 10_000;
		const before = (await history.anomalies()).length;
		await host.cycle();
		expect((await history.anomalies()).length).toBe(before);
	}, 120_000);
});

describe('insights host: failure prediction on the demo bank', () => {
	it('predicts the leaking pod reaching its heap limit at least ten minutes ahead', async () => {
		const startMs = Date.UTC(2026, 10, 4, 1, 0); // a Wednesday, 10:00 KST
		const leakMs = startMs + 60_000;
		const demo = await demoStore({ startMs, seconds: 1_000, stepMs: 1_000, speed: 1, load: 0.2, incidents: [{ kind: 'memory-leak', startMs: leakMs, durationMs: 900_000 }] });
		const truth = demo.bank.incidents()[0];
		const leaking = truth.instanceIds![0];
		// the old generation reaches its limit at 96 % of the incident (see src/lib/sim/incidents.ts)
		const limitMs = leakMs + 0.96 * 900_000;
		let nowMs = startMs + 90_000;
		const host = nodeInsightHost({ source: demo.store, now: () => nowMs, utcOffsetMinutes: 540, warmupMs: 120_000 });
		await host.start();
		let firstAlertMs: number | undefined;
		for (; nowMs < limitMs && firstAlertMs === undefined; nowMs += 30_000) {
			const s = await host.cycle();
			const heap = s.breaches.find((b) => b.ref.metric === 'runtime.heap.usage' && b.ref.instance === leaking && b.state === 'trending');
			if (heap) firstAlertMs = s.status.processedToMs;
		}
		expect(firstAlertMs).toBeDefined();
		expect(limitMs - firstAlertMs!).toBeGreaterThanOrEqual(10 * 60_000);
	}, 180_000);
});
