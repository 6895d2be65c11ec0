/**
 * The shapes of trace analysis. Every per-span column is indexed by the span's position in
 * the input array (`spans[i]`), so a worker can return these columns without sending the
 * spans back. Times are Unix microseconds after clock-skew adjustment.
 */

export interface TraceIssues {
	/** Spans whose `parentSpanId` names a span absent from the input; each heads an orphan subtree. */
	missingParent: number[];
	/** Later copies of a span id already seen (an exporter retry); left out of the tree. */
	duplicate: number[];
	/** Spans whose parent chain looped back on itself; the link was cut and the span made a root. */
	cycleBroken: number[];
	/** Spans moved to fit their parent because they ran on another host's clock. */
	skewAdjusted: number;
	/** Distinct trace ids in the input (1 for a well-formed trace). */
	traceIdCount: number;
	/** True when a parent is missing or no span is a true root (`parentSpanId === ''`). */
	incomplete: boolean;
}

export interface TraceTree {
	count: number;
	/** Parent position, -1 for roots and for duplicates. */
	parentIndex: Int32Array;
	/** Children of span i are `childIndex[childOffsets[i] .. childOffsets[i + 1])`, by start then position. */
	childOffsets: Uint32Array;
	childIndex: Uint32Array;
	/** Skew-adjusted start and end; `shiftUs` = adjusted start − recorded start. */
	startUs: Float64Array;
	endUs: Float64Array;
	shiftUs: Float64Array;
	/** Depth below its root (roots are 0). */
	depth: Uint32Array;
	/** Waterfall row order: depth-first from each root (primary first), children by start. No duplicates. */
	preorder: Uint32Array;
	/** Primary root first, then other roots by start. */
	roots: number[];
	/** The root the trace's response time is measured on; -1 for an empty trace. */
	primaryRoot: number;
	issues: TraceIssues;
}

/** One stretch of the critical path: span `spanIndex` was the blocking work in `[startUs, endUs)`. */
export interface CriticalSegment {
	spanIndex: number;
	startUs: number;
	endUs: number;
}

export type Tier = 'gateway' | 'service' | 'database' | 'queue' | 'external' | 'network';

/** Time attributed to one owner (a service, database, queue, host or caller→callee hop). */
export interface BreakdownEntry {
	/** `svc:<name>`, a peer id from topology/peer.ts, or `net:<caller>-><callee>`. */
	key: string;
	label: string;
	tier: Tier;
	/** On the critical path; these sum to the primary root's duration. */
	criticalUs: number;
	/** Self time of every span owned here, critical or not; sums to the trace's total work. */
	selfUs: number;
	spanCount: number;
	errorCount: number;
}

export interface PathEdge {
	from: string;
	to: string;
	calls: number;
	/** Sum of the callee-side spans' durations for this hop. */
	durationUs: number;
}

export interface SegmentBreakdown {
	/** Duration of the primary root: the sum of every tier's `criticalUs`. */
	totalUs: number;
	byTier: Record<Tier, { criticalUs: number; selfUs: number }>;
	/** By `criticalUs` descending, then `selfUs`. */
	entries: BreakdownEntry[];
	/** The small path graph: owner → owner hops along parent/child links. */
	edges: PathEdge[];
}
