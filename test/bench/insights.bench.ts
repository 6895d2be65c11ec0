/**
 * The insights host's cost on the demo bank at lunch-time load (load 1, ~900 spans/s): eight
 * minutes of telemetry written into the in-memory store as the relay and rollup worker would,
 * then analysed by the host as the writer tab's insight worker does.
 *
 *   catch-up      one cycle over all 48 stored 10 s windows (start-up replay), per window
 *   steady state  one cycle that finds one new window, as every 10 s in the browser
 * Baseline, on the same store in the same run: only the reads a cycle makes (span rollup
 * windows, the canonical metric frames, platform events, and the span chunks where the cycle
 * finds new ones), without analysis.
 * The ratio is what analysis adds to reading; the browser adds IndexedDB time to both.
 *
 * Standalone: `npx tsx test/bench/insights.bench.ts`; in the suite: `npm run bench -- insights`.
 */
import { pathToFileURL } from 'node:url';
import { demoStore } from '../../workers/demo-store.test-support';
import { canonicalMetricNames } from '../../src/lib/domain/insights/live/canonical';
import type { InsightHost } from '../../src/lib/io/insights/insight-host';
import { nodeInsightHost } from '../../src/lib/io/insights/insight-host.test-support';
import type { MemoryTelemetryStore } from '../../src/lib/io/memory-store';
import { medianMs, printResults } from './median-timing';
import type { BenchResult } from './types';

const STEP = 10_000;

function host(store: MemoryTelemetryStore, now: () => number): InsightHost {
	return nodeInsightHost({ source: store, now, utcOffsetMinutes: 540, warmupMs: 10 * 60_000 });
}

/** The store reads of a cycle over [fromMs, toMs); span chunks only where the cycle finds new ones (catch-up). */
async function readsOnly(store: MemoryTelemetryStore, fromMs: number, toMs: number, spans: boolean): Promise<void> {
	await store.rollupWindows({ level: '10s', fromMs, toMs, parts: ['svc', 'ep', 'inst'] });
	await Promise.all(canonicalMetricNames.map((name) => store.metricFrame({ level: '10s', name, fromMs, toMs })));
	for await (const logs of store.logChunks({ fromMs, toMs, eventNames: ['k8s.event', 'aws.ecs.event'] })) void logs.length;
	if (spans) for await (const chunk of store.spanChunks({ fromMs, toMs })) void chunk.length;
}

export async function run(): Promise<BenchResult[]> {
	const startMs = Date.UTC(2026, 10, 4, 3, 0); // a Wednesday, 12:00 KST
	const demo = await demoStore({ startMs, seconds: 480, stepMs: 1_000, speed: 1, load: 1, incidents: [{ kind: 'slow-sql', startMs: startMs + 360_000, durationMs: 600_000 }] });
	const endMs = demo.endMs + 20_000;
	const windows = 48;

	let series = 0;
	const catchUpMs = await medianMs(
		async () => {
			const h = host(demo.store, () => endMs);
			await h.start();
			const s = await h.cycle();
			series = s.status.series;
		},
		3,
		1
	);
	const catchUpReadMs = await medianMs(() => readsOnly(demo.store, endMs - windows * STEP - 20_000, endMs, true), 3, 1);

	// steady state: a caught-up host finding the next window
	let nowMs = endMs - 60_000;
	const steady = host(demo.store, () => nowMs);
	await steady.start();
	await steady.cycle();
	const steadyMs = await medianMs(async () => {
		nowMs += STEP;
		await steady.cycle();
	}, 5, 0);
	const steadyReadMs = await medianMs(() => readsOnly(demo.store, nowMs - 2 * STEP, nowMs, false), 5, 1);

	return [
		{ name: `catch-up cycle, per 10 s window (${windows} windows, ${series} series)`, value: catchUpMs / windows, unit: 'ms', baseline: catchUpReadMs / windows, baselineName: 'reads alone', ratio: catchUpMs / catchUpReadMs },
		{ name: 'steady-state cycle (one new 10 s window, open incident analysed)', value: steadyMs, unit: 'ms', baseline: steadyReadMs, baselineName: 'reads alone', ratio: steadyMs / steadyReadMs, target: 1_000, better: 'lower', note: 'a cycle every 10 s: under 1 s keeps the worker mostly idle' }
	];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) printResults(await run());
