/** trace.proto and trace_service.proto (opentelemetry-proto v1): ExportTraceServiceRequest. */
import {
	readId,
	readKeyValue,
	readResource,
	readScope,
	writeAttributes,
	writeId,
	writeResource,
	writeScope,
	writeString
} from './proto-common';
import { ProtoReader, Wire } from './protobuf-reader';
import { ProtoWriter } from './protobuf-writer';
import type {
	ExportTraceServiceRequest,
	KeyValue,
	OtlpSpan,
	OtlpSpanEvent,
	OtlpSpanLink,
	ResourceSpans,
	ScopeSpans
} from './types';

export function decodeTraceRequest(bytes: Uint8Array): ExportTraceServiceRequest {
	const r = new ProtoReader(bytes);
	const resourceSpans: ResourceSpans[] = [];
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag === 10) resourceSpans.push(readResourceSpans(r));
		else r.skip(tag & 7);
	}
	return { resourceSpans };
}

function readResourceSpans(r: ProtoReader): ResourceSpans {
	const outer = r.end;
	r.end = r.lengthEnd();
	const out: ResourceSpans = { scopeSpans: [] };
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag === 10) out.resource = readResource(r);
		else if (tag === 18) out.scopeSpans!.push(readScopeSpans(r));
		else if (tag === 26) out.schemaUrl = r.string();
		else r.skip(tag & 7);
	}
	r.end = outer;
	return out;
}

function readScopeSpans(r: ProtoReader): ScopeSpans {
	const outer = r.end;
	r.end = r.lengthEnd();
	const out: ScopeSpans = { spans: [] };
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag === 10) out.scope = readScope(r);
		else if (tag === 18) out.spans!.push(readSpan(r));
		else if (tag === 26) out.schemaUrl = r.string();
		else r.skip(tag & 7);
	}
	r.end = outer;
	return out;
}

function readSpan(r: ProtoReader): OtlpSpan {
	const outer = r.end;
	r.end = r.lengthEnd();
	const span: OtlpSpan = {
		traceId: '',
		spanId: '',
		parentSpanId: '',
		name: '',
		kind: 0,
		startTimeUnixNano: 0,
		endTimeUnixNano: 0,
		attributes: []
	};
	while (r.pos < r.end) {
		const tag = r.tag();
		switch (tag) {
			case 10: // 1 trace_id
				span.traceId = readId(r, 'span.trace_id');
				break;
			case 18: // 2 span_id
				span.spanId = readId(r, 'span.span_id');
				break;
			case 26: // 3 trace_state
				span.traceState = r.string();
				break;
			case 34: // 4 parent_span_id
				span.parentSpanId = readId(r, 'span.parent_span_id');
				break;
			case 42: // 5 name
				span.name = r.string();
				break;
			case 48: // 6 kind
				span.kind = r.int32();
				break;
			case 57: // 7 start_time_unix_nano (fixed64)
				span.startTimeUnixNano = r.fixed64();
				break;
			case 65: // 8 end_time_unix_nano (fixed64)
				span.endTimeUnixNano = r.fixed64();
				break;
			case 74: // 9 attributes
				span.attributes!.push(readKeyValue(r));
				break;
			case 80: // 10 dropped_attributes_count
				span.droppedAttributesCount = r.uint32();
				break;
			case 90: // 11 events
				(span.events ??= []).push(readEvent(r));
				break;
			case 106: // 13 links
				(span.links ??= []).push(readLink(r));
				break;
			case 122: {
				// 15 status { 2 message, 3 code }
				const statusOuter = r.end;
				r.end = r.lengthEnd();
				const status: { code?: number; message?: string } = {};
				while (r.pos < r.end) {
					const t = r.tag();
					if (t === 18) status.message = r.string();
					else if (t === 24) status.code = r.int32();
					else r.skip(t & 7);
				}
				r.end = statusOuter;
				span.status = status;
				break;
			}
			case 133: // 16 flags (fixed32)
				span.flags = r.fixed32();
				break;
			default:
				r.skip(tag & 7);
		}
	}
	r.end = outer;
	return span;
}

