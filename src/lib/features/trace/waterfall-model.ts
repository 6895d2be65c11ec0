/**
 * The waterfall's view model: which spans are rows (collapsed subtrees hidden), where each
 * bar sits, and which stretches of a bar are on the critical path. Pure and O(spans) per
 * change, so a 100,000-span trace re-flows in milliseconds; the component only draws the
 * rows in view.
 *
 * Geometry: bar positions are fractions (0..1) of the trace's extent, the earliest start to
 * the latest end over all spans after skew adjustment (an asynchronous child may end after
 * the root; the extent covers it).
 */
import type { CriticalSegment, TraceTree } from '$lib/domain/trace/types';

export interface Extent {
	startUs: number;
	endUs: number;
}

/** Rows in waterfall order, skipping the descendants of collapsed spans. */
export function visibleRows(tree: TraceTree, collapsed: ReadonlySet<number>): Uint32Array {
	const order = tree.preorder;
	if (collapsed.size === 0) return order;
	const out = new Uint32Array(order.length);
	let n = 0;
	let hideDeeperThan = -1;
	for (let k = 0; k < order.length; k++) {
		const i = order[k];
		const depth = tree.depth[i];
		// preorder: a subtree is the run of deeper rows right after its head (a new root resets)
		if (hideDeeperThan >= 0) {
			if (depth > hideDeeperThan) continue;
			hideDeeperThan = -1;
		}
		out[n++] = i;
		if (collapsed.has(i) && childCount(tree, i) > 0) hideDeeperThan = depth;
	}
	return out.slice(0, n);
}

export function childCount(tree: TraceTree, i: number): number {
	return tree.childOffsets[i + 1] - tree.childOffsets[i];
}

/** Spans that have children (what "collapse all" collapses). */
export function parentsOf(tree: TraceTree): number[] {
	const out: number[] = [];
	for (const i of tree.preorder) if (childCount(tree, i) > 0) out.push(i);
	return out;
}

export function extentOf(tree: TraceTree): Extent {
	let startUs = Infinity;
	let endUs = -Infinity;
	for (const i of tree.preorder) {
		if (tree.startUs[i] < startUs) startUs = tree.startUs[i];
		if (tree.endUs[i] > endUs) endUs = tree.endUs[i];
	}
	if (!Number.isFinite(startUs)) return { startUs: 0, endUs: 0 };
	return { startUs, endUs };
}

/** A bar's left edge and width as fractions of the extent; zero-length spans keep a sliver. */
export function barOf(tree: TraceTree, i: number, extent: Extent): { left: number; width: number } {
	const total = Math.max(1, extent.endUs - extent.startUs);
	const left = Math.min(1, Math.max(0, (tree.startUs[i] - extent.startUs) / total));
	const width = Math.max(0, Math.min(1 - left, (tree.endUs[i] - tree.startUs[i]) / total));
	return { left, width };
}

/** Critical-path stretches per span position, in time order. */
export function criticalBySpan(segments: readonly CriticalSegment[]): Map<number, CriticalSegment[]> {
	const out = new Map<number, CriticalSegment[]>();
	for (const s of segments) {
		const list = out.get(s.spanIndex);
		if (list) list.push(s);
		else out.set(s.spanIndex, [s]);
	}
	return out;
}

/** The spans whose subtrees must be open for span `i` to be a row. */
export function ancestorsOf(tree: TraceTree, i: number): number[] {
	const out: number[] = [];
	for (let p = tree.parentIndex[i]; p >= 0; p = tree.parentIndex[p]) out.push(p);
	return out;
}

/** Round tick offsets (µs from the extent's start), 1, 2 or 5 × 10^k apart, about `count` of them. */
export function timeTicksUs(extent: Extent, count = 5): number[] {
	const total = extent.endUs - extent.startUs;
	if (!(total > 0)) return [0];
	const raw = total / Math.max(1, count);
	const power = Math.pow(10, Math.floor(Math.log10(raw)));
	const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
	const ticks: number[] = [];
	for (let t = 0; t <= total + 1e-9; t += step) ticks.push(t);
	return ticks;
}

/** The row a keyboard key moves to from `row` (of `rowCount`), or undefined when it does not move. */
export function rowAfterKey(key: string, row: number, rowCount: number, pageRows: number): number | undefined {
	if (rowCount === 0) return undefined;
	const clamp = (r: number) => Math.min(rowCount - 1, Math.max(0, r));
	switch (key) {
		case 'ArrowDown':
			return clamp(row + 1);
		case 'ArrowUp':
			return clamp(row - 1);
		case 'PageDown':
			return clamp(row + pageRows);
		case 'PageUp':
			return clamp(row - pageRows);
		case 'Home':
			return 0;
		case 'End':
			return rowCount - 1;
		default:
			return undefined;
	}
}
