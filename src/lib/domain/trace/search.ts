/**
 * Trace search predicates and their URL form.
 *
 * Semantics: `service`, `operation` and every attribute condition must hold on one and the
 * same span (as in Jaeger: "a span of `lending` named `apply` with amount > 1e6"); the
 * duration bounds apply to the trace's duration (its root span, see `summarizeTrace`), and
 * `status: 'error'` means some span of the trace failed, `'ok'` that none did.
 * Attribute values compare as text for `=`, `!=` and `~` (contains, case-insensitive) and as
 * numbers for `<`, `<=`, `>`, `>=`; an array attribute matches when any element does.
 *
 * URL form (one parameter each; `attr` repeats):
 *   service=lending  operation=apply  status=error  minDuration=250ms  maxDuration=2s
 *   attr=http.response.status_code>=500  attr=customer.segment=vip  attr=feature.flag
 * Durations take `us`, `µs`, `ms`, `s` or `m` (no unit means ms).
 */
import { StatusCode, type AttrValue, type SpanRecord } from '../../protocol/records';

export type AttrOp = 'exists' | 'eq' | 'ne' | 'contains' | 'gt' | 'gte' | 'lt' | 'lte';

export interface AttrCondition {
	key: string;
	op: AttrOp;
	/** Absent for `exists`; a number for the ordering operators. */
	value?: string | number;
}

export interface TraceQuery {
	service?: string;
	operation?: string;
	attrs?: AttrCondition[];
	minDurationUs?: number;
	maxDurationUs?: number;
	status?: 'error' | 'ok';
}

export interface TraceSummary {
	traceId: string;
	rootService: string;
	rootName: string;
	startUs: number;
	durationUs: number;
	spanCount: number;
	errorCount: number;
	/** True when no span has an empty parent id (the root has not arrived, or never will). */
	rootMissing: boolean;
}

/**
 * The root is the longest span with no parent; without one (an incomplete trace), the
 * earliest span stands in and the duration is the extent of all spans.
 */
export function summarizeTrace(spans: readonly SpanRecord[]): TraceSummary | undefined {
	if (spans.length === 0) return undefined;
	let root = -1;
	let firstUs = Infinity;
	let lastUs = -Infinity;
	let earliest = 0;
	let errorCount = 0;
	for (let i = 0; i < spans.length; i++) {
		const s = spans[i];
		if (s.status === StatusCode.Error) errorCount++;
		if (s.startUs < firstUs) {
			firstUs = s.startUs;
			earliest = i;
		}
		lastUs = Math.max(lastUs, s.startUs + s.durationUs);
		if (s.parentSpanId === '' && (root < 0 || s.durationUs > spans[root].durationUs)) root = i;
	}
	const r = spans[root >= 0 ? root : earliest];
	return {
		traceId: r.traceId,
		rootService: r.service,
		rootName: r.name,
		startUs: root >= 0 ? r.startUs : firstUs,
		durationUs: root >= 0 ? r.durationUs : lastUs - firstUs,
		spanCount: spans.length,
		errorCount,
		rootMissing: root < 0
	};
}

function attrMatches(value: AttrValue | undefined, condition: AttrCondition): boolean {
	if (value === undefined) return condition.op === 'ne';
	if (condition.op === 'exists') return true;
	if (Array.isArray(value)) {
		const elements = value as (string | number | boolean)[];
		if (condition.op === 'ne') return elements.every((v) => scalarMatches(v, condition));
		return elements.some((v) => scalarMatches(v, condition));
	}
	return scalarMatches(value, condition);
}

function scalarMatches(value: string | number | boolean, condition: AttrCondition): boolean {
	const wanted = condition.value;
	switch (condition.op) {
		case 'eq':
			return String(value) === String(wanted);
		case 'ne':
			return String(value) !== String(wanted);
		case 'contains':
			return String(value).toLowerCase().includes(String(wanted ?? '').toLowerCase());
		default: {
			const n = typeof value === 'number' ? value : Number(value);
			const w = Number(wanted);
			if (typeof value === 'boolean' || !Number.isFinite(n) || !Number.isFinite(w)) return false;
			if (condition.op === 'gt') return n > w;
			if (condition.op === 'gte') return n >= w;
			if (condition.op === 'lt') return n < w;
			return n <= w;
		}
	}
}

export function spanMatches(span: SpanRecord, query: TraceQuery): boolean {
	if (query.service !== undefined && span.service !== query.service) return false;
	if (query.operation !== undefined && span.name !== query.operation) return false;
	if (query.attrs) for (const c of query.attrs) if (!attrMatches(span.attrs[c.key], c)) return false;
	return true;
}

