/**
 * What the trace worker exposes (trace.worker.ts wraps it with comlink). Results index
 * spans by their position in the span array, so only columns travel back; their buffers
 * are transferred, not copied. The `…Stored` calls read the trace from the store inside the
 * worker, which saves copying a 100,000-span trace from the main thread to the worker.
 */
import * as Comlink from 'comlink';
import type { SpanRecord } from '../src/lib/protocol/records';
import { analyzeTrace, toBaselineTrace, type AnalyzeOptions, type TraceAnalysis } from '../src/lib/domain/trace/analyze';
import { buildBaseline, compareTrace, type BaselineOptions, type CompareOptions, type TraceComparison } from '../src/lib/domain/trace/compare';
import { maskSql } from '../src/lib/domain/trace/mask-sql';
import { summarizeTrace, traceMatches, type TraceQuery, type TraceSummary } from '../src/lib/domain/trace/search';

export function analysisBuffers(a: TraceAnalysis): ArrayBuffer[] {
	const t = a.tree;
	const arrays = [t.parentIndex, t.childOffsets, t.childIndex, t.startUs, t.endUs, t.shiftUs, t.depth, t.preorder, a.selfUs, a.criticalPath.criticalUs];
	return arrays.map((x) => x.buffer as ArrayBuffer);
}

/** The part of TelemetryStore (src/lib/io/telemetry-store.ts) trace analysis reads. */
export interface TraceSource {
	traceSpans(traceId: string): Promise<SpanRecord[]>;
	spanChunks(query: { fromMs: number; toMs: number; transactionsOnly?: boolean }): AsyncIterable<SpanRecord[]>;
}

export interface BaselineWindow {
	fromMs: number;
	toMs: number;
	/** Most recent similar traces read (default 200): each is one store read. */
	maxTraces?: number;
}

export function createTraceApi(openStore: (dbName: string) => TraceSource) {
	return {
		...traceApi,

		/** The stored trace and its analysis; `spans` is what the analysis's positions refer to. */
		async analyzeStored(dbName: string, traceId: string, options?: AnalyzeOptions): Promise<{ spans: SpanRecord[]; analysis: TraceAnalysis }> {
			const spans = await openStore(dbName).traceSpans(traceId);
			const analysis = analyzeTrace(spans, options);
			return Comlink.transfer({ spans, analysis }, analysisBuffers(analysis));
		},

		/**
		 * The stored trace against the most recent traces in the window with the same root
		 * operation (found from root spans in transaction chunks, then read one by one).
		 */
		async compareStored(dbName: string, traceId: string, window: BaselineWindow, options?: CompareOptions): Promise<TraceComparison> {
			const store = openStore(dbName);
			const target = toBaselineTrace(await store.traceSpans(traceId));
			const maxTraces = window.maxTraces ?? 200;
			const similar: string[] = [];
			for await (const chunk of store.spanChunks({ fromMs: window.fromMs, toMs: window.toMs, transactionsOnly: true })) {
				for (const span of chunk) {
					if (span.parentSpanId !== '' || span.traceId === traceId || `${span.service}:${span.name}` !== target.rootKey) continue;
					similar.push(span.traceId);
				}
				// chunks come oldest first: keep the newest `maxTraces` ids seen so far
				if (similar.length > 2 * maxTraces) similar.splice(0, similar.length - maxTraces);
			}
			const recent = [...new Set(similar.reverse())].slice(0, maxTraces);
			const traces = [];
			for (const id of recent) traces.push(toBaselineTrace(await store.traceSpans(id)));
			return compareTrace(target, buildBaseline(target.rootKey, traces, { maxTraces }), options);
		}
	};
}

export type TraceApi = ReturnType<typeof createTraceApi>;

/** The calls that need no store. */
export const traceApi = {
	/** Tree, self time, critical path and per-segment breakdown of one trace. */
	analyze(spans: SpanRecord[], options?: AnalyzeOptions): TraceAnalysis {
		const analysis = analyzeTrace(spans, options);
		return Comlink.transfer(analysis, analysisBuffers(analysis));
	},

	/** `trace` against `similar` traces (same root operation, caller's window; most relevant first). */
	compare(trace: SpanRecord[], similar: SpanRecord[][], options?: BaselineOptions & CompareOptions): TraceComparison {
		const target = toBaselineTrace(trace);
		const baseline = buildBaseline(target.rootKey, similar.map((spans) => toBaselineTrace(spans)), options);
		return compareTrace(target, baseline, options);
	},

	maskStatements(statements: string[]): string[] {
		return statements.map(maskSql);
	},

	/** Positions in `traces` of the traces matching `query`, with their summaries. */
	search(traces: SpanRecord[][], query: TraceQuery): { index: number; summary: TraceSummary }[] {
		const out: { index: number; summary: TraceSummary }[] = [];
		traces.forEach((spans, index) => {
			const summary = summarizeTrace(spans);
			if (summary && traceMatches(spans, query, summary)) out.push({ index, summary });
		});
		return out;
	}
};
