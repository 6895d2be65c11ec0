/**
 * The trace worker from the main thread (workers/trace-api.ts): analysis, comparison,
 * search, slowest transactions and OTLP/JSON files, all computed off the main thread.
 * Searches are latest-wins: an overtaken one comes back as `undefined`.
 */
import * as Comlink from 'comlink';
import type { TraceApi } from '../../../workers/trace.worker';
import type { OpenedTrace } from '../../../workers/trace-api';
import type { SegmentOptions } from '../domain/trace/segments';
import type { SegmentBreakdown } from '../domain/trace/types';
import type { SpanRecord } from '../protocol/records';
import type { AnalyzeOptions, TraceAnalysis } from '../domain/trace/analyze';
import type { CompareOptions, TraceComparison } from '../domain/trace/compare';
import type { ReadOtlpResult } from '../domain/trace/otlp-file';
import type { TraceQuery } from '../domain/trace/search';
import type { SlowTransaction, TraceSearchResult } from '../domain/trace/trace-index';
import { whenDone } from './latest-wins';

export interface TimeWindow {
	fromMs: number;
	toMs: number;
}

export type { OpenedTrace } from '../../../workers/trace-api';

export interface TraceClient {
	/** The stored trace as the waterfall needs it; 'notFound' when the store does not hold it; undefined when overtaken. */
	openStored(dbName: string, traceId: string): Promise<OpenedTrace | 'notFound' | undefined>;
	/** Spans the page holds (an imported trace), kept in the worker under `key`. */
	openSpans(key: string, spans: SpanRecord[]): Promise<OpenedTrace | 'notFound' | undefined>;
	breakdown(key: string, options?: SegmentOptions): Promise<SegmentBreakdown | undefined>;
	span(key: string, index: number): Promise<SpanRecord | undefined>;
	compareHeld(dbName: string, key: string, window: TimeWindow & { maxTraces?: number }, options?: CompareOptions): Promise<TraceComparison | undefined>;
	/** The stored trace and its analysis (`spans` is what the analysis's positions refer to). */
	analyzeStored(dbName: string, traceId: string, options?: AnalyzeOptions): Promise<{ spans: SpanRecord[]; analysis: TraceAnalysis }>;
	analyze(spans: SpanRecord[], options?: AnalyzeOptions): Promise<TraceAnalysis>;
	compareStored(dbName: string, traceId: string, window: TimeWindow & { maxTraces?: number }, options?: CompareOptions): Promise<TraceComparison>;
	compareSpans(dbName: string, spans: SpanRecord[], window: TimeWindow & { maxTraces?: number }, options?: CompareOptions): Promise<TraceComparison>;
	search(dbName: string, window: TimeWindow, query: TraceQuery, options?: { limit?: number; order?: 'slowest' | 'newest' }): Promise<TraceSearchResult | undefined>;
	slowest(dbName: string, window: TimeWindow, service: string, limit?: number): Promise<SlowTransaction[]>;
	exportTrace(dbName: string, traceId: string): Promise<string>;
	exportWindow(dbName: string, window: TimeWindow): Promise<{ text: string; spans: number; logs: number; truncated: boolean }>;
	readFile(text: string): Promise<ReadOtlpResult>;
	close(): void;
}

export function createTraceClient(): TraceClient {
	const worker = new Worker(new URL('../../../workers/trace.worker.ts', import.meta.url), { type: 'module', name: 'meridian-trace' });
	const api = Comlink.wrap<TraceApi>(worker);
	let searchRequest = 0;
	let openRequest = 0;
	const opened = (reply: Awaited<ReturnType<TraceApi['openStored']>>): OpenedTrace | 'notFound' | undefined =>
		reply.status === 'done' ? reply : reply.status === 'notFound' ? 'notFound' : undefined;
	return {
		openStored: async (dbName, traceId) => opened(await api.openStored(++openRequest, dbName, traceId)),
		openSpans: async (key, spans) => opened(await api.openSpans(++openRequest, key, spans)),
		breakdown: (key, options) => api.breakdown(key, options),
		span: (key, index) => api.span(key, index),
		compareHeld: (dbName, key, window, options) => api.compareHeld(dbName, key, window, options),
		analyzeStored: (dbName, traceId, options) => api.analyzeStored(dbName, traceId, options),
		analyze: (spans, options) => api.analyze(spans, options),
		compareStored: (dbName, traceId, window, options) => api.compareStored(dbName, traceId, window, options),
		compareSpans: (dbName, spans, window, options) => api.compareSpans(dbName, spans, window, options),
		search: async (dbName, window, query, options) => whenDone(await api.searchStored(++searchRequest, dbName, window, query, options)),
		slowest: (dbName, window, service, limit) => api.slowestStored(dbName, window, service, limit),
		exportTrace: (dbName, traceId) => api.exportTrace(dbName, traceId),
		exportWindow: (dbName, window) => api.exportWindow(dbName, window),
		readFile: (text) => api.readFile(text, Date.now()),
		close() {
			api[Comlink.releaseProxy]();
			worker.terminate();
		}
	};
}

let shared: TraceClient | undefined;

/** One trace worker per tab, started on first use and shared by the screens. */
export function sharedTraceClient(): TraceClient {
	return (shared ??= createTraceClient());
}
