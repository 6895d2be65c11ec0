/**
 * What the details panel shows for one span: its identity and timing (self time and time
 * on the critical path from the worker's analysis), attributes sorted by key, events as
 * offsets from the span's start, its logs, and its database statement with literal values
 * masked. The raw statement text is never shown: literals are customer data.
 */
import type { AttrValue, LogRecord, SpanRecord } from '$lib/protocol/records';
import { maskedStatementOf, type TraceAnalysis } from '$lib/domain/trace/analyze';
import { spanRole, type SpanRole } from '$lib/domain/topology/peer';

/** Attributes whose text is a statement: shown masked as `statement`, left out of the list. */
const statementKeys = new Set(['db.query.text', 'db.statement']);

export interface SpanDetails {
	index: number;
	spanId: string;
	service: string;
	instance: string;
	name: string;
	role: SpanRole;
	startOffsetUs: number;
	durationUs: number;
	selfUs: number;
	criticalUs: number;
	/** Moved to fit its parent (another host's clock); µs. */
	skewShiftUs: number;
	error: boolean;
	statusMessage?: string;
	statement?: string;
	attributes: { key: string; value: string }[];
	events: { offsetUs: number; name: string; attributes: { key: string; value: string }[] }[];
	logs: LogRecord[];
	links: { traceId: string; spanId: string }[];
}

export function attrText(value: AttrValue): string {
	return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

function sortedAttrs(attrs: Record<string, AttrValue> | undefined, skip?: Set<string>): { key: string; value: string }[] {
	if (!attrs) return [];
	return Object.keys(attrs)
		.filter((k) => !skip?.has(k))
		.sort()
		.map((key) => ({ key, value: attrText(attrs[key]) }));
}

/** `span` is the span at position `index` of the analysed trace. */
export function spanDetails(
	span: SpanRecord,
	index: number,
	analysis: Pick<TraceAnalysis, 'tree' | 'selfUs'> & { criticalPath: { criticalUs: Float64Array } },
	logs: readonly LogRecord[],
	traceStartUs: number
): SpanDetails {
	const tree = analysis.tree;
	const statement = maskedStatementOf(span);
	return {
		index,
		spanId: span.spanId,
		service: span.service,
		instance: span.instance,
		name: span.name,
		role: spanRole(span),
		startOffsetUs: tree.startUs[index] - traceStartUs,
		durationUs: tree.endUs[index] - tree.startUs[index],
		selfUs: analysis.selfUs[index],
		criticalUs: analysis.criticalPath.criticalUs[index],
		skewShiftUs: tree.shiftUs[index],
		error: span.status === 2,
		...(span.statusMessage ? { statusMessage: span.statusMessage } : {}),
		...(statement !== undefined ? { statement } : {}),
		attributes: sortedAttrs(span.attrs, statementKeys),
		events: (span.events ?? []).map((e) => ({ offsetUs: e.timeUs + tree.shiftUs[index] - tree.startUs[index], name: e.name, attributes: sortedAttrs(e.attrs) })),
		logs: logs.filter((l) => l.spanId === span.spanId),
		links: (span.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId }))
	};
}
