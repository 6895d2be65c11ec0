/**
 * The partitioner's view of a class call graph: compressed adjacency (CSR) with the ICP
 * weight of each class pair, and each class's business contexts as a sorted index list.
 *
 * Pair weight = Σ over the pair's directed call edges of (ln(volume) + 1), so the weight of
 * cut pairs divided by `totalWeight` is exactly the ICP of a partitioning.
 * Classes without a context get a shared `Unknown` context (index `contextCount - 1`), as
 * BCP counts them.
 */
import type { MeasureGraph } from './measures';

export interface PartitionGraph {
	n: number;
	contextCount: number;
	contextOffsets: Int32Array;
	contextList: Int32Array;
	adjOffsets: Int32Array;
	adjNodes: Int32Array;
	adjWeights: Float64Array;
	/** Σ of pair weights (each directed edge once). */
	totalWeight: number;
}

export function toPartitionGraph(graph: MeasureGraph): PartitionGraph {
	const n = graph.classes.length;
	let contextCount = 0;
	for (const list of graph.classContexts) for (const c of list) contextCount = Math.max(contextCount, c + 1);
	const unknown = graph.classContexts.some((list) => list.length === 0) ? contextCount++ : -1;

	const contextOffsets = new Int32Array(n + 1);
	for (let c = 0; c < n; c++) contextOffsets[c + 1] = contextOffsets[c] + Math.max(1, graph.classContexts[c].length);
	const contextList = new Int32Array(contextOffsets[n]);
	for (let c = 0; c < n; c++) {
		const list = graph.classContexts[c];
		if (list.length === 0) contextList[contextOffsets[c]] = unknown;
		else contextList.set(list, contextOffsets[c]);
	}

	const pairWeight = new Map<number, number>();
	let totalWeight = 0;
	for (const edge of graph.edges) {
		if (edge.from === edge.to || edge.volume <= 0) continue;
		const weight = Math.log(edge.volume) + 1;
		totalWeight += weight;
		const key = Math.min(edge.from, edge.to) * n + Math.max(edge.from, edge.to);
		pairWeight.set(key, (pairWeight.get(key) ?? 0) + weight);
	}
	const degree = new Int32Array(n);
	for (const key of pairWeight.keys()) {
		degree[Math.floor(key / n)] += 1;
		degree[key % n] += 1;
	}
	const adjOffsets = new Int32Array(n + 1);
	for (let c = 0; c < n; c++) adjOffsets[c + 1] = adjOffsets[c] + degree[c];
	const adjNodes = new Int32Array(adjOffsets[n]);
	const adjWeights = new Float64Array(adjOffsets[n]);
	const fill = adjOffsets.slice(0, n);
	const keys = [...pairWeight.keys()].sort((a, b) => a - b);
	for (const key of keys) {
		const a = Math.floor(key / n);
		const b = key % n;
		const weight = pairWeight.get(key) ?? 0;
		adjNodes[fill[a]] = b;
		adjWeights[fill[a]++] = weight;
		adjNodes[fill[b]] = a;
		adjWeights[fill[b]++] = weight;
	}
	return { n, contextCount, contextOffsets, contextList, adjOffsets, adjNodes, adjWeights, totalWeight };
}

/** Jaccard similarity of two classes' context sets (both lists sorted). */
export function contextJaccard(graph: PartitionGraph, a: number, b: number): number {
	let i = graph.contextOffsets[a];
	let j = graph.contextOffsets[b];
	const endA = graph.contextOffsets[a + 1];
	const endB = graph.contextOffsets[b + 1];
	let common = 0;
	while (i < endA && j < endB) {
		const x = graph.contextList[i];
		const y = graph.contextList[j];
		if (x === y) {
			common += 1;
			i += 1;
			j += 1;
		} else if (x < y) i += 1;
		else j += 1;
	}
	const union = endA - graph.contextOffsets[a] + (endB - graph.contextOffsets[b]) - common;
	return union === 0 ? 0 : common / union;
}
