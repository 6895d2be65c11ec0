/**
 * Louvain community detection (Blondel et al. 2008) with a resolution parameter γ:
 * local moving of nodes to the neighbouring community with the best modularity gain
 * w(i, C) - γ · tot(C) · k_i / 2m, then aggregation of communities into nodes, repeated
 * while anything moves. Higher γ gives more, smaller communities.
 *
 * Input is a symmetric CSR graph (each undirected pair stored in both rows). Visiting order
 * comes from the seeded `random`, so the result is deterministic for a seed.
 */
import { shuffle, type Random } from './random';

export interface CsrGraph {
	n: number;
	offsets: Int32Array;
	nodes: Int32Array;
	weights: Float64Array;
}

export interface LouvainOptions {
	resolution: number;
	random: Random;
	/** Bound on aggregation levels and on local-moving passes per level. */
	maxLevels?: number;
	maxPasses?: number;
}

export function louvain(graph: CsrGraph, options: LouvainOptions): Int32Array {
	const maxLevels = options.maxLevels ?? 12;
	const maxPasses = options.maxPasses ?? 32;
	const labels = new Int32Array(graph.n);
	for (let i = 0; i < graph.n; i++) labels[i] = i;
	let level = graph;
	for (let depth = 0; depth < maxLevels; depth++) {
		const { community, count, moved } = localMoving(level, options.resolution, options.random, maxPasses);
		for (let i = 0; i < labels.length; i++) labels[i] = community[labels[i]];
		if (!moved || count === level.n) break;
		level = aggregate(level, community, count);
	}
	return labels;
}

function localMoving(
	graph: CsrGraph,
	resolution: number,
	random: Random,
	maxPasses: number
): { community: Int32Array; count: number; moved: boolean } {
	const { n, offsets, nodes, weights } = graph;
	const strength = new Float64Array(n);
	let twoM = 0;
	for (let i = 0; i < n; i++) {
		for (let e = offsets[i]; e < offsets[i + 1]; e++) strength[i] += weights[e];
		twoM += strength[i];
	}
	const community = new Int32Array(n);
	const total = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		community[i] = i;
		total[i] = strength[i];
	}
	if (twoM === 0) return { community, count: n, moved: false };
	const order = new Int32Array(n);
	for (let i = 0; i < n; i++) order[i] = i;
	shuffle(order, random);
	const linkTo = new Float64Array(n);
	const touched: number[] = [];
	let moved = false;
	for (let pass = 0; pass < maxPasses; pass++) {
		let changes = 0;
		for (const i of order) {
			if (strength[i] === 0) continue;
			const own = community[i];
			touched.length = 0;
			for (let e = offsets[i]; e < offsets[i + 1]; e++) {
				const j = nodes[e];
				if (j === i) continue;
				const c = community[j];
				if (linkTo[c] === 0) touched.push(c);
				linkTo[c] += weights[e];
			}
			total[own] -= strength[i];
			const scale = (resolution * strength[i]) / twoM;
			let best = own;
			let bestGain = linkTo[own] - scale * total[own];
			for (const c of touched) {
				const gain = linkTo[c] - scale * total[c];
				if (gain > bestGain + 1e-12) {
					bestGain = gain;
					best = c;
				}
			}
			total[best] += strength[i];
			for (const c of touched) linkTo[c] = 0;
			linkTo[own] = 0;
			if (best !== own) {
				community[i] = best;
				changes += 1;
			}
		}
		if (changes === 0) break;
		moved = true;
	}
	const renumber = new Int32Array(n).fill(-1);
	let count = 0;
	for (let i = 0; i < n; i++) {
		const c = community[i];
		if (renumber[c] < 0) renumber[c] = count++;
		community[i] = renumber[c];
	}
	return { community, count, moved };
}

function aggregate(graph: CsrGraph, community: Int32Array, count: number): CsrGraph {
	const rows: Map<number, number>[] = Array.from({ length: count }, () => new Map());
	for (let i = 0; i < graph.n; i++) {
		const ci = community[i];
		const row = rows[ci];
		for (let e = graph.offsets[i]; e < graph.offsets[i + 1]; e++) {
			const cj = community[graph.nodes[e]];
			row.set(cj, (row.get(cj) ?? 0) + graph.weights[e]);
		}
	}
	const offsets = new Int32Array(count + 1);
	for (let c = 0; c < count; c++) offsets[c + 1] = offsets[c] + rows[c].size;
	const nodes = new Int32Array(offsets[count]);
	const weights = new Float64Array(offsets[count]);
	for (let c = 0; c < count; c++) {
		let at = offsets[c];
		for (const [d, w] of [...rows[c]].sort((a, b) => a[0] - b[0])) {
			nodes[at] = d;
			weights[at++] = w;
		}
	}
	return { n: count, offsets, nodes, weights };
}
