import type { TraceTree } from './types';

/**
 * Self time per span position: its duration minus the union of its children's intervals
 * clipped to it. Overlapping children are counted once; an asynchronous child covers only
 * the part of it inside the parent. Duplicates get 0. Children are sorted by start, so one
 * sweep per span suffices: O(n).
 */
export function selfTimes(tree: TraceTree): Float64Array {
	const { count, startUs, endUs, childOffsets, childIndex, preorder } = tree;
	const selfUs = new Float64Array(count);
	for (let p = 0; p < preorder.length; p++) {
		const span = preorder[p];
		const fromUs = startUs[span];
		const toUs = endUs[span];
		let coveredUs = 0;
		let runStart = Number.NaN;
		let runEnd = Number.NaN;
		for (let k = childOffsets[span]; k < childOffsets[span + 1]; k++) {
			const c = childIndex[k];
			const a = Math.max(startUs[c], fromUs);
			const b = Math.min(endUs[c], toUs);
			if (b <= a) continue;
			if (Number.isNaN(runEnd) || a > runEnd) {
				if (!Number.isNaN(runEnd)) coveredUs += runEnd - runStart;
				runStart = a;
				runEnd = b;
			} else if (b > runEnd) runEnd = b;
		}
		if (!Number.isNaN(runEnd)) coveredUs += runEnd - runStart;
		selfUs[span] = toUs - fromUs - coveredUs;
	}
	return selfUs;
}
