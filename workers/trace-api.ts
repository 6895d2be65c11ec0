/**
 * What the trace worker exposes (trace.worker.ts wraps it with comlink). Results index
 * spans by their position in the span array, so only columns travel back; their buffers
 * are transferred, not copied. The `…Stored` calls read the trace from the store inside the
 * worker, which saves copying a 100,000-span trace from the main thread to the worker.
 */
import * as Comlink from 'comlink';
import type { LogRecord, ResourceRecord, SpanRecord } from '../src/lib/protocol/records';
import { analyzeTrace, toBaselineTrace, type AnalyzeOptions, type TraceAnalysis } from '../src/lib/domain/trace/analyze';
import { buildBaseline, compareTrace, type BaselineOptions, type CompareOptions, type TraceComparison } from '../src/lib/domain/trace/compare';
import { maskSql } from '../src/lib/domain/trace/mask-sql';
import { summarizeTrace, traceMatches, type TraceQuery, type TraceSummary } from '../src/lib/domain/trace/search';
import { readOtlpFile, writeOtlpFile, type ReadOtlpResult } from '../src/lib/domain/trace/otlp-file';
import { SlowestSpans, TraceSearch, type SlowTransaction, type TraceSearchResult } from '../src/lib/domain/trace/trace-index';
import { assembleTrace } from '../src/lib/domain/trace/assemble';
import { criticalPath, type CriticalPath } from '../src/lib/domain/trace/critical-path';
import { segmentBreakdown, type SegmentOptions } from '../src/lib/domain/trace/segments';
import { selfTimes } from '../src/lib/domain/trace/self-time';
import { spanRows, spanRowsBuffers, type SpanRows } from '../src/lib/domain/trace/span-rows';
import type { SegmentBreakdown, TraceTree } from '../src/lib/domain/trace/types';
import { HeldTraces } from './held-traces';

export function analysisBuffers(a: TraceAnalysis): ArrayBuffer[] {
	const t = a.tree;
	const arrays = [t.parentIndex, t.childOffsets, t.childIndex, t.startUs, t.endUs, t.shiftUs, t.depth, t.preorder, a.selfUs, a.criticalPath.criticalUs];
	return arrays.map((x) => x.buffer as ArrayBuffer);
}

/** The part of TelemetryStore (src/lib/io/telemetry-store.ts) trace analysis reads. */
export interface TraceSource {
	traceSpans(traceId: string): Promise<SpanRecord[]>;
	spanChunks(query: { fromMs: number; toMs: number; transactionsOnly?: boolean; entriesOnly?: boolean; services?: string[] }): AsyncIterable<SpanRecord[]>;
	logsByTrace(traceId: string): Promise<LogRecord[]>;
	logChunks(query: { fromMs: number; toMs: number }): AsyncIterable<LogRecord[]>;
	resources(query?: { sinceMs?: number }): Promise<ResourceRecord[]>;
}

export type Superseded = { status: 'superseded' };

/**
 * An opened trace: what the waterfall's first paint needs (tree, self time, critical path,
 * rows), all in typed arrays that are transferred. The spans stay in the worker under `key`.
 */
export interface OpenedTrace {
	status: 'done';
	key: string;
	traceId: string;
	rows: SpanRows;
	tree: TraceTree;
	selfUs: Float64Array;
	criticalPath: CriticalPath;
}

function treeBuffers(tree: TraceTree, selfUs: Float64Array, path: CriticalPath): ArrayBuffer[] {
	const arrays = [tree.parentIndex, tree.childOffsets, tree.childIndex, tree.startUs, tree.endUs, tree.shiftUs, tree.depth, tree.preorder, selfUs, path.criticalUs];
	return arrays.map((x) => x.buffer as ArrayBuffer);
}

/**
 * Spans and logs a window export holds at most. A demo-bank span measured 0.77 KB of
 * OTLP/JSON, so a full export (about 31 MB, 40 MB with logs) stays under the 64 MB a file
 * import reads.
 */
export const maxExportSpans = 40_000;
export const maxExportLogs = 10_000;

export interface BaselineWindow {
	fromMs: number;
	toMs: number;
	/** Most recent similar traces read (default 200): each is one store read. */
	maxTraces?: number;
}

