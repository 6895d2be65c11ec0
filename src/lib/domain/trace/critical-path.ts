/**
 * Critical path: the chain of work the primary root's response waited on. It tiles the
 * root's interval exactly, so segment lengths sum to the root's duration.
 *
 * Walk (Jaeger's definition, made iterative): explain a span's interval backwards from its
 * end. The child that finished last (before the cursor) is on the path; recurse into it,
 * then continue in the parent from that child's start. Stretches no child explains are the
 * parent's own time.
 *
 * One character is 1 ms; `path` names the span owning each millisecond.
 *
 *                 0         10        20
 *                 |---------|---------|---
 *   serial    P   ========================    0-24
 *   (gaps)    A     ======                    2-8
 *             B             ======            10-16
 *            path PPAAAAAAPPBBBBBBPPPPPPPP
 *
 *   parallel  P   ========================    0-24
 *   overlap   A     ==========                2-12
 *             B        ===============        5-20
 *            path PPPPPBBBBBBBBBBBBBBBPPPP
 *     B finished last, so it is on the path; back in P at B's start (5), A ends after that
 *     cursor (12 > 5) and is skipped: P started B at 5, and nothing before 5 was waited on.
 *
 *   async     P   ============                0-12
 *             A         ==============        6-20, ends after P: not awaited
 *            path PPPPPPPPPPPP
 *
 * - A child ending after its parent (beyond `asyncToleranceUs`) was not awaited: it is not
 *   on its parent's critical path, and the parent owns that stretch. Its own time appears
 *   in self time and in the breakdown's `selfUs`, never in `criticalUs`.
 * - A child starting before its parent (same clock, bad data) is clipped to the parent.
 * - Gaps between children are the parent's own time.
 * - Zero-length children explain nothing and are skipped.
 */
import type { CriticalSegment, TraceTree } from './types';

export interface CriticalPathOptions {
	/**
	 * A child may end this much after its parent and still count as awaited (clipped to the
	 * parent's end). Default 1 µs: nanosecond times rounded to microseconds on both ends.
	 */
	asyncToleranceUs?: number;
	/** The span whose response is explained; default the tree's primary root. */
	rootIndex?: number;
}

export interface CriticalPath {
	/** In time order, contiguous, covering exactly [start, end) of the root. */
	segments: CriticalSegment[];
	/** Per span position: its time on the critical path (0 when not on it). */
	criticalUs: Float64Array;
	rootIndex: number;
}

interface Frame {
	span: number;
	startUs: number;
	endUs: number;
	cursorUs: number;
	/** Awaited children, by clipped end descending then start ascending. */
	children: number[];
	next: number;
}

export function criticalPath(tree: TraceTree, options: CriticalPathOptions = {}): CriticalPath {
	const toleranceUs = options.asyncToleranceUs ?? 1;
	const rootIndex = options.rootIndex ?? tree.primaryRoot;
	const criticalUs = new Float64Array(tree.count);
	const reversed: CriticalSegment[] = [];
	if (rootIndex < 0 || rootIndex >= tree.count) return { segments: [], criticalUs, rootIndex };

	const { startUs, endUs, childOffsets, childIndex } = tree;
	const frameFor = (span: number, fromUs: number, toUs: number): Frame => {
		const children: number[] = [];
		for (let k = childOffsets[span]; k < childOffsets[span + 1]; k++) {
			const c = childIndex[k];
			if (endUs[c] > endUs[span] + toleranceUs) continue;
			if (Math.min(endUs[c], toUs) > Math.max(startUs[c], fromUs)) children.push(c);
		}
		children.sort(
			(a, b) => Math.min(endUs[b], toUs) - Math.min(endUs[a], toUs) || startUs[a] - startUs[b] || a - b
		);
		return { span, startUs: fromUs, endUs: toUs, cursorUs: toUs, children, next: 0 };
	};
	const emit = (span: number, fromUs: number, toUs: number) => {
		if (toUs <= fromUs) return;
		criticalUs[span] += toUs - fromUs;
		const last = reversed[reversed.length - 1];
		if (last !== undefined && last.spanIndex === span && last.startUs === toUs) last.startUs = fromUs;
		else reversed.push({ spanIndex: span, startUs: fromUs, endUs: toUs });
	};

	const stack: Frame[] = [frameFor(rootIndex, startUs[rootIndex], endUs[rootIndex])];
	while (stack.length > 0) {
		const frame = stack[stack.length - 1];
		while (
			frame.next < frame.children.length &&
			Math.min(endUs[frame.children[frame.next]], frame.endUs) > frame.cursorUs
		)
			frame.next++;
		if (frame.next < frame.children.length) {
			const c = frame.children[frame.next++];
			const childEndUs = Math.min(endUs[c], frame.endUs);
			const childStartUs = Math.max(startUs[c], frame.startUs);
			emit(frame.span, childEndUs, frame.cursorUs);
			frame.cursorUs = childStartUs;
			stack.push(frameFor(c, childStartUs, childEndUs));
		} else {
			emit(frame.span, frame.startUs, frame.cursorUs);
			stack.pop();
		}
	}
	return { segments: reversed.reverse(), criticalUs, rootIndex };
}
