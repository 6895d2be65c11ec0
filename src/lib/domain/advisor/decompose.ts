/**
 * The advisor's decomposition entry point: partition a class call graph into K candidate
 * services (K given, or swept), measure the proposal and a baseline in the same run, and
 * build the migration proposal.
 *
 * The baseline printed next to every proposal is the plain Mono2Micro-style context
 * clustering (`hierarchical.ts`) at the same K, without size limits. When K is swept, the
 * chosen K has the lowest objective J = ICP + BCP / ln(C) among proposals whose largest
 * candidate keeps at most half of the classes (a candidate holding more is still the
 * monolith); when no K qualifies, the lowest J overall. Every K's measures are listed.
 */
import type { CallGraph } from './call-graph';
import { contextHierarchy } from './hierarchical';
import { computeMeasures, type Measures } from './measures';
import { partitionClasses, type PartitionOptions } from './partition';
import { toPartitionGraph } from './partition-graph';
import { buildProposal, type DecompositionProposal } from './proposal';

export interface DecomposeOptions {
	/** Candidate services; when absent, K is swept over `kRange`. */
	k?: number;
	/** Inclusive; default 2 to min(12, classes / 3). */
	kRange?: [number, number];
	seed?: number;
	partition?: Omit<PartitionOptions, 'k' | 'seed'>;
	maxRemoteCalls?: number;
}

export interface SweepRow {
	k: number;
	objective: number;
	/** Classes in the largest candidate. */
	largest: number;
	measures: Measures;
	baseline: Measures | null;
}

export interface GraphSummary {
	classes: number;
	contexts: number;
	edges: number;
	records: number;
	dropped: CallGraph['dropped'];
}

export interface Decomposition {
	graph: GraphSummary;
	k: number;
	seed: number;
	/** Which start of the partitioner won (for the curious; see `partition.ts`). */
	start: string;
	measures: Measures;
	baseline: { name: 'context-hierarchy'; measures: Measures } | null;
	proposal: DecompositionProposal;
	sweep: SweepRow[];
}

export function decompose(graph: CallGraph, options: DecomposeOptions = {}): Decomposition {
	const seed = options.seed ?? 1;
	const n = graph.classes.length;
	const partitionGraph = toPartitionGraph(graph);
	const summary: GraphSummary = {
		classes: n,
		contexts: graph.contexts.length,
		edges: graph.edges.length,
		records: graph.records,
		dropped: graph.dropped
	};
	const ks =
		options.k !== undefined
			? [clampK(options.k, n)]
			: range(options.kRange ?? [2, Math.max(2, Math.min(12, Math.floor(n / 3)))], n);

	interface Run {
		k: number;
		assignment: Int32Array;
		start: string;
		objective: number;
		largest: number;
		measures: Measures;
		baseline: Measures | null;
	}
	const runs: Run[] = [];
	const sweep: SweepRow[] = [];
	for (const k of ks) {
		const result = partitionClasses(partitionGraph, { ...options.partition, k, seed });
		const measures = computeMeasures(graph, result.assignment);
		const reference = n > 0 ? contextHierarchy(partitionGraph, k) : null;
		const baseline = reference ? computeMeasures(graph, reference) : null;
		const sizes = new Array<number>(result.k).fill(0);
		for (const label of result.assignment) sizes[label] += 1;
		const largest = Math.max(0, ...sizes);
		sweep.push({ k: result.k, objective: result.objective, largest, measures, baseline });
		runs.push({ k: result.k, assignment: result.assignment, start: result.start, objective: result.objective, largest, measures, baseline });
	}
	const balanced = runs.filter((r) => r.largest * 2 <= n);
	let chosen: Run | null = null;
	for (const run of balanced.length > 0 ? balanced : runs) {
		if (!chosen || run.objective < chosen.objective - 1e-12) chosen = run;
	}
	const final = chosen ?? { k: 0, assignment: new Int32Array(0), start: 'empty', objective: 0, measures: computeMeasures(graph, []), baseline: null };
	return {
		graph: summary,
		k: final.k,
		seed,
		start: final.start,
		measures: final.measures,
		baseline: final.baseline ? { name: 'context-hierarchy', measures: final.baseline } : null,
		proposal: buildProposal(graph, final.assignment, { maxRemoteCalls: options.maxRemoteCalls }),
		sweep
	};
}

function clampK(k: number, n: number): number {
	return Math.max(1, Math.min(Math.floor(k), Math.max(1, n)));
}

function range([from, to]: [number, number], n: number): number[] {
	const lo = clampK(from, n);
	const hi = Math.max(lo, clampK(to, n));
	return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}