export function createTraceApi(openStore: (dbName: string) => TraceSource) {
	let newestSearch = 0;
	let newestOpen = 0;
	const held = new HeldTraces();

	function open(key: string, spans: SpanRecord[], options: { asyncToleranceUs?: number } = {}): OpenedTrace {
		const tree = assembleTrace(spans);
		const selfUs = selfTimes(tree);
		const path = criticalPath(tree, { asyncToleranceUs: options.asyncToleranceUs });
		held.put({ key, spans, tree, selfUs, criticalPath: path });
		const rows = spanRows(spans);
		const reply: OpenedTrace = { status: 'done', key, traceId: spans[0]?.traceId ?? '', rows, tree, selfUs, criticalPath: path };
		// the held copy keeps its own arrays: the page receives transferred clones
		const sent: OpenedTrace = {
			...reply,
			tree: { ...tree, parentIndex: tree.parentIndex.slice(), childOffsets: tree.childOffsets.slice(), childIndex: tree.childIndex.slice(), startUs: tree.startUs.slice(), endUs: tree.endUs.slice(), shiftUs: tree.shiftUs.slice(), depth: tree.depth.slice(), preorder: tree.preorder.slice() },
			selfUs: selfUs.slice(),
			criticalPath: { ...path, criticalUs: path.criticalUs.slice() }
		};
		return Comlink.transfer(sent, [...treeBuffers(sent.tree, sent.selfUs, sent.criticalPath), ...spanRowsBuffers(rows)]);
	}

	/** The most recent traces of the window with the target's root operation, read one by one. */
	async function compareAgainstWindow(store: TraceSource, targetSpans: SpanRecord[], window: BaselineWindow, options?: CompareOptions): Promise<TraceComparison> {
		const target = toBaselineTrace(targetSpans);
		const traceId = targetSpans[0]?.traceId ?? '';
		const maxTraces = window.maxTraces ?? 200;
		const similar: string[] = [];
		// root operations only: the store's entry chunks (a twentieth of the demo bank's spans)
		for await (const chunk of store.spanChunks({ fromMs: window.fromMs, toMs: window.toMs, entriesOnly: true })) {
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

	return {
		...traceApi,

		/**
		 * Reads the stored trace and answers what the waterfall's first paint needs; the spans
		 * stay here (`span`, `breakdown`, `compareHeld`). Latest wins: an open overtaken by a
		 * newer one answers `superseded`.
		 */
		async openStored(request: number, dbName: string, traceId: string, options?: { asyncToleranceUs?: number }): Promise<OpenedTrace | Superseded | { status: 'notFound' }> {
			newestOpen = Math.max(newestOpen, request);
			const spans = await openStore(dbName).traceSpans(traceId);
			if (request < newestOpen) return { status: 'superseded' };
			if (spans.length === 0) return { status: 'notFound' };
			return open(`${dbName}:${traceId}`, spans, options);
		},

		/** The same for spans the page holds (an imported trace), kept under `key`. */
		openSpans(request: number, key: string, spans: SpanRecord[], options?: { asyncToleranceUs?: number }): OpenedTrace | Superseded | { status: 'notFound' } {
			newestOpen = Math.max(newestOpen, request);
			if (spans.length === 0) return { status: 'notFound' };
			return open(key, spans, options);
		},

		/** The per-segment breakdown of a held trace; undefined when it is no longer held. */
		breakdown(key: string, options?: SegmentOptions): SegmentBreakdown | undefined {
			const t = held.get(key);
			return t ? segmentBreakdown(t.spans, t.tree, { selfUs: t.selfUs, path: t.criticalPath }, options) : undefined;
		},

		/** One span of a held trace, whole (attributes, events, links). */
		span(key: string, index: number): SpanRecord | undefined {
			return held.get(key)?.spans[index];
		},

		/** A held trace against the stored traces of the window with the same root operation. */
		async compareHeld(dbName: string, key: string, window: BaselineWindow, options?: CompareOptions): Promise<TraceComparison | undefined> {
			const t = held.get(key);
			return t ? compareAgainstWindow(openStore(dbName), t.spans, window, options) : undefined;
		},

		/** The stored trace and its analysis; `spans` is what the analysis's positions refer to. */
		async analyzeStored(dbName: string, traceId: string, options?: AnalyzeOptions): Promise<{ spans: SpanRecord[]; analysis: TraceAnalysis }> {
			const spans = await openStore(dbName).traceSpans(traceId);
			const analysis = analyzeTrace(spans, options);
			return Comlink.transfer({ spans, analysis }, analysisBuffers(analysis));
		},

		/**
		 * The stored trace against the most recent traces in the window with the same root
		 * operation (found from the store's entry chunks, then read one by one).
		 */
		async compareStored(dbName: string, traceId: string, window: BaselineWindow, options?: CompareOptions): Promise<TraceComparison> {
			const store = openStore(dbName);
			return compareAgainstWindow(store, await store.traceSpans(traceId), window, options);
		},

		/** A trace the caller holds (an imported one) against the stored traces of the window. */
		async compareSpans(dbName: string, spans: SpanRecord[], window: BaselineWindow, options?: CompareOptions): Promise<TraceComparison> {
			return compareAgainstWindow(openStore(dbName), spans, window, options);
		},

		/**
		 * Trace search over the spans stored in the window (trace-index.ts). Latest wins: a
		 * search overtaken by a newer one stops between chunks and answers `superseded`.
		 */
		async searchStored(
			request: number,
			dbName: string,
			window: { fromMs: number; toMs: number },
			query: TraceQuery,
			options: { limit?: number; order?: 'slowest' | 'newest'; maxTraces?: number } = {}
		): Promise<({ status: 'done' } & TraceSearchResult) | Superseded> {
			newestSearch = Math.max(newestSearch, request);
			const search = new TraceSearch(query, { maxTraces: options.maxTraces });
			for await (const chunk of openStore(dbName).spanChunks(window)) {
				if (request < newestSearch) return { status: 'superseded' };
				search.add(chunk);
			}
			return { status: 'done', ...search.results(options) };
		},

		/** The slowest transactions of a service in the window (the map's details panel). */
		async slowestStored(dbName: string, window: { fromMs: number; toMs: number }, service: string, limit = 10): Promise<SlowTransaction[]> {
			const top = new SlowestSpans(limit);
			for await (const chunk of openStore(dbName).spanChunks({ ...window, services: [service], transactionsOnly: true })) top.add(chunk);
			return top.results();
		},

		/** One stored trace with its logs as an OTLP/JSON file ('' when the trace is unknown). */
		async exportTrace(dbName: string, traceId: string): Promise<string> {
			const store = openStore(dbName);
			const [spans, logs, resources] = await Promise.all([store.traceSpans(traceId), store.logsByTrace(traceId), store.resources()]);
			return spans.length === 0 ? '' : writeOtlpFile({ spans, logs, resources });
		},

		/**
		 * Every span and log stored in the window as an OTLP/JSON file, up to `maxSpans` and
		 * `maxLogs` (the oldest first; `truncated` says the bound was reached).
		 */
		async exportWindow(
			dbName: string,
			window: { fromMs: number; toMs: number },
			bounds: { maxSpans?: number; maxLogs?: number } = {}
		): Promise<{ text: string; spans: number; logs: number; truncated: boolean }> {
			const store = openStore(dbName);
			const maxSpans = bounds.maxSpans ?? maxExportSpans;
			const maxLogs = bounds.maxLogs ?? maxExportLogs;
			const spans: SpanRecord[] = [];
			const logs: LogRecord[] = [];
			let truncated = false;
			for await (const chunk of store.spanChunks(window)) {
				spans.push(...chunk.slice(0, maxSpans - spans.length));
				if (spans.length >= maxSpans) {
					truncated = true;
					break;
				}
			}
			for await (const chunk of store.logChunks(window)) {
				logs.push(...chunk.slice(0, maxLogs - logs.length));
				if (logs.length >= maxLogs) {
					truncated = true;
					break;
				}
			}
			const resources = await store.resources({ sinceMs: window.fromMs });
			return { text: spans.length + logs.length === 0 ? '' : writeOtlpFile({ spans, logs, resources }), spans: spans.length, logs: logs.length, truncated };
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

	/** An OTLP/JSON file's spans, logs and resources (otlp-file.ts); parsing stays off the main thread. */
	readFile(text: string, nowMs: number): ReadOtlpResult {
		return readOtlpFile(text, { nowMs });
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
