/**
 * Rollup: 1,000,000 transactions into 1 s and 1 min windows per service, endpoint and
 * instance (plus overall), on one core. Target: <= 1 s.
 *
 * The input arrives as the rollup worker receives it under sustained load: 50 write groups
 * of 20,000 spans (the ingest worker's transaction size), each already turned into
 * transferable columns by the ingest worker (toSpanColumns, timed separately). Measured:
 * SpanRollup over the groups (1 s windows, one DDSketch per series) and the merge of the 1 s windows into 1 min windows. 17 minutes of traffic at 1,000
 * transactions/s spread over 12 services x 20 routes x 4 pods: ~300 series, so an average
 * 1 s cell holds ~3 values (the fine-grained case that makes per-cell cost matter).
 *
 * Baseline in the same run, same columns: a naive exact rollup that keeps every duration per
 * window and series (1 s and 1 min, overall / service / endpoint), sorts each list and reads
 * p50/p95/p99.
 *
 * Figures are wall-time medians of 3 runs; CPU time (user + system, GC threads included) is
 * printed too, because this machine is shared and wall time includes waiting for a core.
 *
 * Run: `npx tsx test/bench/rollup.bench.ts` or `npm run bench -- rollup`.
 */
import { pathToFileURL } from 'node:url';
import { coarsen, SpanRollup } from '../../src/lib/domain/telemetry/rollup';
import { OVERALL_KEY, endpointKey, serviceKey } from '../../src/lib/domain/telemetry/series-key';
import { toSpanColumns, type SpanColumns } from '../../src/lib/domain/telemetry/span-columns';
import { randomSpans } from '../../src/lib/domain/telemetry/test-spans';
import { printResults } from './median-timing';
import type { BenchResult } from './types';

/** Write groups as the ingest worker hands them over under sustained load (defaultWriteGroupRecords). */
const groups = 50;
const spansPerGroup = 20_000;
const spanCount = groups * spansPerGroup;
const startMs = 1_700_000_040_000;

function sketchRollup(batches: SpanColumns[]): number {
	const rollup = new SpanRollup({ bounds: { maxEndpointsPerService: 100 } });
	for (const columns of batches) rollup.addColumns(columns);
	const seconds = rollup.takeDeltas();
	const minutes = coarsen(seconds, '1m');
	return seconds.size + minutes.size;
}

/** Exact percentiles: every duration kept per window and series, each list sorted. */
function naiveRollup(batches: SpanColumns[]): number {
	const windows = new Map<number, Map<string, number[]>>();
	const push = (window: number, key: string, d: number) => {
		let series = windows.get(window);
		if (!series) windows.set(window, (series = new Map()));
		let list = series.get(key);
		if (!list) series.set(key, (list = []));
		list.push(d);
	};
	for (const c of batches) {
		const keys = c.groups.map((g) => [serviceKey(g.service), endpointKey(g.service, g.endpoint)]);
		for (let i = 0; i < c.length; i++) {
			const d = c.durationMs[i];
			const k = keys[c.group[i]];
			for (const window of [Math.floor(c.endMs[i] / 1000) * 1000, -Math.floor(c.endMs[i] / 60_000) * 60_000]) {
				push(window, OVERALL_KEY, d);
				push(window, k[0], d);
				push(window, k[1], d);
			}
		}
	}
	let checksum = 0;
	for (const series of windows.values()) {
		for (const list of series.values()) {
			list.sort((a, b) => a - b);
			const n = list.length;
			checksum += list[Math.ceil(0.5 * n) - 1] + list[Math.ceil(0.95 * n) - 1] + list[Math.ceil(0.99 * n) - 1];
		}
	}
	return checksum;
}

/** Median wall time and the CPU time of that same run, over `runs` runs after one warm-up. */
function measure(fn: () => unknown, runs = 3): { wallMs: number; cpuMs: number } {
	fn();
	const samples: { wallMs: number; cpuMs: number }[] = [];
	for (let i = 0; i < runs; i++) {
		const cpu0 = process.cpuUsage();
		const t0 = performance.now();
		fn();
		const wallMs = performance.now() - t0;
		const cpu = process.cpuUsage(cpu0);
		samples.push({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000 });
	}
	samples.sort((a, b) => a.wallMs - b.wallMs);
	return samples[Math.floor(runs / 2)];
}

export async function run(): Promise<BenchResult[]> {
	const spanGroups = Array.from({ length: groups }, (_, g) =>
		randomSpans({ count: spansPerGroup, startMs: startMs + g * 20_000, seconds: 20, services: 12, endpoints: 20, instances: 4, seed: g + 1 })
	);
	const columnsTime = measure(() => spanGroups.map((spans) => toSpanColumns(spans)), 1);
	const batches = spanGroups.map((spans) => toSpanColumns(spans));
	spanGroups.length = 0;
	const sketch = measure(() => sketchRollup(batches));
	const naive = measure(() => naiveRollup(batches));
	const rate = (ms: number) => Math.round(spanCount / (ms / 1000));
	return [
		{
			name: '1M spans -> 1 s + 1 min windows per service / endpoint / instance (rollup worker)',
			value: sketch.wallMs,
			unit: 'ms',
			baseline: naive.wallMs,
			baselineName: 'naive exact percentiles (sort per window)',
			ratio: sketch.wallMs / naive.wallMs,
			target: 1_000,
			better: 'lower',
			note: `${rate(sketch.wallMs).toLocaleString('en')} spans/s; CPU ${Math.round(sketch.cpuMs)} ms (naive ${Math.round(naive.cpuMs)} ms)`
		},
		{
			name: 'rollup CPU time (user + system, GC included)',
			value: sketch.cpuMs,
			unit: 'ms',
			baseline: naive.cpuMs,
			baselineName: 'naive exact percentiles',
			ratio: sketch.cpuMs / naive.cpuMs,
			target: 1_000,
			better: 'lower'
		},
		{
			name: 'toSpanColumns for 1M spans (ingest worker, per write group)',
			value: columnsTime.wallMs,
			unit: 'ms',
			better: 'lower',
			note: `CPU ${Math.round(columnsTime.cpuMs)} ms`
		}
	];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printResults(await run());
