/**
 * One call for the transaction path view: tree, self time, critical path and per-segment
 * breakdown of one trace. Everything returned is structured-clone friendly (typed arrays
 * and plain objects) and indexed by span position, so a worker can send it back without
 * the spans.
 */
import type { SpanRecord } from '../../protocol/records';
import { assembleTrace } from './assemble';
import { criticalPath, type CriticalPath, type CriticalPathOptions } from './critical-path';
import { maskSql } from './mask-sql';
import { pathTotals, rootKeyOf } from './paths';
import type { BaselineTrace } from './compare';
import { segmentBreakdown, type SegmentOptions } from './segments';
import { selfTimes } from './self-time';
import type { SegmentBreakdown, TraceTree } from './types';

export interface TraceAnalysis {
	tree: TraceTree;
	selfUs: Float64Array;
	criticalPath: CriticalPath;
	breakdown: SegmentBreakdown;
}

export type AnalyzeOptions = Pick<CriticalPathOptions, 'asyncToleranceUs'> & SegmentOptions;

export function analyzeTrace(spans: readonly SpanRecord[], options: AnalyzeOptions = {}): TraceAnalysis {
	const tree = assembleTrace(spans);
	const selfUs = selfTimes(tree);
	const path = criticalPath(tree, { asyncToleranceUs: options.asyncToleranceUs });
	const breakdown = segmentBreakdown(spans, tree, { selfUs, path }, options);
	return { tree, selfUs, criticalPath: path, breakdown };
}

/** The per-path figures of one trace, as `buildBaseline` and `compareTrace` take them. */
export function toBaselineTrace(spans: readonly SpanRecord[], analysis?: Pick<TraceAnalysis, 'tree' | 'selfUs'>): BaselineTrace {
	const tree = analysis?.tree ?? assembleTrace(spans);
	const selfUs = analysis?.selfUs ?? selfTimes(tree);
	const root = tree.primaryRoot;
	return {
		rootKey: rootKeyOf(spans, tree),
		rootDurationUs: root < 0 ? 0 : tree.endUs[root] - tree.startUs[root],
		paths: pathTotals(spans, tree, selfUs)
	};
}

/** The span's database statement with literals masked, when it has one. */
export function maskedStatementOf(span: SpanRecord): string | undefined {
	const text = span.attrs['db.query.text'] ?? span.attrs['db.statement'];
	return typeof text === 'string' && text.length > 0 ? maskSql(text) : undefined;
}
