/**
 * Groups spans arriving in chunks into whole traces, with bounded memory, for analyses that
 * need a trace's parent/child structure.
 *
 * A trace is handed to `onTrace` once it has settled: no span of it ended within `settleUs`
 * of the newest span end seen so far (span time, not wall time, so replaying a stored window
 * gives the same result). When more than `maxSpans` spans are pending, the traces touched
 * longest ago are handed over early, incomplete, and counted in `stats.early` (spans of
 * such a trace that arrive later form a second, partial trace). A single trace larger than
 * `maxSpansPerTrace` keeps its first spans and counts the rest in `stats.droppedSpans`, as
 * are spans missing a field the analyses read (ids, service, name, times, attributes).
 *
 *   span time ─────────────────────────────────────────────────────▶
 *   trace A  ├──────┤                          settled: handed over
 *   trace B           ├────────────┤           settled once newest end ≥ its end + settleUs
 *   newest end seen                     ▲
 */
import type { SpanRecord } from '../../protocol/records';

export interface TraceBufferOptions {
	maxSpans?: number;
	maxSpansPerTrace?: number;
	settleUs?: number;
}

export interface TraceBufferStats {
	pendingTraces: number;
	pendingSpans: number;
	tracesDone: number;
	/** Traces handed over before they settled because `maxSpans` was reached. */
	early: number;
	droppedSpans: number;
}

interface Pending {
	spans: SpanRecord[];
	lastEndUs: number;
}

export const defaultTraceBufferOptions = { maxSpans: 200_000, maxSpansPerTrace: 50_000, settleUs: 30_000_000 };

export class TraceBuffer {
	private readonly options: Required<TraceBufferOptions>;
	private readonly onTrace: (spans: SpanRecord[]) => void;
	/** Insertion order = order of last update (a trace is re-inserted when it grows). */
	private readonly pending = new Map<string, Pending>();
	private pendingSpans = 0;
	private newestEndUs = -Infinity;
	private tracesDone = 0;
	private early = 0;
	private droppedSpans = 0;

	constructor(onTrace: (spans: SpanRecord[]) => void, options: TraceBufferOptions = {}) {
		this.onTrace = onTrace;
		this.options = { ...defaultTraceBufferOptions, ...options };
	}

	add(spans: readonly SpanRecord[]): void {
		for (const span of spans) {
			if (!wellFormed(span)) {
				this.droppedSpans += 1;
				continue;
			}
			const endUs = span.startUs + Math.max(0, span.durationUs);
			let trace = this.pending.get(span.traceId);
			if (trace) this.pending.delete(span.traceId);
			else trace = { spans: [], lastEndUs: endUs };
			this.pending.set(span.traceId, trace);
			if (trace.spans.length >= this.options.maxSpansPerTrace) {
				this.droppedSpans += 1;
				continue;
			}
			trace.spans.push(span);
			trace.lastEndUs = Math.max(trace.lastEndUs, endUs);
			this.pendingSpans += 1;
			this.newestEndUs = Math.max(this.newestEndUs, endUs);
		}
		this.release(false);
	}

	/** Hands over every pending trace (end of input). */
	flush(): void {
		this.release(true);
	}

	stats(): TraceBufferStats {
		return {
			pendingTraces: this.pending.size,
			pendingSpans: this.pendingSpans,
			tracesDone: this.tracesDone,
			early: this.early,
			droppedSpans: this.droppedSpans
		};
	}

	private release(all: boolean): void {
		const settledBeforeUs = this.newestEndUs - this.options.settleUs;
		for (const [traceId, trace] of this.pending) {
			const settled = all || trace.lastEndUs <= settledBeforeUs;
			if (!settled && this.pendingSpans <= this.options.maxSpans) continue;
			if (!settled) this.early += 1;
			this.pending.delete(traceId);
			this.pendingSpans -= trace.spans.length;
			this.tracesDone += 1;
			this.onTrace(trace.spans);
		}
	}
}

/** The fields the analyses read; anything else about a span may be missing or odd. */
function wellFormed(span: SpanRecord | null | undefined): span is SpanRecord {
	return (
		typeof span === 'object' &&
		span !== null &&
		typeof span.traceId === 'string' &&
		typeof span.spanId === 'string' &&
		typeof span.parentSpanId === 'string' &&
		typeof span.service === 'string' &&
		typeof span.name === 'string' &&
		Number.isFinite(span.startUs) &&
		Number.isFinite(span.durationUs) &&
		typeof span.attrs === 'object' &&
		span.attrs !== null &&
		(span.events === undefined || Array.isArray(span.events))
	);
}
