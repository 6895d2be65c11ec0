/**
 * The Database and Instances pages' worker folds on stored demo-bank telemetry: the database
 * overview (top SQL, gauges and events in one pass each), a digest's span search, and the
 * instances model, each against a same-run baseline that only iterates the same chunks
 * (what any fold must read). In-memory store (the IndexedDB reads come on top in a browser).
 *
 *   npm run bench -- db-page        DB_PAGE_BENCH_MINUTES (default 5) of a weekday lunch, load 1
 */
import { sqlDigest } from '../../src/lib/domain/db/digest';
import { dbEventNames } from '../../src/lib/domain/db/db-events';
import { statementMetricNames } from '../../src/lib/domain/db/top-sql';
import { createDbApi, statusMetricNames } from '../../workers/db-api';
import { createInstancesApi } from '../../workers/instances-api';
import { demoStore } from '../../workers/demo-store.test-support';
import { medianMs, printResults } from './median-timing';
import type { BenchResult } from './types';

export async function run(): Promise<BenchResult[]> {
	const minutes = Number(process.env.DB_PAGE_BENCH_MINUTES ?? 5);
	const startMs = Date.UTC(2026, 10, 4, 3, 30); // a Wednesday, 12:30 KST
	const loadStart = performance.now();
	const demo = await demoStore({ startMs, seconds: minutes * 60, stepMs: 1_000, speed: 1, load: 1, incidents: [{ kind: 'slow-sql', startMs: startMs + 30_000, durationMs: minutes * 60_000 }] });
	const loadMs = performance.now() - loadStart;
	const range = { fromMs: startMs, toMs: demo.endMs + 1 };
	const db = createDbApi(() => demo.store);
	const instances = createInstancesApi(() => demo.store);
	let request = 0;

	let spans = 0;
	let points = 0;
	const readMetrics = async () => {
		for await (const chunk of demo.store.metricChunks({ ...range, names: [...statementMetricNames, ...statusMetricNames] })) points += chunk.length;
		for await (const chunk of demo.store.logChunks({ ...range, eventNames: [...dbEventNames] })) void chunk;
	};
	const readSpans = async () => {
		for await (const chunk of demo.store.spanChunks(range)) spans += chunk.length;
	};
	const readInstanceInputs = async () => {
		await demo.store.resources();
		for await (const chunk of demo.store.logChunks(range)) void chunk;
		await demo.store.summaries({ ...range, kind: 'instance' });
	};

	const baselineOverview = await medianMs(readMetrics, 3);
	const overview = await medianMs(() => db.overview(++request, 'bench', { ...range, stepMs: 10_000 }), 3);
	const digest = sqlDigest(demo.bank.incidents().find((i) => i.kind === 'slow-sql')!.statement!);
	const resourceId = (await demo.store.resources()).find((r) => r.service === 'deposits-mysql')!.id;
	const baselineSpans = await medianMs(readSpans, 3);
	const detail = await medianMs(() => db.digest(++request, 'bench', { ...range, resourceId, digest, stepMs: 10_000, spanFromMs: range.fromMs }), 3);
	const baselineInputs = await medianMs(readInstanceInputs, 3);
	const page = await medianMs(() => instances.overview(++request, 'bench', { ...range, nowMs: demo.endMs, stepMs: 10_000, retireAfterMs: 300_000 }), 3);
	spans /= 4;
	points /= 4;
	const note = `${minutes} simulated min: ${Math.round(spans).toLocaleString('en')} spans, ${Math.round(points).toLocaleString('en')} statement/gauge points (store filled in ${(loadMs / 1000).toFixed(0)} s)`;
	return [
		{ name: 'database overview fold', value: overview, unit: 'ms', baseline: baselineOverview, baselineName: 'iterate the same metric and event chunks', ratio: overview / baselineOverview, better: 'lower', note },
		{ name: "digest detail (series + span search)", value: detail, unit: 'ms', baseline: baselineSpans, baselineName: 'iterate the span chunks', ratio: detail / baselineSpans, better: 'lower' },
		{ name: 'instances overview', value: page, unit: 'ms', baseline: baselineInputs, baselineName: 'read resources, log chunks and instance summaries', ratio: page / baselineInputs, better: 'lower' }
	];
}

if (import.meta.url === `file://${process.argv[1]}`) printResults(await run());
