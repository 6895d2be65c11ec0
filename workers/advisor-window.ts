/**
 * One pass over a stored window of spans for the advisor: architecture findings, the class
 * call graph of every service with class-level spans, and the attributes that could name a
 * business context. Runs inside the advisor worker (the main thread never sees raw spans).
 *
 * Progress is reported once per chunk read; `fraction` is the share of the window's time
 * covered so far (chunks come oldest first, so it only grows). A read is abandoned between
 * two chunks once `signal.aborted` turns true (a newer read, or a cancel).
 */
import { designerContextOf, type DesignerDefinitions } from '../src/lib/domain/advisor/designer-context';
import type { ClassServiceCensus } from '../src/lib/domain/advisor/service-calls';
import { ServiceCallCollectors } from '../src/lib/domain/advisor/service-calls';
import { ContextCensus, type ContextCandidate } from '../src/lib/domain/advisor/context-census';
import { FindingsAnalyzer, type FindingsReport } from '../src/lib/domain/advisor/findings/analyzer';
import type { FindingSettings } from '../src/lib/domain/advisor/findings/types';
import type { TraceBufferStats } from '../src/lib/domain/advisor/trace-buffer';
import type { SpanRecord } from '../src/lib/protocol/records';

/** The part of TelemetryStore (src/lib/io/telemetry-store.ts) the advisor reads. */
export interface WindowSource {
	spanChunks(query: { fromMs: number; toMs: number }): AsyncIterable<SpanRecord[]>;
}

export interface WindowQuery {
	/** IndexedDB database name (`meridian` in the app). */
	dbName: string;
	/** Half-open [fromMs, toMs), Unix ms; spans are placed by their end time. */
	fromMs: number;
	toMs: number;
	/** Span attribute naming a trace's business transaction; default biz.transaction. */
	contextAttribute?: string;
	/**
	 * The designer's domains and business transactions: when given, the monolith's call graph
	 * takes each trace's business context from them (domain/advisor/designer-context.ts)
	 * instead of the attribute. Findings keep the attribute.
	 */
	designer?: DesignerDefinitions;
	findings?: Partial<Omit<FindingSettings, 'contextAttribute'>>;
}

export interface ReadProgress {
	spans: number;
	chunks: number;
	/** 0..1: share of the window's time read so far. */
	fraction: number;
}

export interface WindowRead {
	query: WindowQuery;
	spans: number;
	chunks: number;
	findings: FindingsReport;
	/** Services with class-level (code.namespace) spans: monolith candidates, most spans first. */
	monoliths: ClassServiceCensus[];
	/** Services with class spans past the collector's bound (their graph was not built). */
	monolithOverflow: number;
	contextCandidates: ContextCandidate[];
	callBuffer: TraceBufferStats;
}

export interface WindowState {
	read: WindowRead;
	collectors: ServiceCallCollectors;
}

export async function readWindow(
	source: WindowSource,
	query: WindowQuery,
	options: { signal: { readonly aborted: boolean }; onProgress?: (progress: ReadProgress) => void }
): Promise<WindowState | null> {
	const contextAttribute = query.contextAttribute || 'biz.transaction';
	const analyzer = new FindingsAnalyzer({ ...query.findings, contextAttribute });
	const contextOf = query.designer ? designerContextOf(query.designer) : undefined;
	const collectors = new ServiceCallCollectors({ contextAttribute, contextOf });
	const census = new ContextCensus();
	const widthMs = Math.max(1, query.toMs - query.fromMs);
	let spans = 0;
	let chunks = 0;
	let reachedMs = query.fromMs;
	for await (const chunk of source.spanChunks({ fromMs: query.fromMs, toMs: query.toMs })) {
		if (options.signal.aborted) return null;
		analyzer.addSpans(chunk);
		collectors.addSpans(chunk);
		census.addSpans(chunk);
		spans += chunk.length;
		chunks += 1;
		for (const span of chunk) {
			const endMs = (span.startUs + span.durationUs) / 1000;
			if (endMs > reachedMs) reachedMs = endMs;
		}
		options.onProgress?.({ spans, chunks, fraction: Math.min(1, Math.max(0, (reachedMs - query.fromMs) / widthMs)) });
	}
	if (options.signal.aborted) return null;
	const findings = analyzer.report({ flush: true });
	const { census: monoliths, overflow, buffer } = collectors.finish();
	return {
		collectors,
		read: {
			query,
			spans,
			chunks,
			findings,
			monoliths,
			monolithOverflow: overflow,
			contextCandidates: census.candidates(),
			callBuffer: buffer
		}
	};
}

export function sameQuery(a: WindowQuery, b: WindowQuery): boolean {
	return (
		a.dbName === b.dbName &&
		a.fromMs === b.fromMs &&
		a.toMs === b.toMs &&
		(a.contextAttribute || 'biz.transaction') === (b.contextAttribute || 'biz.transaction') &&
		JSON.stringify(a.designer ?? null) === JSON.stringify(b.designer ?? null) &&
		JSON.stringify(a.findings ?? {}) === JSON.stringify(b.findings ?? {})
	);
}
