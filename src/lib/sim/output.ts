/**
 * Collects what finished during one advance() and shapes it as OTLP requests: one trace
 * request and one log request per resource (as an SDK's batch exporter sends them), one
 * metrics request per resource and export tick.
 */
import type {
	ExportLogsServiceRequest,
	ExportMetricsServiceRequest,
	ExportTraceServiceRequest,
	OtlpLogRecord,
	OtlpSpan,
	Resource,
	ScopeMetrics
} from '../domain/otlp/types';
import { unixNano } from './clock';
import { toKeyValues } from './otlp';
import type { SimLog, SimSpan } from './trace';

export interface DemoOutput {
	/** One request per resource (service instance). */
	traces: ExportTraceServiceRequest[];
	/** One request per resource and metric export. */
	metrics: ExportMetricsServiceRequest[];
	/** One request per resource (instances, databases, event collectors). */
	logs: ExportLogsServiceRequest[];
}

interface Group<T> {
	resource: Resource;
	scopes: Map<string, T[]>;
}

function toOtlpSpan(s: SimSpan): OtlpSpan {
	const span: OtlpSpan = {
		traceId: s.traceId,
		spanId: s.spanId,
		name: s.name,
		kind: s.kind,
		startTimeUnixNano: unixNano(s.startMs),
		endTimeUnixNano: unixNano(s.endMs),
		attributes: toKeyValues(s.attrs)
	};
	if (s.parentSpanId) span.parentSpanId = s.parentSpanId;
	if (s.events.length > 0) {
		span.events = s.events.map((e) => ({ timeUnixNano: unixNano(e.timeMs), name: e.name, attributes: toKeyValues(e.attrs) }));
	}
	span.status = s.statusMessage ? { code: s.status, message: s.statusMessage } : { code: s.status };
	return span;
}

function toOtlpLog(l: SimLog): OtlpLogRecord {
	return {
		timeUnixNano: unixNano(l.timeMs),
		observedTimeUnixNano: unixNano(l.timeMs),
		severityNumber: l.severity,
		severityText: l.severityText,
		body: { stringValue: l.body },
		attributes: toKeyValues(l.attrs),
		traceId: l.traceId || undefined,
		spanId: l.spanId || undefined
	};
}

export class OutputBuffer {
	private readonly spans = new Map<string, Group<OtlpSpan>>();
	private readonly logs = new Map<string, Group<OtlpLogRecord>>();
	private readonly metrics: ExportMetricsServiceRequest[] = [];
	spanCount = 0;
	logCount = 0;

	private add<T>(groups: Map<string, Group<T>>, key: string, resource: Resource, scope: string, item: T): void {
		let g = groups.get(key);
		if (!g) {
			g = { resource, scopes: new Map() };
			groups.set(key, g);
		}
		let list = g.scopes.get(scope);
		if (!list) {
			list = [];
			g.scopes.set(scope, list);
		}
		list.push(item);
	}

	addSpan(s: SimSpan): void {
		this.add(this.spans, s.resourceKey, s.resource, s.scope, toOtlpSpan(s));
		this.spanCount++;
	}

	addSimLog(l: SimLog): void {
		this.add(this.logs, l.resourceKey, l.resource, l.scope, toOtlpLog(l));
		this.logCount++;
	}

	addLog(key: string, resource: Resource, scope: string, record: OtlpLogRecord): void {
		this.add(this.logs, key, resource, scope, record);
		this.logCount++;
	}

	addMetrics(resource: Resource, scopeMetrics: ScopeMetrics[]): void {
		this.metrics.push({ resourceMetrics: [{ resource, scopeMetrics }] });
	}

	build(): DemoOutput {
		return {
			traces: [...this.spans.values()].map((g) => ({
				resourceSpans: [{ resource: g.resource, scopeSpans: [...g.scopes].map(([name, spans]) => ({ scope: { name }, spans })) }]
			})),
			metrics: this.metrics,
			logs: [...this.logs.values()].map((g) => ({
				resourceLogs: [{ resource: g.resource, scopeLogs: [...g.scopes].map(([name, logRecords]) => ({ scope: { name }, logRecords })) }]
			}))
		};
	}
}

