/**
 * Trace search over stored spans without holding the spans: one small summary per trace,
 * folded from span chunks in any order (a trace may be spread over many chunks), with the
 * span-level predicate of the query (service, operation, attributes on one span; search.ts)
 * evaluated as each span passes. Memory is O(traces), not O(spans).
 *
 * A summary reads like `summarizeTrace` on the trace's spans in the scanned range: the
 * root is the longest span with no parent; without one the earliest span stands in and the
 * duration is the extent of the spans seen (`rootMissing`).
 *
 * Bound: `maxTraces` summaries (default 200,000, about 300 bytes each). Past it the trace
 * first seen longest ago is dropped (`evicted` counts them), so a search over a window
 * larger than the bound answers for its most recent traces and says so.
 */
import { StatusCode, type SpanRecord } from '../../protocol/records';
import { spanMatches, type TraceQuery, type TraceSummary } from './search';

export interface TraceHit extends TraceSummary {
	/** The root's business attributes (`biz.*` scalars), for the result list. */
	biz: Record<string, string | number | boolean>;
}

interface Acc {
	traceId: string;
	rootService: string;
	rootName: string;
	rootStartUs: number;
	rootDurationUs: number;
	hasRoot: boolean;
	firstUs: number;
	lastUs: number;
	earliestService: string;
	earliestName: string;
	spanCount: number;
	errorCount: number;
	matched: boolean;
	biz: Record<string, string | number | boolean> | undefined;
}

export interface TraceSearchResult {
	hits: TraceHit[];
	/** Traces matching the query (may exceed `hits.length`). */
	total: number;
	/** Traces summarised. */
	traces: number;
	evicted: number;
}

function bizOf(span: SpanRecord): Record<string, string | number | boolean> | undefined {
	let out: Record<string, string | number | boolean> | undefined;
	for (const key in span.attrs) {
		if (!key.startsWith('biz.')) continue;
		const value = span.attrs[key];
		if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') (out ??= {})[key] = value;
	}
	return out;
}

export class TraceSearch {
	readonly query: TraceQuery;
	evicted = 0;
	readonly #maxTraces: number;
	readonly #needsSpan: boolean;
	readonly #traces = new Map<string, Acc>();

	constructor(query: TraceQuery, options: { maxTraces?: number } = {}) {
		this.query = query;
		this.#maxTraces = Math.max(1, options.maxTraces ?? 200_000);
		this.#needsSpan = query.service !== undefined || query.operation !== undefined || (query.attrs?.length ?? 0) > 0;
	}

	get traces(): number {
		return this.#traces.size;
	}

	add(spans: Iterable<SpanRecord>): void {
		for (const span of spans) {
			let acc = this.#traces.get(span.traceId);
			if (!acc) {
				acc = {
					traceId: span.traceId, rootService: '', rootName: '', rootStartUs: 0, rootDurationUs: -1, hasRoot: false,
					firstUs: Infinity, lastUs: -Infinity, earliestService: '', earliestName: '',
					spanCount: 0, errorCount: 0, matched: !this.#needsSpan, biz: undefined
				};
				this.#traces.set(span.traceId, acc);
				if (this.#traces.size > this.#maxTraces) {
					this.#traces.delete(this.#traces.keys().next().value!);
					this.evicted++;
				}
			}
			acc.spanCount++;
			if (span.status === StatusCode.Error) acc.errorCount++;
			if (span.startUs < acc.firstUs) {
				acc.firstUs = span.startUs;
				acc.earliestService = span.service;
				acc.earliestName = span.name;
			}
			const endUs = span.startUs + span.durationUs;
			if (endUs > acc.lastUs) acc.lastUs = endUs;
			if (span.parentSpanId === '' && span.durationUs > acc.rootDurationUs) {
				acc.hasRoot = true;
				acc.rootService = span.service;
				acc.rootName = span.name;
				acc.rootStartUs = span.startUs;
				acc.rootDurationUs = span.durationUs;
				acc.biz = bizOf(span);
			}
			if (!acc.matched && spanMatches(span, this.query)) acc.matched = true;
		}
	}

