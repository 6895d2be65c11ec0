/**
 * Migration advisor benchmark (`npm run bench -- advisor`, or `npx tsx test/bench/advisor.bench.ts`).
 *
 * 1. Partitioning time on a synthetic monolith of 1,000 classes, ~20,000 call edges and 50
 *    business contexts (issue 7: ≤ 5 s), against the context-clustering baseline's time in
 *    the same run, with both partitionings' measures.
 * 2. Mono2Micro measures on the crafted brokerage (DayTrader-like) and pet shop
 *    (JPetStore-like) call graphs: medians over the K values of the published evaluation
 *    (DayTrader 3..35, JPetStore 3..17, odd), ours against the baseline on the same input.
 *    The targets are Mono2Micro's published medians on the real applications' traces, which
 *    we do not have: the crafted graphs follow their structure, not their data.
 * 3. The demo bank's core-banking monolith: one simulated minute, measures at the chosen K.
 */
import { pathToFileURL } from 'node:url';
import { CallGraphBuilder, type CallGraph, type CallRecord } from '../../src/lib/domain/advisor/call-graph';
import { decompose } from '../../src/lib/domain/advisor/decompose';
import { contextHierarchy } from '../../src/lib/domain/advisor/hierarchical';
import { computeMeasures, type Measures } from '../../src/lib/domain/advisor/measures';
import { partitionClasses } from '../../src/lib/domain/advisor/partition';
import { toPartitionGraph } from '../../src/lib/domain/advisor/partition-graph';
import { SpanCallCollector } from '../../src/lib/domain/advisor/span-calls';
import { normaliseTraces } from '../../src/lib/domain/otlp/index';
import { createDemoBank } from '../../src/lib/sim/index';
import { brokerage, petshop } from '../fixtures/advisor/crafted';
import { syntheticMonolith } from '../fixtures/advisor/synthetic';
import { medianMs, printResults } from './median-timing';
import type { BenchResult } from './types';

function build(records: CallRecord[]): CallGraph {
	const builder = new CallGraphBuilder();
	for (const record of records) builder.add(record);
	return builder.build();
}

const describe = (m: Measures) =>
	`BCP ${m.bcp.toFixed(3)} ICP ${m.icp.toFixed(3)} SM ${m.sm.toFixed(3)} NED ${m.ned.toFixed(3)} IFN ${m.ifn.toFixed(2)}`;

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length / 2;
	return sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function lowerIsBetter(name: string, value: number, baseline: number, unit: string, target?: number, note?: string): BenchResult {
	return { name, value, unit, baseline, baselineName: 'context clustering', ratio: baseline > 0 ? value / baseline : undefined, target, better: 'lower', note };
}

async function largeGraph(): Promise<BenchResult[]> {
	const { records } = syntheticMonolith({ modules: 10, classesPerModule: 100, contextsPerModule: 5, edgesPerModule: 2200, crossShare: 0.1, utilities: 0, seed: 3 });
	const graph = build(records);
	const k = 20;
	const partitionGraph = toPartitionGraph(graph);
	let ours = partitionClasses(partitionGraph, { k });
	let baseline = contextHierarchy(partitionGraph, k) ?? new Int32Array(graph.classes.length);
	const oursMs = await medianMs(() => (ours = partitionClasses(partitionGraph, { k })), 3, 1);
	const baselineMs = await medianMs(() => (baseline = contextHierarchy(partitionGraph, k) ?? baseline), 3, 1);
	const size = `${graph.classes.length} classes, ${graph.edges.length} edges, ${graph.contexts.length} contexts, K=${k}`;
	const m = computeMeasures(graph, ours.assignment);
	const b = computeMeasures(graph, baseline);
	return [
		{
			name: `partition ${size}`,
			value: oursMs,
			unit: 'ms',
			baseline: baselineMs,
			baselineName: 'context clustering',
			ratio: oursMs / baselineMs,
			target: 5000,
			better: 'lower',
			note: `ours ${describe(m)} | baseline ${describe(b)}`
		},
		lowerIsBetter('synthetic 1,000-class BCP', m.bcp, b.bcp, ''),
		lowerIsBetter('synthetic 1,000-class ICP', m.icp, b.icp, '')
	];
}

function crafted(name: string, records: CallRecord[], ks: number[], published: { bcp: number; icp: number }): BenchResult[] {
	const graph = build(records);
	const partitionGraph = toPartitionGraph(graph);
	const ours: Measures[] = [];
	const base: Measures[] = [];
	for (const k of ks) {
		ours.push(computeMeasures(graph, partitionClasses(partitionGraph, { k }).assignment));
		base.push(computeMeasures(graph, contextHierarchy(partitionGraph, k) ?? new Int32Array(graph.classes.length)));
	}
	const pick = (list: Measures[], key: keyof Measures) => median(list.map((m) => m[key]));
	const note = `${graph.classes.length} classes, ${graph.contexts.length} contexts, K ${ks[0]}..${ks[ks.length - 1]}; medians SM ${pick(ours, 'sm').toFixed(3)} NED ${pick(ours, 'ned').toFixed(3)} IFN ${pick(ours, 'ifn').toFixed(2)} (baseline SM ${pick(base, 'sm').toFixed(3)} NED ${pick(base, 'ned').toFixed(3)} IFN ${pick(base, 'ifn').toFixed(2)}); target = Mono2Micro's published median on the real application`;
	return [
		lowerIsBetter(`${name} median BCP`, pick(ours, 'bcp'), pick(base, 'bcp'), '', published.bcp, note),
		lowerIsBetter(`${name} median ICP`, pick(ours, 'icp'), pick(base, 'icp'), '', published.icp, note)
	];
}

function demoMonolith(): BenchResult[] {
	const startMs = Date.UTC(2026, 10, 4, 3, 0);
	const bank = createDemoBank({ seed: 1, startMs });
	const collector = new SpanCallCollector({ services: ['core-banking'] });
	for (let atMs = startMs + 5_000; atMs <= startMs + 60_000; atMs += 5_000) {
		for (const request of bank.advance(atMs).traces) collector.addSpans(normaliseTraces(request, { nowMs: atMs }).spans);
	}
	const { graph } = collector.finish();
	const d = decompose(graph);
	const b = d.baseline?.measures ?? d.measures;
	const note = `${graph.classes.length} classes, ${graph.contexts.length} business transactions, chosen K=${d.k}: ours ${describe(d.measures)} | baseline ${describe(b)}`;
	return [lowerIsBetter('demo core-banking BCP', d.measures.bcp, b.bcp, '', undefined, note), lowerIsBetter('demo core-banking ICP', d.measures.icp, b.icp, '', undefined, note)];
}

export async function run(): Promise<BenchResult[]> {
	const odd = (from: number, to: number) => Array.from({ length: (to - from) / 2 + 1 }, (_, i) => from + 2 * i);
	return [
		...(await largeGraph()),
		...crafted('brokerage (DayTrader-like)', brokerage(), odd(3, 35), { bcp: 0.907, icp: 0.346 }),
		...crafted('pet shop (JPetStore-like)', petshop(), odd(3, 17), { bcp: 1.625, icp: 0.333 }),
		...demoMonolith()
	];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printResults(await run());
