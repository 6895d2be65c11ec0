/**
 * The partitioner's objective for a fixed number of partitions K:
 *
 *   J = ICP + λ · BCP / ln(C)
 *
 * with ICP and BCP exactly as in `measures.ts` and C the number of business contexts
 * (at least 2), so both terms lie in [0, 1] and λ = 1 weighs call locality and business
 * purity alike. `PartitionState` keeps what a single-class move changes (partition sizes,
 * per-partition context counts, cut weight) so a move's ΔJ costs O(degree + contexts).
 *
 * Moves never empty a partition (K is the user's choice) and never grow one past `maxSize`
 * classes: without that cap J is lowest for one giant partition plus K - 1 singletons, a
 * proposal nobody could build.
 */
import type { PartitionGraph } from './partition-graph';

export interface ObjectiveOptions {
	/** Weight of normalised BCP against ICP. */
	lambda: number;
	/** Largest partition allowed, in classes. */
	maxSize: number;
	/** Smallest partition a move may leave behind, in classes (at least 1). */
	minSize: number;
	/**
	 * Optional bounds that no move may cross: the cut weight (ICP · W) and Σ ln(contexts per
	 * partition) (BCP · K). Refining a reference partitioning within its own bounds can only
	 * give a result at least as good as the reference on both ICP and BCP.
	 */
	maxCutWeight?: number;
	maxLogSum?: number;
}

export class PartitionState {
	readonly graph: PartitionGraph;
	readonly k: number;
	readonly assignment: Int32Array;
	readonly sizes: Int32Array;
	/** counts[p * C + c]: classes of partition p that serve context c. */
	private readonly counts: Int32Array;
	readonly distinct: Int32Array;
	cutWeight = 0;
	/** Σ over partitions of ln(distinct contexts). */
	logSum = 0;
	private readonly bcpScale: number;
	readonly options: ObjectiveOptions;
	private readonly linkScratch: Float64Array;

	constructor(graph: PartitionGraph, assignment: Int32Array, k: number, options: ObjectiveOptions) {
		this.graph = graph;
		this.k = k;
		this.options = options;
		this.assignment = Int32Array.from(assignment);
		this.sizes = new Int32Array(k);
		this.counts = new Int32Array(k * graph.contextCount);
		this.distinct = new Int32Array(k);
		this.linkScratch = new Float64Array(k);
		this.bcpScale = options.lambda / (k * Math.log(Math.max(2, graph.contextCount)));
		for (let v = 0; v < graph.n; v++) {
			const p = this.assignment[v];
			this.sizes[p] += 1;
			for (let i = graph.contextOffsets[v]; i < graph.contextOffsets[v + 1]; i++) {
				if (this.counts[p * graph.contextCount + graph.contextList[i]]++ === 0) this.distinct[p] += 1;
			}
			for (let i = graph.adjOffsets[v]; i < graph.adjOffsets[v + 1]; i++) {
				const u = graph.adjNodes[i];
				if (u > v && this.assignment[u] !== p) this.cutWeight += graph.adjWeights[i];
			}
		}
		for (let p = 0; p < k; p++) this.logSum += Math.log(Math.max(1, this.distinct[p]));
	}

	icp(): number {
		return this.graph.totalWeight > 0 ? this.cutWeight / this.graph.totalWeight : 0;
	}

	bcp(): number {
		return this.logSum / this.k;
	}

	value(): number {
		return this.icp() + this.bcpScale * this.logSum;
	}

