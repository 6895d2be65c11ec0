/**
 * Sharing traces offline as OTLP/JSON files: stored records back to the OTLP request model
 * (otlp/types.ts, JSON mapping), and such a file read back into records.
 *
 * File format: JSON Lines, as the OpenTelemetry Collector's file exporter writes it: one
 * `ExportTraceServiceRequest` per line, then one `ExportLogsServiceRequest` when there are
 * logs. A plain single OTLP/JSON document (Jaeger's or another tool's export) reads too.
 *
 * Round trip: resource attributes, span fields, events, links and log fields come back as
 * they were stored (times in µs, integers as int64 decimal strings, other numbers as
 * doubles, homogeneous arrays as arrays). Attributes that were key-value lists or bytes
 * were flattened to text when stored and stay text.
 *
 * Bounds when reading: at most `maxSpans` spans (default 500,000) and `maxLogs` logs
 * (default 200,000); the rest is counted in `dropped`. A line that is not OTLP/JSON is
 * reported in `errors` (line number and reason) and the other lines are still read.
 */
import type { AttrValue, Attrs, LogRecord, ResourceRecord, SpanRecord } from '../../protocol/records';
import { validateOtlpJson } from '../otlp/json';
import { normaliseLogs } from '../otlp/normalise-logs';
import { normaliseTraces } from '../otlp/normalise-traces';
import type { AnyValue, ExportLogsServiceRequest, ExportTraceServiceRequest, KeyValue, OtlpSpan, ResourceLogs, ResourceSpans } from '../otlp/types';

export interface OtlpFileContent {
	resources: ResourceRecord[];
	spans: SpanRecord[];
	logs: LogRecord[];
}

export interface ReadOtlpResult extends OtlpFileContent {
	/** Lines (1-based) that could not be read, with the reason. */
	errors: { line: number; reason: string }[];
	/** Items refused by validation (bad ids, times) and items past the bounds. */
	rejected: { spans: number; logs: number };
	dropped: { spans: number; logs: number };
}

function anyValue(value: AttrValue): AnyValue {
	if (typeof value === 'string') return { stringValue: value };
	if (typeof value === 'boolean') return { boolValue: value };
	if (typeof value === 'number') return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value };
	return { arrayValue: { values: (value as (string | number | boolean)[]).map((v) => anyValue(v)) } };
}

function keyValues(attrs: Attrs | undefined): KeyValue[] {
	if (!attrs) return [];
	return Object.entries(attrs).map(([key, value]) => ({ key, value: anyValue(value) }));
}

/** Unix µs → int64 nanoseconds as a decimal string (exact: no float64 rounding past 2^53). */
export function microsToNanos(us: number): string {
	if (!Number.isFinite(us) || us <= 0) return '0';
	return (BigInt(Math.round(us)) * 1000n).toString();
}

function resourceOf(record: { resourceId: string; service: string; instance: string }, known: Map<string, ResourceRecord>): ResourceRecord {
	const resource = known.get(record.resourceId);
	if (resource) return resource;
	// the resource was evicted or never stored: its identity from the denormalised fields
	const made: ResourceRecord = {
		id: record.resourceId,
		service: record.service,
		instance: record.instance,
		attrs: { 'service.name': record.service, 'service.instance.id': record.instance }
	};
	known.set(record.resourceId, made);
	return made;
}

function resourceAttributes(resource: ResourceRecord): KeyValue[] {
	const attrs: Attrs = { ...resource.attrs };
	attrs['service.name'] ??= resource.service;
	if (resource.namespace) attrs['service.namespace'] ??= resource.namespace;
	return keyValues(attrs);
}

function toOtlpSpan(span: SpanRecord): OtlpSpan {
	const out: OtlpSpan = {
		traceId: span.traceId,
		spanId: span.spanId,
		...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
		name: span.name,
		kind: span.kind,
		startTimeUnixNano: microsToNanos(span.startUs),
		endTimeUnixNano: microsToNanos(span.startUs + span.durationUs),
		attributes: keyValues(span.attrs),
		status: { code: span.status, ...(span.statusMessage ? { message: span.statusMessage } : {}) }
	};
	if (span.events?.length) out.events = span.events.map((e) => ({ timeUnixNano: microsToNanos(e.timeUs), name: e.name, attributes: keyValues(e.attrs) }));
	if (span.links?.length) out.links = span.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: keyValues(l.attrs) }));
	return out;
}

/** Spans grouped by resource, then by instrumentation scope. */
export function toOtlpTraces(spans: readonly SpanRecord[], resources: Iterable<ResourceRecord> = []): ExportTraceServiceRequest {
	const known = new Map([...resources].map((r) => [r.id, r]));
	const byResource = new Map<string, Map<string, OtlpSpan[]>>();
	for (const span of spans) {
		resourceOf(span, known);
		let scopes = byResource.get(span.resourceId);
		if (!scopes) byResource.set(span.resourceId, (scopes = new Map()));
		const scope = span.scope ?? '';
		let list = scopes.get(scope);
		if (!list) scopes.set(scope, (list = []));
		list.push(toOtlpSpan(span));
	}
	const resourceSpans: ResourceSpans[] = [...byResource].map(([id, scopes]) => ({
		resource: { attributes: resourceAttributes(known.get(id)!) },
		scopeSpans: [...scopes].map(([name, list]) => ({ ...(name ? { scope: { name } } : {}), spans: list }))
	}));
	return { resourceSpans };
}

