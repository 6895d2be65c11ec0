/**
 * Transaction path: open a 100,000-span trace. Assembly, self time, critical path and the
 * per-segment breakdown (what the trace worker computes before the waterfall's first
 * paint; the budget for the whole first paint is 1 s). Baseline: structuredClone of
 * the same spans, the cost of merely handing them to a worker, measured in the same run.
 * Run alone: `npx tsx test/bench/trace.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { analyzeTrace, toBaselineTrace } from '../../src/lib/domain/trace/analyze';
import { assembleTrace } from '../../src/lib/domain/trace/assemble';
import { criticalPath } from '../../src/lib/domain/trace/critical-path';
import { maskSql } from '../../src/lib/domain/trace/mask-sql';
import { randomTrace } from '../../src/lib/domain/trace/span-builder';
import { medianMs, printResults } from './median-timing';
import type { BenchResult } from './types';

export async function run(): Promise<BenchResult[]> {
	const spans = randomTrace({ spanCount: 100_000, seed: 42, services: 40 });
	const cloneMs = await medianMs(() => structuredClone(spans), 3);
	const assembleMs = await medianMs(() => assembleTrace(spans));
	const tree = assembleTrace(spans);
	const pathMs = await medianMs(() => criticalPath(tree));
	const analyzeMs = await medianMs(() => analyzeTrace(spans));
	const pathsMs = await medianMs(() => toBaselineTrace(spans), 3);
	const statements = spans.map((s) => s.attrs['db.query.text']).filter((t): t is string => typeof t === 'string');
	const maskMs = await medianMs(() => statements.forEach((t) => maskSql(t)), 3);
	const ratio = (v: number) => v / cloneMs;
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
		{ name: 'span paths for comparison, 100k spans', value: pathsMs, unit: 'ms', better: 'lower' },
		{ name: `mask ${statements.length.toLocaleString('en')} SQL statements`, value: maskMs, unit: 'ms', better: 'lower' }
	];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printResults(await run());
