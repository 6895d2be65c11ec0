/** logs.proto and logs_service.proto (opentelemetry-proto v1): ExportLogsServiceRequest. */
import {
	readAnyValue,
	readId,
	readKeyValue,
	readResource,
	readScope,
	writeAnyValue,
	writeAttributes,
	writeId,
	writeResource,
	writeScope,
	writeString
} from './proto-common';
import { ProtoReader, Wire } from './protobuf-reader';
import { ProtoWriter } from './protobuf-writer';
import type { ExportLogsServiceRequest, OtlpLogRecord, ResourceLogs, ScopeLogs } from './types';

export function decodeLogsRequest(bytes: Uint8Array): ExportLogsServiceRequest {
	const r = new ProtoReader(bytes);
	const resourceLogs: ResourceLogs[] = [];
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag === 10) resourceLogs.push(readResourceLogs(r));
		else r.skip(tag & 7);
	}
	return { resourceLogs };
}

function readResourceLogs(r: ProtoReader): ResourceLogs {
	const outer = r.end;
	r.end = r.lengthEnd();
	const out: ResourceLogs = { scopeLogs: [] };
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag === 10) out.resource = readResource(r);
		else if (tag === 18) out.scopeLogs!.push(readScopeLogs(r));
		else if (tag === 26) out.schemaUrl = r.string();
		else r.skip(tag & 7);
	}
	r.end = outer;
	return out;
}

function readScopeLogs(r: ProtoReader): ScopeLogs {
	const outer = r.end;
	r.end = r.lengthEnd();
	const out: ScopeLogs = { logRecords: [] };
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag === 10) out.scope = readScope(r);
		else if (tag === 18) out.logRecords!.push(readLogRecord(r));
		else if (tag === 26) out.schemaUrl = r.string();
		else r.skip(tag & 7);
	}
	r.end = outer;
	return out;
}

function readLogRecord(r: ProtoReader): OtlpLogRecord {
	const outer = r.end;
	r.end = r.lengthEnd();
	const log: OtlpLogRecord = { timeUnixNano: 0, observedTimeUnixNano: 0, severityNumber: 0, attributes: [] };
	while (r.pos < r.end) {
		const tag = r.tag();
		switch (tag) {
			case 9: // 1 time_unix_nano
				log.timeUnixNano = r.fixed64();
				break;
			case 16: // 2 severity_number
				log.severityNumber = r.int32();
				break;
			case 26: // 3 severity_text
				log.severityText = r.string();
				break;
			case 42: // 5 body
				log.body = readAnyValue(r, 0);
				break;
			case 50: // 6 attributes
				log.attributes!.push(readKeyValue(r));
				break;
			case 56: // 7 dropped_attributes_count
				log.droppedAttributesCount = r.uint32();
				break;
			case 69: // 8 flags (fixed32)
				log.flags = r.fixed32();
				break;
			case 74: // 9 trace_id
				log.traceId = readId(r, 'log.trace_id');
				break;
			case 82: // 10 span_id
				log.spanId = readId(r, 'log.span_id');
				break;
			case 89: // 11 observed_time_unix_nano
				log.observedTimeUnixNano = r.fixed64();
				break;
			case 98: // 12 event_name
				log.eventName = r.string();
				break;
			default:
				r.skip(tag & 7);
		}
	}
	r.end = outer;
	return log;
}

export function encodeLogsRequest(request: ExportLogsServiceRequest): Uint8Array<ArrayBuffer> {
	const w = new ProtoWriter(16 * 1024);
	for (const rl of request.resourceLogs ?? []) {
		w.tag(1, Wire.Len);
		const rlMark = w.begin();
		writeResource(w, 1, rl.resource);
		for (const sl of rl.scopeLogs ?? []) {
			w.tag(2, Wire.Len);
			const slMark = w.begin();
			writeScope(w, 1, sl.scope);
			for (const log of sl.logRecords ?? []) writeLogRecord(w, log);
			writeString(w, 3, sl.schemaUrl);
			w.end(slMark);
		}
		writeString(w, 3, rl.schemaUrl);
		w.end(rlMark);
	}
	return w.finish();
}

function writeLogRecord(w: ProtoWriter, log: OtlpLogRecord): void {
	w.tag(2, Wire.Len);
	const mark = w.begin();
	if (log.timeUnixNano) w.tag(1, Wire.Fixed64).fixed64(log.timeUnixNano);
	if (log.severityNumber) w.tag(2, Wire.Varint).int32(log.severityNumber);
	writeString(w, 3, log.severityText);
	if (log.body) writeAnyValue(w, 5, log.body);
	writeAttributes(w, 6, log.attributes);
	if (log.droppedAttributesCount) w.tag(7, Wire.Varint).uint32(log.droppedAttributesCount);
	if (log.flags) w.tag(8, Wire.Fixed32).fixed32(log.flags);
	writeId(w, 9, log.traceId);
	writeId(w, 10, log.spanId);
	if (log.observedTimeUnixNano) w.tag(11, Wire.Fixed64).fixed64(log.observedTimeUnixNano);
	writeString(w, 12, log.eventName);
	w.end(mark);
}
