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

export function spanPaths(spans: readonly SpanRecord[], tree: TraceTree): string[] {
	const paths = new Array<string>(tree.count).fill('');
	/** The path of the nearest ancestor at depth `maxPathDepth` (or the span's own while above it). */
	const anchor = new Array<string>(tree.count).fill('');
	for (const i of tree.preorder) {
		const step = `${spans[i].service}:${spans[i].name}`;
		const p = tree.parentIndex[i];
		if (p < 0) paths[i] = spans[i].parentSpanId === '' ? step : `…${pathSeparator}${step}`;
		else if (tree.depth[i] <= maxPathDepth) paths[i] = paths[p] + pathSeparator + step;
		else paths[i] = anchor[p] + pathSeparator + '…' + pathSeparator + step;
		anchor[i] = tree.depth[i] <= maxPathDepth ? paths[i] : anchor[p];
	}
	return paths;
}

export function pathTotals(
	spans: readonly SpanRecord[],
	tree: TraceTree,
	selfUs: Float64Array
): Map<string, PathTotals> {
	const paths = spanPaths(spans, tree);
	const totals = new Map<string, PathTotals>();
	for (const i of tree.preorder) {
		const key = paths[i];
		let t = totals.get(key);
		if (!t) {
			t = {
				path: key,
				service: spans[i].service,
				name: spans[i].name,
				depth: tree.depth[i],
				count: 0,
				errors: 0,
				durationUs: 0,
				selfUs: 0,
				spanIndices: []
			};
			totals.set(key, t);
		}
		t.count++;
		if (spans[i].status === StatusCode.Error) t.errors++;
		t.durationUs += tree.endUs[i] - tree.startUs[i];
		t.selfUs += selfUs[i];
		t.spanIndices.push(i);
	}
	return totals;
}

/** Traces are similar when their primary roots share service and operation. */
export function rootKeyOf(spans: readonly SpanRecord[], tree: TraceTree): string {
	const r = tree.primaryRoot;
	return r < 0 ? '' : `${spans[r].service}:${spans[r].name}`;
}
