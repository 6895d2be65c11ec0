/**
 * First-day replay: the browser test's slow-SQL scenario (test/e2e/insights.spec.ts) in Node,
 * at several start times across a quarter hour. The demo bank (seed 1, load 1, its clock at
 * 12:00 KST when the relay starts) sends seven minutes of history at once, then runs in 1 s
 * steps; 45 s after the start one statement of the transfer service loses its index. The
 * insights host (browser-local time UTC, as on CI) runs a cycle every 10 s with rollups
 * checkpointed every 5 s, as the browser's workers do.
 *
 * On a first day every quarter hour starts a new baseline slot, so where the start falls in
 * its quarter hour decides how much each slot has learned when the incident begins. Per start:
 * how long after the incident's start the host had an incident whose first-ranked cause is the
 * truth's service with that service's p95 anomaly open, and how many incidents opened earlier.
 */
import { nodeInsightHost } from '../../src/lib/io/insights/insight-host.test-support';
import { demoScenarioStartMs } from '../../src/lib/server/demo-options';
import { DemoFeed } from '../../workers/demo-store.test-support';

export interface FirstDayRun {
	/** Seconds into its quarter hour the relay started. */
	offsetSec: number;
	/** Seconds from the incident's start to the right cause ranked first; null: not within `waitSec`. */
	seenAfterSec: number | null;
	/** First-ranked cause of the incident at the end (null: no incident). */
	cause: string | null;
	truth: string;
	/** Incidents that opened before the slow-SQL incident began (false alarms). */
	earlierIncidents: number;
}

const HISTORY_MS = 7 * 60_000;
const INCIDENT_AFTER_MS = 45_000;

async function replay(startMs: number, waitSec: number): Promise<Omit<FirstDayRun, 'offsetSec'>> {
	const incidentMs = startMs + INCIDENT_AFTER_MS;
	const feed = new DemoFeed({
		seed: 1,
		startMs: startMs - HISTORY_MS,
		speed: 1,
		incidents: [{ kind: 'slow-sql', startMs: incidentMs, durationMs: 900_000 }],
		scenarioStartMs: demoScenarioStartMs(12 * 60, startMs, HISTORY_MS, 1)
	});
	// the relay's history: one batch per minute, all received at the start
	for (let t = startMs - HISTORY_MS + 60_000; t <= startMs; t += 60_000) await feed.write(t, startMs);
	await feed.checkpoint();
	const truth = feed.bank.incidents(incidentMs + 1).find((i) => i.kind === 'slow-sql')!.rootCauseService;
	let nowMs = startMs;
	const host = nodeInsightHost({ source: feed.store, now: () => nowMs, utcOffsetMinutes: 0 });
	await host.start();
	let cause: string | null = null;
	let earlierIncidents = 0;
	for (let t = startMs + 1_000; t <= incidentMs + waitSec * 1000; t += 1_000) {
		await feed.write(t);
		if ((t - startMs) % 5_000 === 0) await feed.checkpoint();
		if ((t - startMs) % 10_000 !== 5_000) continue;
		nowMs = t;
		const s = await host.cycle();
		earlierIncidents = s.incidents.filter((i) => i.startMs < incidentMs - 10_000).length;
		const incident = s.incidents.find((i) => i.startMs >= incidentMs - 10_000);
		cause = incident?.analysis?.causes[0]?.node ?? null;
		const p95 = s.anomalies.some((a) => a.seriesId === `latency.p95Ms@svc|${truth}`);
		if (cause === truth && p95) return { seenAfterSec: (t - incidentMs) / 1000, cause, truth, earlierIncidents };
	}
	return { seenAfterSec: null, cause, truth, earlierIncidents };
}

export async function firstDaySection(options: { offsetsSec?: number[]; waitSec?: number } = {}): Promise<FirstDayRun[]> {
	// a quarter hour's start (any day: a first day has no other)
	const slotStartMs = Date.UTC(2026, 10, 25, 3, 0);
	const offsets = options.offsetsSec ?? [0, 150, 300, 450, 600, 750];
	const runs: FirstDayRun[] = [];
	for (const offsetSec of offsets) runs.push({ offsetSec, ...(await replay(slotStartMs + offsetSec * 1000, options.waitSec ?? 150)) });
	return runs;
}