function readEvent(r: ProtoReader): OtlpSpanEvent {
	const outer = r.end;
	r.end = r.lengthEnd();
	const event: OtlpSpanEvent = { timeUnixNano: 0, name: '' };
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag === 9) event.timeUnixNano = r.fixed64();
		else if (tag === 18) event.name = r.string();
		else if (tag === 26) (event.attributes ??= []).push(readKeyValue(r));
		else r.skip(tag & 7);
	}
	r.end = outer;
	return event;
}

function readLink(r: ProtoReader): OtlpSpanLink {
	const outer = r.end;
	r.end = r.lengthEnd();
	const link: OtlpSpanLink = { traceId: '', spanId: '' };
	while (r.pos < r.end) {
		const tag = r.tag();
		switch (tag) {
			case 10:
				link.traceId = readId(r, 'link.trace_id');
				break;
			case 18:
				link.spanId = readId(r, 'link.span_id');
				break;
			case 26:
				link.traceState = r.string();
				break;
			case 34:
				(link.attributes ??= []).push(readKeyValue(r));
				break;
			case 53:
				link.flags = r.fixed32();
				break;
			default:
				r.skip(tag & 7);
		}
	}
	r.end = outer;
	return link;
}

export function encodeTraceRequest(request: ExportTraceServiceRequest): Uint8Array<ArrayBuffer> {
	const w = new ProtoWriter(64 * 1024);
	for (const rs of request.resourceSpans ?? []) {
		w.tag(1, Wire.Len);
		const rsMark = w.begin();
		writeResource(w, 1, rs.resource);
		for (const ss of rs.scopeSpans ?? []) {
			w.tag(2, Wire.Len);
			const ssMark = w.begin();
			writeScope(w, 1, ss.scope);
			for (const span of ss.spans ?? []) writeSpan(w, span);
			writeString(w, 3, ss.schemaUrl);
			w.end(ssMark);
		}
		writeString(w, 3, rs.schemaUrl);
		w.end(rsMark);
	}
	return w.finish();
}

function writeSpan(w: ProtoWriter, span: OtlpSpan): void {
	w.tag(2, Wire.Len);
	const mark = w.begin();
	writeId(w, 1, span.traceId);
	writeId(w, 2, span.spanId);
	writeString(w, 3, span.traceState);
	writeId(w, 4, span.parentSpanId);
	writeString(w, 5, span.name);
	if (span.kind) w.tag(6, Wire.Varint).int32(span.kind);
	w.tag(7, Wire.Fixed64).fixed64(span.startTimeUnixNano ?? 0);
	w.tag(8, Wire.Fixed64).fixed64(span.endTimeUnixNano ?? 0);
	writeAttributes(w, 9, span.attributes);
	if (span.droppedAttributesCount) w.tag(10, Wire.Varint).uint32(span.droppedAttributesCount);
	for (const event of span.events ?? []) {
		w.tag(11, Wire.Len);
		const m = w.begin();
		w.tag(1, Wire.Fixed64).fixed64(event.timeUnixNano ?? 0);
		writeString(w, 2, event.name);
		writeAttributes(w, 3, event.attributes as KeyValue[] | undefined);
		w.end(m);
	}
	for (const link of span.links ?? []) {
		w.tag(13, Wire.Len);
		const m = w.begin();
		writeId(w, 1, link.traceId);
		writeId(w, 2, link.spanId);
		writeString(w, 3, link.traceState);
		writeAttributes(w, 4, link.attributes);
		if (link.flags) w.tag(6, Wire.Fixed32).fixed32(link.flags);
		w.end(m);
	}
	if (span.status && (span.status.code || span.status.message)) {
		w.tag(15, Wire.Len);
		const m = w.begin();
		writeString(w, 2, span.status.message);
		if (span.status.code) w.tag(3, Wire.Varint).int32(span.status.code);
		w.end(m);
	}
	if (span.flags) w.tag(16, Wire.Fixed32).fixed32(span.flags);
	w.end(mark);
}
