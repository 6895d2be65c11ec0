/**
 * Trace tree assembly: parent links, children ordered by start, waterfall order, and the
 * flags an incomplete or malformed trace needs (missing parents, duplicates, cycles).
 *
 * Clock skew: a span running on another resource than its parent is measured by another
 * clock. When such a child starts before its parent, or (for a synchronous CLIENT → SERVER
 * call) ends after it, it is shifted, with its whole subtree, so that it fits: centred in
 * the parent when it is not longer than the parent (the network time split evenly, as Jaeger
 * does), else aligned to the parent's start. Children on the parent's own resource share its
 * clock and are never moved, so a truly asynchronous child (ending after its parent) keeps
 * its times.
 *
 * Cost: O(n log n) time (sorting siblings), O(n) memory; iterative, so a chain of 100,000
 * spans does not overflow the stack.
 */
import { SpanKind, type SpanRecord } from '../../protocol/records';
import type { TraceIssues, TraceTree } from './types';

export function assembleTrace(spans: readonly SpanRecord[]): TraceTree {
	const count = spans.length;
	const parentIndex = new Int32Array(count).fill(-1);
	const issues: TraceIssues = {
		missingParent: [],
		duplicate: [],
		cycleBroken: [],
		skewAdjusted: 0,
		traceIdCount: 0,
		incomplete: false
	};

	const bySpanId = new Map<string, number>();
	const traceIds = new Set<string>();
	const isDuplicate = new Uint8Array(count);
	for (let i = 0; i < count; i++) {
		const span = spans[i];
		traceIds.add(span.traceId);
		if (bySpanId.has(span.spanId)) {
			isDuplicate[i] = 1;
			issues.duplicate.push(i);
		} else bySpanId.set(span.spanId, i);
	}
	issues.traceIdCount = traceIds.size;

	for (let i = 0; i < count; i++) {
		if (isDuplicate[i]) continue;
		const parentId = spans[i].parentSpanId;
		if (parentId === '') continue;
		const parent = bySpanId.get(parentId);
		if (parent === undefined || parent === i) issues.missingParent.push(i);
		else parentIndex[i] = parent;
	}

	breakCycles(parentIndex, isDuplicate, issues);

	const { childOffsets, childIndex } = childrenOf(parentIndex, isDuplicate);
	const startUs = new Float64Array(count);
	const endUs = new Float64Array(count);
	const shiftUs = new Float64Array(count);
	for (let i = 0; i < count; i++) {
		startUs[i] = spans[i].startUs;
		endUs[i] = spans[i].startUs + Math.max(0, spans[i].durationUs);
	}

	const rootList: number[] = [];
	for (let i = 0; i < count; i++) if (!isDuplicate[i] && parentIndex[i] === -1) rootList.push(i);
	issues.skewAdjusted = adjustSkew({ spans, roots: rootList, childOffsets, childIndex, startUs, endUs, shiftUs });
	sortSiblings(childOffsets, childIndex, startUs);

	const primaryRoot = choosePrimaryRoot(spans, rootList, startUs, endUs);
	const roots = rootList
		.filter((r) => r !== primaryRoot)
		.sort((a, b) => startUs[a] - startUs[b] || a - b);
	if (primaryRoot >= 0) roots.unshift(primaryRoot);

	const depth = new Uint32Array(count);
	const preorder = new Uint32Array(count - issues.duplicate.length);
	let written = 0;
	const stack: number[] = [];
	for (const root of roots) {
		stack.push(root);
		while (stack.length > 0) {
			const i = stack.pop()!;
			preorder[written++] = i;
			for (let k = childOffsets[i + 1]; k > childOffsets[i]; k--) {
				const child = childIndex[k - 1];
				depth[child] = depth[i] + 1;
				stack.push(child);
			}
		}
	}

	issues.incomplete = issues.missingParent.length > 0 || !rootList.some((r) => spans[r].parentSpanId === '');
	return { count, parentIndex, childOffsets, childIndex, startUs, endUs, shiftUs, depth, preorder, roots, primaryRoot, issues };
}

