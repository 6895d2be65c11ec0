/**
 * What the trace worker exposes (trace.worker.ts wraps it with comlink). Results index
 * spans by their position in the array the caller sent, so only columns travel back; their
 * buffers are transferred, not copied.
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

export type TraceApi = typeof traceApi;
