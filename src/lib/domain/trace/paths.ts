/**
 * Span paths: a span's identity across traces of the same kind. The path is the chain of
 * `service:operation` from the root down to the span, e.g.
 * `gateway:POST /loans > lending:apply > lending:SELECT loans`. Repeated siblings (a loop,
 * an N+1 query) share one path, and their figures add up. A subtree whose parent is missing
 * starts with `…`, so it never merges with a complete trace's paths. Below depth
 * `maxPathDepth` (64) the ancestry in between is elided (`a > … > deep:op`), which keeps
 * path strings O(64) long on pathological chains instead of O(depth).
 */
import type { SpanRecord } from '../../protocol/records';
import { StatusCode } from '../../protocol/records';
import type { TraceTree } from './types';

export const pathSeparator = ' > ';
export const maxPathDepth = 64;

export interface PathTotals {
	path: string;
	service: string;
	name: string;
	depth: number;
	/** Number of spans on this path in the trace. */
	count: number;
	errors: number;
	/** Sum of the spans' durations and self times. */
	durationUs: number;
	selfUs: number;
	/** Span positions, for highlighting in the waterfall. */
	spanIndices: number[];
}

/**
 * Path ids per span position (-1 for duplicates) and the path string of each id. Spans are
 * interned by (parent's path id, step), so the work is O(spans) with short keys, and a
 * path string is built once per distinct path rather than once per span.
 */
export function spanPathIds(spans: readonly SpanRecord[], tree: TraceTree): { ids: Int32Array; paths: string[] } {
	const ids = new Int32Array(tree.count).fill(-1);
	const paths: string[] = [];
	/** Per path id: the path of its nearest ancestor at depth `maxPathDepth` (itself while above). */
	const anchors: string[] = [];
	const intern = new Map<string, number>();
	for (const i of tree.preorder) {
		const step = `${spans[i].service}:${spans[i].name}`;
		const p = tree.parentIndex[i];
		const parentId = p < 0 ? (spans[i].parentSpanId === '' ? -1 : -2) : ids[p];
		const key = `${parentId}\u0000${step}`;
		let id = intern.get(key);
		if (id === undefined) {
			id = paths.length;
			let path: string;
			if (parentId === -1) path = step;
			else if (parentId === -2) path = `…${pathSeparator}${step}`;
			else if (tree.depth[i] <= maxPathDepth) path = paths[parentId] + pathSeparator + step;
			else path = anchors[parentId] + pathSeparator + '…' + pathSeparator + step;
			paths.push(path);
			anchors.push(parentId < 0 || tree.depth[i] <= maxPathDepth ? path : anchors[parentId]);
			intern.set(key, id);
		}
		ids[i] = id;
	}
	return { ids, paths };
}

/** The path of every span position ('' for duplicates). */
export function spanPaths(spans: readonly SpanRecord[], tree: TraceTree): string[] {
	const { ids, paths } = spanPathIds(spans, tree);
	return Array.from(ids, (id) => (id < 0 ? '' : paths[id]));
}

export function pathTotals(
	spans: readonly SpanRecord[],
	tree: TraceTree,
	selfUs: Float64Array
): Map<string, PathTotals> {
	const { ids, paths } = spanPathIds(spans, tree);
	const byId: PathTotals[] = [];
	for (const i of tree.preorder) {
		const id = ids[i];
		let t = byId[id];
		if (!t) {
			t = {
				path: paths[id],
				service: spans[i].service,
				name: spans[i].name,
				depth: tree.depth[i],
				count: 0,
				errors: 0,
				durationUs: 0,
				selfUs: 0,
				spanIndices: []
			};
			byId[id] = t;
		}
		t.count++;
		if (spans[i].status === StatusCode.Error) t.errors++;
		t.durationUs += tree.endUs[i] - tree.startUs[i];
		t.selfUs += selfUs[i];
		t.spanIndices.push(i);
	}
	// ids below the elision depth can share a path string: their figures add up
	const totals = new Map<string, PathTotals>();
	for (const t of byId) {
		if (!t) continue;
		const same = totals.get(t.path);
		if (!same) totals.set(t.path, t);
		else {
			same.count += t.count;
			same.errors += t.errors;
			same.durationUs += t.durationUs;
			same.selfUs += t.selfUs;
			same.spanIndices.push(...t.spanIndices);
		}
	}
	return totals;
}

/** Traces are similar when their primary roots share service and operation. */
export function rootKeyOf(spans: readonly SpanRecord[], tree: TraceTree): string {
	const r = tree.primaryRoot;
	return r < 0 ? '' : `${spans[r].service}:${spans[r].name}`;
}
