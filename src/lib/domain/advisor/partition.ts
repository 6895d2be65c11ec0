/**
 * The advisor's partitioner: K candidate services from a class call graph.
 *
 * Multi-start, keep the lowest J = ICP + λ · BCP / ln(C) (see `objective.ts`):
 * 1. Louvain communities on the call graph, each pair's call weight scaled by
 *    (1 + β · Jaccard similarity of the two classes' business contexts), for several β and
 *    seeds; the resolution doubles until there are at least K communities.
 * 2. Greedy agglomeration of those communities to exactly K (`agglomerate.ts`), at a few
 *    weights of BCP against ICP.
 * 3. Local refinement by single-class moves (`refine.ts`).
 * Two more starts refine the context-only baseline (`hierarchical.ts`, brought within the
 * size limits): freely, and within the baseline's own ICP and BCP. The result is the lowest-J
 * candidate that is no worse than that baseline on either measure, so a proposal never
 * trades business purity for call locality (or the reverse) against plain context
 * clustering.
 *
 * Deterministic for a seed: every visiting order comes from `seededRandom(seed + start)`.
 */
import { agglomerate } from './agglomerate';
import { contextHierarchy } from './hierarchical';
import { louvain, type CsrGraph } from './louvain';
import { PartitionState, type ObjectiveOptions } from './objective';
import { contextJaccard, type PartitionGraph } from './partition-graph';
import { seededRandom } from './random';
import { refine, repairSizes } from './refine';

export interface PartitionOptions {
	k: number;
	seed?: number;
	/** Weight of normalised BCP against ICP in J. */
	lambda?: number;
	/** Largest partition = ceil(max(maxSizeFactor / K, maxShare) · classes). */
	maxSizeFactor?: number;
	maxShare?: number;
	/** Smallest partition = max(1, floor(minSizeFactor · classes / K)). */
	minSizeFactor?: number;
	/** Louvain seeds per β. */
	restarts?: number;
	/** β values: how strongly shared business contexts pull two calling classes together. */
	contextAffinity?: number[];
	/**
	 * λ multipliers tried when merging communities down to K and refining; every result is
	 * refined again and judged at the real λ. The search is greedy, so different weights reach
	 * different basins (measured on the DayTrader call graph: no single weight wins at every K).
	 */
	agglomerationScales?: number[];
}

export interface PartitionResult {
	assignment: Int32Array;
	k: number;
	objective: number;
	icp: number;
	bcp: number;
	/** Which start won, e.g. `louvain β=2 #1` or `context-hierarchy`. */
	start: string;
}

export const defaultPartitionOptions = {
	seed: 1,
	lambda: 1,
	maxSizeFactor: 2.5,
	maxShare: 0.25,
	minSizeFactor: 0.1,
	restarts: 2,
	contextAffinity: [0, 2, 8],
	agglomerationScales: [0.5, 1, 2]
};

