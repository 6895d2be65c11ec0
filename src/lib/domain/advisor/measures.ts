/**
 * Decomposition quality measures of Mono2Micro (Kalia et al., FSE 2021), as issue 7 defines
 * them and as the paper's replication scripts compute them:
 *
 * - BCP, business context purity: mean over partitions of ln(distinct business contexts of
 *   the partition's classes); a class with no context counts as one `Unknown` context.
 *   Lower is better; 0 when every partition serves one context.
 * - ICP, inter-partition call percentage: Σ over cross-partition class edges of
 *   (ln(volume) + 1) / the same sum over all class edges. Directed edges; calls from the
 *   entry root and self-calls excluded. Lower is better.
 * - SM, structural modularity: mean over partitions of u_i / m_i² minus the mean over
 *   partition pairs of σ_ij / (m_i · m_j), where m_i is the partition's class count, u_i the
 *   number of class pairs inside it joined by a call (either direction) and σ_ij the number
 *   of class pairs across i and j joined by a call. Higher is better. (The replication
 *   script's loop also counts a self-call of every class but the last as a pair; we count
 *   distinct classes only, as ICP does.)
 * - NED, non-extreme distribution: share of classes outside partitions of 5 to 20 classes
 *   (inclusive). Lower is better.
 * - IFN, interface number: class pairs across partitions joined by a call, per partition.
 *   Lower is better.
 */
import type { CallGraph } from './call-graph';

export interface Measures {
	bcp: number;
	icp: number;
	sm: number;
	ned: number;
	ifn: number;
	/** Non-empty partitions. */
	partitions: number;
}

export type MeasureGraph = Pick<CallGraph, 'classes' | 'classContexts' | 'edges'>;

/** `assignment[c]` is class c's partition label (any integers; empty labels are ignored). */
export function computeMeasures(graph: MeasureGraph, assignment: ArrayLike<number>): Measures {
	const n = graph.classes.length;
	if (assignment.length !== n) {
		throw new Error(`assignment has ${assignment.length} entries for ${n} classes`);
	}
	const { labels, k } = denseLabels(assignment);
	if (k === 0) return { bcp: 0, icp: 0, sm: 0, ned: 1, ifn: 0, partitions: 0 };

	const sizes = new Array<number>(k).fill(0);
	const contextSets = Array.from({ length: k }, () => new Set<number>());
	for (let c = 0; c < n; c++) {
		const p = labels[c];
		sizes[p] += 1;
		const contexts = graph.classContexts[c];
		if (contexts.length === 0) contextSets[p].add(-1);
		for (const context of contexts) contextSets[p].add(context);
	}
	let bcpSum = 0;
	for (const set of contextSets) bcpSum += Math.log(set.size);

	let totalWeight = 0;
	let crossWeight = 0;
	const pairs = new Set<number>();
	for (const edge of graph.edges) {
		if (edge.from === edge.to) continue;
		const weight = Math.log(edge.volume) + 1;
		totalWeight += weight;
		if (labels[edge.from] !== labels[edge.to]) crossWeight += weight;
		const low = Math.min(edge.from, edge.to);
		const high = Math.max(edge.from, edge.to);
		pairs.add(low * n + high);
	}

	const inside = new Array<number>(k).fill(0);
	const across = new Map<number, number>();
	let crossPairs = 0;
	for (const key of pairs) {
		const p = labels[Math.floor(key / n)];
		const q = labels[key % n];
		if (p === q) inside[p] += 1;
		else {
			crossPairs += 1;
			const pairKey = Math.min(p, q) * k + Math.max(p, q);
			across.set(pairKey, (across.get(pairKey) ?? 0) + 1);
		}
	}
	let cohesion = 0;
	for (let p = 0; p < k; p++) cohesion += inside[p] / (sizes[p] * sizes[p]);
	cohesion /= k;
	let coupling = 0;
	if (k > 1) {
		for (const [pairKey, count] of across) {
			coupling += count / (sizes[Math.floor(pairKey / k)] * sizes[pairKey % k]);
		}
		coupling = (coupling * 2) / (k * (k - 1));
	}

	let moderate = 0;
	for (const size of sizes) if (size >= 5 && size <= 20) moderate += size;

	return {
		bcp: bcpSum / k,
		icp: totalWeight > 0 ? crossWeight / totalWeight : 0,
		sm: cohesion - coupling,
		ned: 1 - moderate / n,
		ifn: crossPairs / k,
		partitions: k
	};
}

/** Relabels to 0..k-1 in order of first appearance. */
export function denseLabels(assignment: ArrayLike<number>): { labels: Int32Array; k: number } {
	const map = new Map<number, number>();
	const labels = new Int32Array(assignment.length);
	for (let i = 0; i < assignment.length; i++) {
		let label = map.get(assignment[i]);
		if (label === undefined) {
			label = map.size;
			map.set(assignment[i], label);
		}
		labels[i] = label;
	}
	return { labels, k: map.size };
}
