/**
 * Local refinement at fixed K: every class in turn (seeded order) moves to the partition
 * that lowers J the most, pass after pass, until a pass improves J by less than
 * `minGain` or `maxPasses` is reached. Each accepted move lowers J, so this terminates.
 */
import type { PartitionState } from './objective';
import { shuffle, type Random } from './random';

export interface RefineOptions {
	random: Random;
	maxPasses?: number;
	/** Smallest total improvement of J per pass worth another pass. */
	minGain?: number;
}

/** Refines `state` in place; returns the number of moves made. */
export function refine(state: PartitionState, options: RefineOptions): number {
	const maxPasses = options.maxPasses ?? 30;
	const minGain = options.minGain ?? 1e-9;
	const order = new Int32Array(state.graph.n);
	for (let i = 0; i < order.length; i++) order[i] = i;
	let moves = 0;
	for (let pass = 0; pass < maxPasses; pass++) {
		shuffle(order, options.random);
		let gain = 0;
		for (const v of order) {
			const { to, delta } = state.bestMove(v);
			if (to >= 0 && delta < 0) {
				state.move(v, to);
				gain -= delta;
				moves += 1;
			}
		}
		if (gain < minGain) break;
	}
	return moves;
}

/**
 * Brings every partition within [minSize, maxSize] classes, one cheapest move at a time:
 * an undersized partition takes the class whose move costs least in J from a partition
 * that can spare one; an oversized one gives its cheapest class to a partition with room.
 * Stops when sizes fit or no allowed move exists (e.g. minSize · K > classes).
 */
export function repairSizes(state: PartitionState): void {
	const { minSize, maxSize } = state.options;
	const n = state.graph.n;
	for (let step = 0; step < 4 * n; step++) {
		let small = -1;
		let large = -1;
		for (let p = 0; p < state.k; p++) {
			if (state.sizes[p] < minSize && (small < 0 || state.sizes[p] < state.sizes[small])) small = p;
			if (state.sizes[p] > maxSize && (large < 0 || state.sizes[p] > state.sizes[large])) large = p;
		}
		if (small < 0 && large < 0) return;
		let bestV = -1;
		let bestTo = -1;
		let bestDelta = Infinity;
		for (let v = 0; v < n; v++) {
			const from = state.assignment[v];
			if (small >= 0) {
				if (from === small || state.sizes[from] <= minSize) continue;
				const delta = state.moveDelta(v, small);
				if (delta < bestDelta) [bestV, bestTo, bestDelta] = [v, small, delta];
			} else if (from === large) {
				for (let to = 0; to < state.k; to++) {
					if (to === large || state.sizes[to] >= maxSize) continue;
					const delta = state.moveDelta(v, to);
					if (delta < bestDelta) [bestV, bestTo, bestDelta] = [v, to, delta];
				}
			}
		}
		if (bestV < 0) return;
		state.move(bestV, bestTo);
	}
}