/** Every span not reachable from a root sits on (or below) a parent-link cycle: cut one link per cycle. */
function breakCycles(parentIndex: Int32Array, isDuplicate: Uint8Array, issues: TraceIssues): void {
	const count = parentIndex.length;
	// 0 = unknown, 1 = on the walk in progress, 2 = known to reach a root
	const state = new Uint8Array(count);
	const walk: number[] = [];
	for (let start = 0; start < count; start++) {
		if (isDuplicate[start] || state[start] === 2) continue;
		let i = start;
		while (i !== -1 && state[i] === 0) {
			state[i] = 1;
			walk.push(i);
			i = parentIndex[i];
		}
		if (i !== -1 && state[i] === 1) {
			parentIndex[i] = -1;
			issues.cycleBroken.push(i);
		}
		for (const w of walk) state[w] = 2;
		walk.length = 0;
	}
}

function childrenOf(parentIndex: Int32Array, isDuplicate: Uint8Array) {
	const count = parentIndex.length;
	const childOffsets = new Uint32Array(count + 1);
	for (let i = 0; i < count; i++) if (!isDuplicate[i] && parentIndex[i] >= 0) childOffsets[parentIndex[i] + 1]++;
	for (let i = 0; i < count; i++) childOffsets[i + 1] += childOffsets[i];
	const fill = childOffsets.slice(0, count);
	const childIndex = new Uint32Array(childOffsets[count]);
	for (let i = 0; i < count; i++) if (!isDuplicate[i] && parentIndex[i] >= 0) childIndex[fill[parentIndex[i]]++] = i;
	return { childOffsets, childIndex };
}

function sortSiblings(childOffsets: Uint32Array, childIndex: Uint32Array, startUs: Float64Array): void {
	const byStart = (a: number, b: number) => startUs[a] - startUs[b] || a - b;
	for (let i = 0; i + 1 < childOffsets.length; i++) {
		const from = childOffsets[i];
		const to = childOffsets[i + 1];
		if (to - from > 1) childIndex.subarray(from, to).sort(byStart);
	}
}

function adjustSkew(options: {
	spans: readonly SpanRecord[];
	roots: number[];
	childOffsets: Uint32Array;
	childIndex: Uint32Array;
	startUs: Float64Array;
	endUs: Float64Array;
	shiftUs: Float64Array;
}): number {
	const { spans, roots, childOffsets, childIndex, startUs, endUs, shiftUs } = options;
	let adjusted = 0;
	const stack = [...roots];
	while (stack.length > 0) {
		const p = stack.pop()!;
		const parentDurationUs = endUs[p] - startUs[p];
		for (let k = childOffsets[p]; k < childOffsets[p + 1]; k++) {
			const c = childIndex[k];
			let shift = shiftUs[p];
			let childStart = startUs[c] + shift;
			const durationUs = endUs[c] - startUs[c];
			if (spans[c].resourceId !== spans[p].resourceId) {
				const synchronous = spans[p].kind === SpanKind.Client && spans[c].kind === SpanKind.Server;
				if (childStart < startUs[p] || (synchronous && childStart + durationUs > endUs[p])) {
					const target =
						synchronous && durationUs <= parentDurationUs
							? startUs[p] + (parentDurationUs - durationUs) / 2
							: startUs[p];
					shift += target - childStart;
					childStart = target;
					adjusted++;
				}
			}
			shiftUs[c] = shift;
			startUs[c] = childStart;
			endUs[c] = childStart + durationUs;
			stack.push(c);
		}
	}
	return adjusted;
}

function choosePrimaryRoot(
	spans: readonly SpanRecord[],
	roots: number[],
	startUs: Float64Array,
	endUs: Float64Array
): number {
	let best = -1;
	let bestTrue = false;
	for (const r of roots) {
		const isTrue = spans[r].parentSpanId === '';
		if (best === -1 || (isTrue && !bestTrue)) {
			best = r;
			bestTrue = isTrue;
			continue;
		}
		if (isTrue !== bestTrue) continue;
		const longer = endUs[r] - startUs[r] - (endUs[best] - startUs[best]);
		if (longer > 0 || (longer === 0 && startUs[r] < startUs[best])) best = r;
	}
	return best;
}
