import { SpanKind, StatusCode, type SpanEvent, type SpanLink, type SpanRecord } from '../../protocol/records';
import { flattenAttributes } from './attributes';
import { Collector, isSpanId, isTraceId, type NormaliseOptions, type NormaliseResult } from './normalise-common';
import { nanosToMicros } from './time';
import type { ExportTraceServiceRequest, OtlpSpan } from './types';

/**
 * OTLP spans → SpanRecords. A span is rejected (counted with its reason) when its trace id
 * or span id is not valid hex of the right length (or all zeros), its parent id is
 * malformed, it has no start time, or it ends before it starts. Unknown kinds and status
 * codes become Unspecified / Unset.
 */
export function normaliseTraces(request: ExportTraceServiceRequest, options: NormaliseOptions): NormaliseResult {
	const c = new Collector(options);
	for (const rs of request.resourceSpans ?? []) {
		const spansHere = (rs.scopeSpans ?? []).reduce((n, ss) => n + (ss.spans?.length ?? 0), 0);
		if (spansHere === 0) continue;
		const resource = c.resource(rs.resource);
		for (const ss of rs.scopeSpans ?? []) {
			const scope = ss.scope?.name || undefined;
			for (const span of ss.spans ?? []) {
				const record = toSpanRecord(span, c);
				if (!record) continue;
				record.resourceId = resource.id;
				record.service = resource.service;
				record.instance = resource.instance;
				if (scope) record.scope = scope;
				c.result.spans.push(record);
			}
		}
	}
	return c.finish();
}

function toSpanRecord(span: OtlpSpan, c: Collector): SpanRecord | undefined {
	if (!isTraceId(span.traceId)) return void c.reject('spans', 'invalid traceId (expected 32 hex digits, not all zero)');
	if (!isSpanId(span.spanId)) return void c.reject('spans', 'invalid spanId (expected 16 hex digits, not all zero)');
	let parent = span.parentSpanId ?? '';
	if (parent !== '' && !isSpanId(parent)) {
		if (/^0+$/.test(parent)) parent = '';
		else return void c.reject('spans', 'invalid parentSpanId (expected 16 hex digits or empty)');
	}
	const startUs = nanosToMicros(span.startTimeUnixNano);
	if (startUs === 0) return void c.reject('spans', 'missing startTimeUnixNano');
	const endUs = nanosToMicros(span.endTimeUnixNano);
	if (endUs < startUs) return void c.reject('spans', 'endTimeUnixNano before startTimeUnixNano');
	const kind = span.kind !== undefined && span.kind >= 0 && span.kind <= 5 ? span.kind : SpanKind.Unspecified;
	const code = span.status?.code;
	const status = code === StatusCode.Ok || code === StatusCode.Error ? code : StatusCode.Unset;
	const record: SpanRecord = {
		traceId: span.traceId,
		spanId: span.spanId,
		parentSpanId: parent,
		resourceId: '',
		service: '',
		instance: '',
		name: span.name ?? '',
		kind: kind as SpanRecord['kind'],
		startUs,
		durationUs: endUs - startUs,
		status,
		attrs: flattenAttributes(span.attributes, c.stats, c.limits)
	};
	if (span.status?.message) record.statusMessage = span.status.message.slice(0, c.limits.maxStringChars);
	if (span.events && span.events.length > 0) record.events = toEvents(span, c);
	if (span.links && span.links.length > 0) {
		const links = toLinks(span, c);
		if (links.length > 0) record.links = links;
	}
	return record;
}

function toEvents(span: OtlpSpan, c: Collector): SpanEvent[] {
	const events = span.events!;
	const n = Math.min(events.length, c.limits.maxEventsPerSpan);
	c.result.truncated.events += events.length - n;
	const out: SpanEvent[] = [];
	for (let i = 0; i < n; i++) {
		const e = events[i];
		const event: SpanEvent = { timeUs: nanosToMicros(e.timeUnixNano), name: e.name ?? '' };
		if (e.attributes && e.attributes.length > 0) event.attrs = flattenAttributes(e.attributes, c.stats, c.limits);
		out.push(event);
	}
	return out;
}

function toLinks(span: OtlpSpan, c: Collector): SpanLink[] {
	const links = span.links!;
	const out: SpanLink[] = [];
	for (const l of links) {
		if (out.length >= c.limits.maxLinksPerSpan || !isTraceId(l.traceId) || !isSpanId(l.spanId)) {
			c.result.truncated.links++;
			continue;
		}
		const link: SpanLink = { traceId: l.traceId, spanId: l.spanId };
		if (l.attributes && l.attributes.length > 0) link.attrs = flattenAttributes(l.attributes, c.stats, c.limits);
		out.push(link);
	}
	return out;
}