export function partitionClasses(graph: PartitionGraph, options: PartitionOptions): PartitionResult {
	const settings = { ...defaultPartitionOptions, ...options };
	const n = graph.n;
	const k = Math.max(1, Math.min(Math.floor(settings.k), n));
	const objective: ObjectiveOptions = {
		lambda: settings.lambda,
		maxSize: Math.max(
			Math.ceil(n / Math.max(1, k)),
			Math.ceil(Math.max(settings.maxSizeFactor / Math.max(1, k), settings.maxShare) * n)
		),
		minSize: Math.max(1, Math.min(Math.floor(n / Math.max(1, k)), Math.floor((settings.minSizeFactor * n) / Math.max(1, k))))
	};
	if (n === 0 || k === 1 || k === n) {
		const assignment = new Int32Array(n);
		if (k === n) for (let v = 0; v < n; v++) assignment[v] = v;
		return finish(new PartitionState(graph, assignment, Math.max(1, k), objective), 'trivial');
	}

	const candidates: PartitionResult[] = [];
	const consider = (labels: Int32Array, start: string, startIndex: number, options: ObjectiveOptions = objective): void => {
		const random = seededRandom(settings.seed * 7919 + startIndex);
		let state = new PartitionState(graph, fillToK(labels, k), k, options);
		repairSizes(state);
		refine(state, { random });
		if (options.lambda !== objective.lambda) {
			state = new PartitionState(graph, state.assignment, k, { ...options, lambda: objective.lambda });
			refine(state, { random });
		}
		candidates.push(finish(state, start));
	};

	let startIndex = 0;
	for (const beta of settings.contextAffinity) {
		const affinity = affinityGraph(graph, beta);
		for (let r = 0; r < settings.restarts; r++) {
			startIndex += 1;
			const random = seededRandom(settings.seed * 104729 + startIndex);
			let resolution = 1;
			let labels = louvain(affinity, { resolution, random });
			while (countLabels(labels) < k && resolution < 4096) {
				resolution *= 2;
				labels = louvain(affinity, { resolution, random });
			}
			for (const scale of settings.agglomerationScales) {
				const scaled = { ...objective, lambda: objective.lambda * scale };
				consider(agglomerate(graph, labels, k, scaled), `louvain β=${beta} #${r + 1}, λ×${scale}`, startIndex, scaled);
			}
		}
	}

	// The reference: the context-only clustering, within the same size limits. Refining it
	// without crossing its own ICP and BCP gives a candidate at least as good on both.
	let reference: PartitionResult | null = null;
	const baseline = contextHierarchy(graph, k);
	if (baseline) {
		const state = new PartitionState(graph, fillToK(baseline, k), k, objective);
		repairSizes(state);
		reference = finish(state, 'context-hierarchy');
		consider(baseline, 'context-hierarchy, refined', ++startIndex);
		consider(state.assignment, 'context-hierarchy, refined within its ICP and BCP', ++startIndex, {
			...objective,
			maxCutWeight: state.cutWeight + 1e-9,
			maxLogSum: state.logSum + 1e-9
		});
	}
	return choose(candidates, reference);
}

/**
 * The lowest-J candidate among those no worse than the reference on both ICP and BCP
 * (there is always one: the reference refined within its own bounds); the lowest J
 * overall when there is no reference.
 */
function choose(candidates: PartitionResult[], reference: PartitionResult | null): PartitionResult {
	const eligible = reference
		? candidates.filter((c) => c.icp <= reference.icp + 1e-9 && c.bcp <= reference.bcp + 1e-9)
		: candidates;
	const pool = eligible.length > 0 ? eligible : candidates;
	let best = pool[0];
	for (const candidate of pool) if (candidate.objective < best.objective - 1e-12) best = candidate;
	return best;
}

function finish(state: PartitionState, start: string): PartitionResult {
	return {
		assignment: Int32Array.from(state.assignment),
		k: state.k,
		objective: state.value(),
		icp: state.icp(),
		bcp: state.bcp(),
		start
	};
}

function affinityGraph(graph: PartitionGraph, beta: number): CsrGraph {
	const weights = new Float64Array(graph.adjWeights.length);
	for (let v = 0; v < graph.n; v++) {
		for (let i = graph.adjOffsets[v]; i < graph.adjOffsets[v + 1]; i++) {
			const similarity = beta === 0 ? 0 : contextJaccard(graph, v, graph.adjNodes[i]);
			weights[i] = graph.adjWeights[i] * (1 + beta * similarity);
		}
	}
	return { n: graph.n, offsets: graph.adjOffsets, nodes: graph.adjNodes, weights };
}

function countLabels(labels: Int32Array): number {
	return new Set(labels).size;
}

/**
 * Relabels to 0..K-1; when there are fewer than K groups, splits the largest group in halves
 * (class order) until there are K, leaving refinement to move classes sensibly.
 */
function fillToK(labels: Int32Array, k: number): Int32Array {
	const groups = new Map<number, number[]>();
	labels.forEach((label, v) => {
		const group = groups.get(label);
		if (group) group.push(v);
		else groups.set(label, [v]);
	});
	const list = [...groups.values()];
	while (list.length < k) {
		let largest = 0;
		for (let i = 1; i < list.length; i++) if (list[i].length > list[largest].length) largest = i;
		if (list[largest].length < 2) break;
		list.push(list[largest].splice(Math.ceil(list[largest].length / 2)));
	}
	const result = new Int32Array(labels.length);
	list.forEach((group, label) => {
		for (const v of group) result[v] = label;
	});
	return result;
}