	/** Matching traces, slowest first (or newest first), at most `limit` (default 500). */
	results(options: { limit?: number; order?: 'slowest' | 'newest' } = {}): TraceSearchResult {
		const limit = Math.max(0, options.limit ?? 500);
		const q = this.query;
		const hits: TraceHit[] = [];
		for (const acc of this.#traces.values()) {
			if (!acc.matched) continue;
			const summary = this.#summary(acc);
			if (q.minDurationUs !== undefined && summary.durationUs < q.minDurationUs) continue;
			if (q.maxDurationUs !== undefined && summary.durationUs > q.maxDurationUs) continue;
			if (q.status === 'error' && summary.errorCount === 0) continue;
			if (q.status === 'ok' && summary.errorCount > 0) continue;
			hits.push(summary);
		}
		const total = hits.length;
		if (options.order === 'newest') hits.sort((a, b) => b.startUs - a.startUs || (a.traceId < b.traceId ? -1 : 1));
		else hits.sort((a, b) => b.durationUs - a.durationUs || (a.traceId < b.traceId ? -1 : 1));
		return { hits: hits.slice(0, limit), total, traces: this.#traces.size, evicted: this.evicted };
	}

	#summary(acc: Acc): TraceHit {
		return {
			traceId: acc.traceId,
			rootService: acc.hasRoot ? acc.rootService : acc.earliestService,
			rootName: acc.hasRoot ? acc.rootName : acc.earliestName,
			startUs: acc.hasRoot ? acc.rootStartUs : acc.firstUs,
			durationUs: acc.hasRoot ? acc.rootDurationUs : acc.lastUs - acc.firstUs,
			spanCount: acc.spanCount,
			errorCount: acc.errorCount,
			rootMissing: !acc.hasRoot,
			biz: acc.biz ?? {}
		};
	}
}

/** A transaction of one service, for "slowest transactions" lists. */
export interface SlowTransaction {
	traceId: string;
	spanId: string;
	service: string;
	name: string;
	endMs: number;
	durationMs: number;
	error: boolean;
}

/**
 * The `limit` longest spans among those offered (ties: the later one first), in O(n log
 * limit) time and O(limit) memory: a min-heap of the best so far.
 */
export class SlowestSpans {
	readonly #limit: number;
	readonly #heap: SlowTransaction[] = [];

	constructor(limit = 20) {
		this.#limit = Math.max(0, limit);
	}

	add(spans: Iterable<SpanRecord>, accept: (span: SpanRecord) => boolean = () => true): void {
		const heap = this.#heap;
		for (const span of spans) {
			if (this.#limit === 0 || !accept(span)) continue;
			const durationMs = span.durationUs / 1000;
			if (!Number.isFinite(durationMs)) continue;
			const endMs = (span.startUs + span.durationUs) / 1000;
			if (heap.length === this.#limit && !worse(heap[0], durationMs, endMs)) continue;
			const item: SlowTransaction = {
				traceId: span.traceId, spanId: span.spanId, service: span.service, name: span.name,
				endMs, durationMs, error: span.status === StatusCode.Error
			};
			if (heap.length < this.#limit) {
				heap.push(item);
				siftUp(heap, heap.length - 1);
			} else {
				heap[0] = item;
				siftDown(heap, 0);
			}
		}
	}

	/** Slowest first. */
	results(): SlowTransaction[] {
		return [...this.#heap].sort((a, b) => b.durationMs - a.durationMs || b.endMs - a.endMs);
	}
}

/** True when `a` ranks below (durationMs, endMs): shorter, or as long and earlier. */
function worse(a: SlowTransaction, durationMs: number, endMs: number): boolean {
	return a.durationMs < durationMs || (a.durationMs === durationMs && a.endMs < endMs);
}

function less(a: SlowTransaction, b: SlowTransaction): boolean {
	return worse(a, b.durationMs, b.endMs);
}

function siftUp(heap: SlowTransaction[], i: number): void {
	while (i > 0) {
		const p = (i - 1) >> 1;
		if (!less(heap[i], heap[p])) return;
		[heap[i], heap[p]] = [heap[p], heap[i]];
		i = p;
	}
}

function siftDown(heap: SlowTransaction[], i: number): void {
	for (;;) {
		const l = 2 * i + 1;
		const r = l + 1;
		let m = i;
		if (l < heap.length && less(heap[l], heap[m])) m = l;
		if (r < heap.length && less(heap[r], heap[m])) m = r;
		if (m === i) return;
		[heap[i], heap[m]] = [heap[m], heap[i]];
		i = m;
	}
}
