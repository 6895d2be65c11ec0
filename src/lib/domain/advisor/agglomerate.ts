/**
 * Greedy agglomeration of clusters down to K partitions: repeatedly merges the pair whose
 * merge lowers the objective J (see `objective.ts`) the most, never past `maxSize` classes
 * while a merge within the cap exists.
 *
 *   ΔJ(A, B) = -w(A, B) / W + λ / (K · ln C) · (ln|ctx(A ∪ B)| - ln|ctx(A)| - ln|ctx(B)|)
 *
 * Each cluster keeps its best partner (nearest-neighbour bookkeeping), so a merge costs
 * O(m) updates instead of a rescan of all m² pairs; context sets are bitsets.
 */
import type { ObjectiveOptions } from './objective';
import type { PartitionGraph } from './partition-graph';

export function agglomerate(
	graph: PartitionGraph,
	labels: Int32Array,
	k: number,
	options: ObjectiveOptions
): Int32Array {
	let m = 0;
	for (const label of labels) m = Math.max(m, label + 1);
	if (m <= k) return Int32Array.from(labels);
	const words = Math.ceil(graph.contextCount / 32);
	const bits = new Uint32Array(m * words);
	const size = new Int32Array(m);
	const distinct = new Int32Array(m);
	const links: Map<number, number>[] = Array.from({ length: m }, () => new Map());
	for (let v = 0; v < graph.n; v++) {
		const a = labels[v];
		size[a] += 1;
		for (let i = graph.contextOffsets[v]; i < graph.contextOffsets[v + 1]; i++) {
			const c = graph.contextList[i];
			bits[a * words + (c >>> 5)] |= 1 << (c & 31);
		}
		for (let i = graph.adjOffsets[v]; i < graph.adjOffsets[v + 1]; i++) {
			const b = labels[graph.adjNodes[i]];
			if (b !== a) links[a].set(b, (links[a].get(b) ?? 0) + graph.adjWeights[i]);
		}
	}
	for (let a = 0; a < m; a++) distinct[a] = popcountRange(bits, a * words, words);

	const icpScale = graph.totalWeight > 0 ? 1 / graph.totalWeight : 0;
	const bcpScale = options.lambda / (k * Math.log(Math.max(2, graph.contextCount)));
	const alive = new Uint8Array(m).fill(1);
	const best = new Int32Array(m).fill(-1);
	const bestDelta = new Float64Array(m).fill(Infinity);
	const parent = new Int32Array(m);
	for (let a = 0; a < m; a++) parent[a] = a;

	const delta = (a: number, b: number, capped: boolean): number => {
		if (capped && size[a] + size[b] > options.maxSize) return Infinity;
		let union = 0;
		for (let w = 0; w < words; w++) union += popcount(bits[a * words + w] | bits[b * words + w]);
		const logChange = Math.log(Math.max(1, union)) - Math.log(Math.max(1, distinct[a])) - Math.log(Math.max(1, distinct[b]));
		return -(links[a].get(b) ?? 0) * icpScale + bcpScale * logChange;
	};
	const rescan = (a: number): void => {
		best[a] = -1;
		bestDelta[a] = Infinity;
		for (let b = 0; b < m; b++) {
			if (b === a || !alive[b]) continue;
			const d = delta(a, b, true);
			if (d < bestDelta[a]) {
				bestDelta[a] = d;
				best[a] = b;
			}
		}
	};
	for (let a = 0; a < m; a++) rescan(a);

	for (let count = m; count > k; count--) {
		let a = -1;
		for (let x = 0; x < m; x++) {
			if (alive[x] && best[x] >= 0 && (a < 0 || bestDelta[x] < bestDelta[a])) a = x;
		}
		let b: number;
		if (a >= 0) b = best[a];
		else [a, b] = cheapestUncapped(m, alive, delta);
		const keep = Math.min(a, b);
		const gone = Math.max(a, b);
		size[keep] += size[gone];
		for (let w = 0; w < words; w++) bits[keep * words + w] |= bits[gone * words + w];
		distinct[keep] = popcountRange(bits, keep * words, words);
		for (const [x, weight] of links[gone]) {
			links[x].delete(gone);
			if (x === keep) continue;
			links[keep].set(x, (links[keep].get(x) ?? 0) + weight);
			links[x].set(keep, (links[x].get(keep) ?? 0) + weight);
		}
		links[keep].delete(gone);
		links[gone].clear();
		alive[gone] = 0;
		parent[gone] = keep;
		rescan(keep);
		for (let x = 0; x < m; x++) {
			if (!alive[x] || x === keep) continue;
			if (best[x] === keep || best[x] === gone) rescan(x);
			else {
				const d = delta(x, keep, true);
				if (d < bestDelta[x]) {
					bestDelta[x] = d;
					best[x] = keep;
				}
			}
		}
	}

	const renumber = new Int32Array(m).fill(-1);
	let next = 0;
	const result = new Int32Array(graph.n);
	for (let v = 0; v < graph.n; v++) {
		let a = labels[v];
		while (parent[a] !== a) a = parent[a];
		if (renumber[a] < 0) renumber[a] = next++;
		result[v] = renumber[a];
	}
	return result;
}

function cheapestUncapped(m: number, alive: Uint8Array, delta: (a: number, b: number, capped: boolean) => number): [number, number] {
	let bestPair: [number, number] = [-1, -1];
	let bestValue = Infinity;
	for (let a = 0; a < m; a++) {
		if (!alive[a]) continue;
		for (let b = a + 1; b < m; b++) {
			if (!alive[b]) continue;
			const d = delta(a, b, false);
			if (bestPair[0] < 0 || d < bestValue) {
				bestValue = d;
				bestPair = [a, b];
			}
		}
	}
	return bestPair;
}

function popcount(x: number): number {
	let v = x - ((x >>> 1) & 0x55555555);
	v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
	return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function popcountRange(bits: Uint32Array, start: number, words: number): number {
	let sum = 0;
	for (let w = 0; w < words; w++) sum += popcount(bits[start + w]);
	return sum;
}
