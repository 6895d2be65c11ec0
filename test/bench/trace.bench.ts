/**
 * Transaction path: open a 100,000-span trace. Assembly, self time, critical path and the
 * per-segment breakdown (what the trace worker computes before the waterfall's first
 * paint; the budget for the whole first paint is 1 s). Baseline: structuredClone of
 * the same spans, the cost of merely handing them to a worker, measured in the same run.
 * Also the service map's fold: 200,000 spans (2,000 traces) into a topology, as spans per
 * second, against counting the same spans per service in a Map (the cheapest per-service
 * pass over the same objects).
 * Run alone: `npx tsx test/bench/trace.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { analyzeTrace, toBaselineTrace } from '../../src/lib/domain/trace/analyze';
import { assembleTrace } from '../../src/lib/domain/trace/assemble';
import { criticalPath } from '../../src/lib/domain/trace/critical-path';
import { maskSql } from '../../src/lib/domain/trace/mask-sql';
import { randomTrace } from '../../src/lib/domain/trace/span-builder';
import { TopologyBuilder } from '../../src/lib/domain/topology/builder';
import { medianMs, printResults } from './median-timing';
import type { BenchResult } from './types';

export async function run(): Promise<BenchResult[]> {
	const spans = randomTrace({ spanCount: 100_000, seed: 42, services: 40 });
	const cloneMs = await medianMs(() => structuredClone(spans), 3);
	const assembleMs = await medianMs(() => assembleTrace(spans));
	const tree = assembleTrace(spans);
	const pathMs = await medianMs(() => criticalPath(tree));
	const analyzeMs = await medianMs(() => analyzeTrace(spans));
	let distinctPaths = 0;
	const pathsMs = await medianMs(() => (distinctPaths = toBaselineTrace(spans).paths.size), 3);
	const statements = spans.map((s) => s.attrs['db.query.text']).filter((t): t is string => typeof t === 'string');
	const maskMs = await medianMs(() => statements.forEach((t) => maskSql(t)), 3);
	const ratio = (v: number) => v / cloneMs;

	const mapSpans = Array.from({ length: 2000 }, (_, k) => randomTrace({ spanCount: 100, seed: 1000 + k, services: 60, traceNo: k + 1 })).flat();
	const foldMs = await medianMs(() => {
		const builder = new TopologyBuilder();
		for (let i = 0; i < mapSpans.length; i += 1000) builder.add(mapSpans.slice(i, i + 1000));
		return builder.finish();
	}, 3);
	const countMs = await medianMs(() => {
		const perService = new Map<string, number>();
		for (const span of mapSpans) perService.set(span.service, (perService.get(span.service) ?? 0) + 1);
		return perService;
	}, 3);
	const perSec = (ms: number) => (mapSpans.length / ms) * 1000;
	return [
		{ name: 'assemble 100k spans', value: assembleMs, unit: 'ms', better: 'lower' },
		{ name: 'critical path 100k spans', value: pathMs, unit: 'ms', better: 'lower' },
		{
			name: 'assemble + self time + critical path + segments, 100k spans',
			value: analyzeMs,
			unit: 'ms',
			baseline: cloneMs,
			baselineName: 'structuredClone of the spans',
			ratio: ratio(analyzeMs),
			target: 1000,
			better: 'lower'
		},
		{
			name: 'span paths for comparison, 100k spans',
			value: pathsMs, unit: 'ms', better: 'lower',
			note: `${distinctPaths.toLocaleString('en')} distinct paths: a random trace is the worst case; real traces repeat their structure`
		},
		{ name: `mask ${statements.length.toLocaleString('en')} SQL statements`, value: maskMs, unit: 'ms', better: 'lower' },
		{
			name: 'service map fold, 200k spans in 1,000-span chunks',
			value: perSec(foldMs), unit: 'spans/s', baseline: perSec(countMs), baselineName: 'count per service in a Map',
			ratio: countMs / foldMs, better: 'higher'
		}
	];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printResults(await run());