/** `summary` defaults to `summarizeTrace(spans)`; pass it when the caller already has one. */
export function traceMatches(spans: readonly SpanRecord[], query: TraceQuery, summary?: TraceSummary): boolean {
	const s = summary ?? summarizeTrace(spans);
	if (!s) return false;
	if (query.minDurationUs !== undefined && s.durationUs < query.minDurationUs) return false;
	if (query.maxDurationUs !== undefined && s.durationUs > query.maxDurationUs) return false;
	if (query.status === 'error' && s.errorCount === 0) return false;
	if (query.status === 'ok' && s.errorCount > 0) return false;
	const needsSpan = query.service !== undefined || query.operation !== undefined || (query.attrs?.length ?? 0) > 0;
	return !needsSpan || spans.some((span) => spanMatches(span, query));
}

export type QueryErrorCode = 'bad-duration' | 'bad-attribute' | 'bad-number' | 'bad-status';

export interface QueryError {
	parameter: string;
	input: string;
	code: QueryErrorCode;
}

const durationUnitsUs: Record<string, number> = { us: 1, 'µs': 1, ms: 1000, s: 1_000_000, m: 60_000_000 };

export function parseDurationUs(text: string): number | undefined {
	const match = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m)?\s*$/.exec(text);
	if (!match) return undefined;
	return Math.round(Number(match[1]) * durationUnitsUs[match[2] ?? 'ms']);
}

export function formatDurationParam(durationUs: number): string {
	if (durationUs % 1_000_000 === 0 && durationUs > 0) return `${durationUs / 1_000_000}s`;
	if (durationUs % 1000 === 0) return `${durationUs / 1000}ms`;
	return `${durationUs}us`;
}

const attrPattern = /^([^=!~<>\s]+)\s*(?:(>=|<=|!=|=|~|>|<)\s*(.*))?$/s;
const opOf: Record<string, AttrOp> = { '=': 'eq', '!=': 'ne', '~': 'contains', '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' };
const opText: Record<AttrOp, string> = { exists: '', eq: '=', ne: '!=', contains: '~', gt: '>', gte: '>=', lt: '<', lte: '<=' };

export function parseAttrCondition(text: string): AttrCondition | QueryErrorCode {
	const match = attrPattern.exec(text.trim());
	if (!match) return 'bad-attribute';
	const [, key, symbol, raw] = match;
	if (symbol === undefined) return { key, op: 'exists' };
	const op = opOf[symbol];
	if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') {
		const n = Number(raw.trim());
		return raw.trim() === '' || !Number.isFinite(n) ? 'bad-number' : { key, op, value: n };
	}
	return { key, op, value: raw };
}

/**
 * Reads URL parameters (e.g. `new URLSearchParams(location.search)`). A malformed one is
 * reported and skipped; parameters this query does not own are ignored (other view state).
 */
export function parseTraceQuery(params: Iterable<[string, string]>): { query: TraceQuery; errors: QueryError[] } {
	const query: TraceQuery = {};
	const errors: QueryError[] = [];
	for (const [parameter, input] of params) {
		const fail = (code: QueryErrorCode) => errors.push({ parameter, input, code });
		if (parameter === 'service') query.service = input;
		else if (parameter === 'operation') query.operation = input;
		else if (parameter === 'status') {
			if (input === 'error' || input === 'ok') query.status = input;
			else fail('bad-status');
		} else if (parameter === 'minDuration' || parameter === 'maxDuration') {
			const us = parseDurationUs(input);
			if (us === undefined) fail('bad-duration');
			else if (parameter === 'minDuration') query.minDurationUs = us;
			else query.maxDurationUs = us;
		} else if (parameter === 'attr') {
			const condition = parseAttrCondition(input);
			if (typeof condition === 'string') fail(condition);
			else (query.attrs ??= []).push(condition);
		}
	}
	return { query, errors };
}

export function formatTraceQuery(query: TraceQuery): [string, string][] {
	const out: [string, string][] = [];
	if (query.service !== undefined) out.push(['service', query.service]);
	if (query.operation !== undefined) out.push(['operation', query.operation]);
	for (const c of query.attrs ?? []) out.push(['attr', `${c.key}${opText[c.op]}${c.value ?? ''}`]);
	if (query.minDurationUs !== undefined) out.push(['minDuration', formatDurationParam(query.minDurationUs)]);
	if (query.maxDurationUs !== undefined) out.push(['maxDuration', formatDurationParam(query.maxDurationUs)]);
	if (query.status !== undefined) out.push(['status', query.status]);
	return out;
}