export function toOtlpLogs(logs: readonly LogRecord[], resources: Iterable<ResourceRecord> = []): ExportLogsServiceRequest {
	const known = new Map([...resources].map((r) => [r.id, r]));
	const byResource = new Map<string, LogRecord[]>();
	for (const log of logs) {
		resourceOf(log, known);
		const list = byResource.get(log.resourceId);
		if (list) list.push(log);
		else byResource.set(log.resourceId, [log]);
	}
	const resourceLogs: ResourceLogs[] = [...byResource].map(([id, list]) => ({
		resource: { attributes: resourceAttributes(known.get(id)!) },
		scopeLogs: [
			{
				logRecords: list.map((l) => ({
					timeUnixNano: microsToNanos(l.timeUs),
					severityNumber: l.severity,
					...(l.severityText ? { severityText: l.severityText } : {}),
					body: { stringValue: l.body },
					attributes: keyValues(l.attrs),
					...(l.traceId ? { traceId: l.traceId, spanId: l.spanId } : {}),
					...(l.eventName ? { eventName: l.eventName } : {})
				}))
			}
		]
	}));
	return { resourceLogs };
}

/** The file's text: the traces line, then the logs line when there are logs. */
export function writeOtlpFile(content: { spans: readonly SpanRecord[]; logs?: readonly LogRecord[]; resources?: readonly ResourceRecord[] }): string {
	const lines = [JSON.stringify(toOtlpTraces(content.spans, content.resources))];
	if (content.logs && content.logs.length > 0) lines.push(JSON.stringify(toOtlpLogs(content.logs, content.resources)));
	return lines.join('\n') + '\n';
}

/** The file's JSON documents: the whole text when it parses as one (pretty-printed or not), else one per non-empty line. */
function documents(text: string): { line: number; root?: unknown; error?: string }[] {
	const trimmed = text.trim();
	if (trimmed === '') return [];
	try {
		return [{ line: 1, root: JSON.parse(trimmed) }];
	} catch {
		// JSON Lines: each line on its own
	}
	const out: { line: number; root?: unknown; error?: string }[] = [];
	text.split('\n').forEach((raw, i) => {
		const line = raw.trim();
		if (line === '') return;
		try {
			out.push({ line: i + 1, root: JSON.parse(line) });
		} catch (error) {
			out.push({ line: i + 1, error: `not JSON: ${(error as Error).message}` });
		}
	});
	return out;
}

export function readOtlpFile(text: string, options: { nowMs: number; maxSpans?: number; maxLogs?: number }): ReadOtlpResult {
	const maxSpans = options.maxSpans ?? 500_000;
	const maxLogs = options.maxLogs ?? 200_000;
	const out: ReadOtlpResult = { resources: [], spans: [], logs: [], errors: [], rejected: { spans: 0, logs: 0 }, dropped: { spans: 0, logs: 0 } };
	const resources = new Map<string, ResourceRecord>();
	for (const doc of documents(text)) {
		if (doc.error !== undefined) {
			out.errors.push({ line: doc.line, reason: doc.error });
			continue;
		}
		const root = doc.root;
		const isObject = root !== null && typeof root === 'object' && !Array.isArray(root);
		const hasSpans = isObject && 'resourceSpans' in root;
		const hasLogs = isObject && 'resourceLogs' in root;
		if (!hasSpans && !hasLogs) {
			out.errors.push({ line: doc.line, reason: 'neither resourceSpans nor resourceLogs: not an OTLP/JSON trace or log export' });
			continue;
		}
		try {
			if (hasSpans) {
				const result = normaliseTraces(validateOtlpJson('traces', root) as ExportTraceServiceRequest, { nowMs: options.nowMs });
				out.rejected.spans += result.rejected.spans;
				for (const r of result.resources) resources.set(r.id, r);
				const room = Math.max(0, maxSpans - out.spans.length);
				for (let i = 0; i < Math.min(room, result.spans.length); i++) out.spans.push(result.spans[i]);
				out.dropped.spans += Math.max(0, result.spans.length - room);
			}
			if (hasLogs) {
				const result = normaliseLogs(validateOtlpJson('logs', root) as ExportLogsServiceRequest, { nowMs: options.nowMs });
				out.rejected.logs += result.rejected.logRecords;
				for (const r of result.resources) resources.set(r.id, r);
				const room = Math.max(0, maxLogs - out.logs.length);
				for (let i = 0; i < Math.min(room, result.logs.length); i++) out.logs.push(result.logs[i]);
				out.dropped.logs += Math.max(0, result.logs.length - room);
			}
		} catch (error) {
			out.errors.push({ line: doc.line, reason: (error as Error).message });
		}
	}
	out.resources = [...resources.values()];
	return out;
}