	/** ΔJ of moving v to `to`, ignoring size and bound limits. */
	moveDelta(v: number, to: number): number {
		const g = this.graph;
		const from = this.assignment[v];
		if (from === to) return 0;
		let linkFrom = 0;
		let linkTo = 0;
		for (let i = g.adjOffsets[v]; i < g.adjOffsets[v + 1]; i++) {
			const p = this.assignment[g.adjNodes[i]];
			if (p === from) linkFrom += g.adjWeights[i];
			else if (p === to) linkTo += g.adjWeights[i];
		}
		const C = g.contextCount;
		let lost = 0;
		let gained = 0;
		for (let i = g.contextOffsets[v]; i < g.contextOffsets[v + 1]; i++) {
			if (this.counts[from * C + g.contextList[i]] === 1) lost += 1;
			if (this.counts[to * C + g.contextList[i]] === 0) gained += 1;
		}
		const logChange =
			Math.log(Math.max(1, this.distinct[from] - lost)) -
			Math.log(this.distinct[from]) +
			Math.log(Math.max(1, this.distinct[to] + gained)) -
			Math.log(Math.max(1, this.distinct[to]));
		const icpScale = g.totalWeight > 0 ? 1 / g.totalWeight : 0;
		return (linkFrom - linkTo) * icpScale + this.bcpScale * logChange;
	}

	/** The best move of class v: target partition and ΔJ (0 and -1 when none lowers J). */
	bestMove(v: number): { to: number; delta: number } {
		const g = this.graph;
		const from = this.assignment[v];
		if (this.sizes[from] <= Math.max(1, this.options.minSize)) return { to: -1, delta: 0 };
		const links = this.linkScratch;
		links.fill(0);
		for (let i = g.adjOffsets[v]; i < g.adjOffsets[v + 1]; i++) links[this.assignment[g.adjNodes[i]]] += g.adjWeights[i];
		const C = g.contextCount;
		let lost = 0;
		for (let i = g.contextOffsets[v]; i < g.contextOffsets[v + 1]; i++) {
			if (this.counts[from * C + g.contextList[i]] === 1) lost += 1;
		}
		const leaveLog = Math.log(this.distinct[from] - lost) - Math.log(this.distinct[from]);
		const icpScale = g.totalWeight > 0 ? 1 / g.totalWeight : 0;
		const maxCut = this.options.maxCutWeight ?? Infinity;
		const maxLogSum = this.options.maxLogSum ?? Infinity;
		let bestTo = -1;
		let bestDelta = 0;
		for (let to = 0; to < this.k; to++) {
			if (to === from || this.sizes[to] >= this.options.maxSize) continue;
			let gained = 0;
			for (let i = g.contextOffsets[v]; i < g.contextOffsets[v + 1]; i++) {
				if (this.counts[to * C + g.contextList[i]] === 0) gained += 1;
			}
			const joinLog = Math.log(this.distinct[to] + gained) - Math.log(this.distinct[to]);
			if (this.cutWeight + links[from] - links[to] > maxCut) continue;
			if (this.logSum + leaveLog + joinLog > maxLogSum) continue;
			const delta = (links[from] - links[to]) * icpScale + this.bcpScale * (leaveLog + joinLog);
			if (delta < bestDelta - 1e-12) {
				bestDelta = delta;
				bestTo = to;
			}
		}
		return { to: bestTo, delta: bestDelta };
	}

	move(v: number, to: number): void {
		const g = this.graph;
		const from = this.assignment[v];
		if (from === to) return;
		for (let i = g.adjOffsets[v]; i < g.adjOffsets[v + 1]; i++) {
			const p = this.assignment[g.adjNodes[i]];
			if (p === from) this.cutWeight += g.adjWeights[i];
			else if (p === to) this.cutWeight -= g.adjWeights[i];
		}
		const C = g.contextCount;
		this.logSum -= Math.log(this.distinct[from]) + Math.log(this.distinct[to]);
		for (let i = g.contextOffsets[v]; i < g.contextOffsets[v + 1]; i++) {
			const c = g.contextList[i];
			if (--this.counts[from * C + c] === 0) this.distinct[from] -= 1;
			if (this.counts[to * C + c]++ === 0) this.distinct[to] += 1;
		}
		this.logSum += Math.log(Math.max(1, this.distinct[from])) + Math.log(this.distinct[to]);
		this.sizes[from] -= 1;
		this.sizes[to] += 1;
		this.assignment[v] = to;
	}
}
