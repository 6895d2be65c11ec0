/**
 * Flat views of a DemoOutput for tests and evaluations: every span, point and log with its
 * resource's attributes resolved (attribute values as plain JS values).
 */
import type { AnyValue, KeyValue, OtlpSpan } from '../domain/otlp/types';
import type { DemoOutput } from './output';

export type FlatAttrs = Record<string, string | number | boolean | unknown[] | Record<string, unknown>>;

export function plainValue(v: AnyValue | undefined): FlatAttrs[string] {
	if (!v) return '';
	if (v.stringValue !== undefined) return v.stringValue;
	if (v.boolValue !== undefined) return v.boolValue;
	if (v.intValue !== undefined) return Number(v.intValue);
	if (v.doubleValue !== undefined) return v.doubleValue;
	if (v.arrayValue) return (v.arrayValue.values ?? []).map(plainValue);
	if (v.kvlistValue) return plainAttrs(v.kvlistValue.values);
	return '';
}

export function plainAttrs(kvs: readonly KeyValue[] | undefined): Record<string, FlatAttrs[string]> {
	const out: Record<string, FlatAttrs[string]> = {};
	for (const kv of kvs ?? []) out[kv.key] = plainValue(kv.value);
	return out;
}

export interface FlatSpan {
	resource: FlatAttrs;
	scope: string;
	service: string;
	instance: string;
	traceId: string;
	spanId: string;
	parentSpanId: string;
	name: string;
	kind: number;
	startMs: number;
	endMs: number;
	durationMs: number;
	attrs: FlatAttrs;
	status: number;
	events: { timeMs: number; name: string; attrs: FlatAttrs }[];
}

export interface FlatPoint {
	resource: FlatAttrs;
	service: string;
	instance: string;
	name: string;
	unit: string;
	type: 'gauge' | 'sum' | 'histogram';
	timeMs: number;
	startMs?: number;
	attrs: FlatAttrs;
	value?: number;
	count?: number;
	sum?: number;
	bucketCounts?: number[];
	bounds?: number[];
	temporality?: number;
	monotonic?: boolean;
}

export interface FlatLog {
	resource: FlatAttrs;
	service: string;
	timeMs: number;
	severity: number;
	body: FlatAttrs[string];
	attrs: FlatAttrs;
	traceId: string;
	spanId: string;
	eventName?: string;
}

const ms = (ns: unknown) => Number(ns) / 1e6;

function spanOf(resource: FlatAttrs, scope: string, s: OtlpSpan): FlatSpan {
	const startMs = ms(s.startTimeUnixNano);
	const endMs = ms(s.endTimeUnixNano);
	return {
		resource,
		scope,
		service: String(resource['service.name']),
		instance: String(resource['service.instance.id'] ?? ''),
		traceId: s.traceId ?? '',
		spanId: s.spanId ?? '',
		parentSpanId: s.parentSpanId ?? '',
		name: s.name ?? '',
		kind: s.kind ?? 0,
		startMs,
		endMs,
		durationMs: endMs - startMs,
		attrs: plainAttrs(s.attributes),
		status: s.status?.code ?? 0,
		events: (s.events ?? []).map((e) => ({ timeMs: ms(e.timeUnixNano), name: e.name ?? '', attrs: plainAttrs(e.attributes) }))
	};
}

export function flatSpans(out: DemoOutput): FlatSpan[] {
	const spans: FlatSpan[] = [];
	for (const req of out.traces) {
		for (const rs of req.resourceSpans ?? []) {
			const resource = plainAttrs(rs.resource?.attributes);
			for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) spans.push(spanOf(resource, ss.scope?.name ?? '', s));
		}
	}
	return spans;
}

export function flatPoints(out: DemoOutput): FlatPoint[] {
	const points: FlatPoint[] = [];
	for (const req of out.metrics) {
		for (const rm of req.resourceMetrics ?? []) {
			const resource = plainAttrs(rm.resource?.attributes);
			const base = { resource, service: String(resource['service.name']), instance: String(resource['service.instance.id'] ?? '') };
			for (const sm of rm.scopeMetrics ?? []) {
				for (const m of sm.metrics ?? []) {
					const head = { ...base, name: m.name ?? '', unit: m.unit ?? '' };
					for (const p of m.gauge?.dataPoints ?? []) {
						points.push({ ...head, type: 'gauge', timeMs: ms(p.timeUnixNano), attrs: plainAttrs(p.attributes), value: p.asDouble ?? Number(p.asInt) });
					}
					for (const p of m.sum?.dataPoints ?? []) {
						points.push({ ...head, type: 'sum', timeMs: ms(p.timeUnixNano), startMs: ms(p.startTimeUnixNano), attrs: plainAttrs(p.attributes), value: p.asDouble ?? Number(p.asInt), temporality: m.sum?.aggregationTemporality, monotonic: m.sum?.isMonotonic });
					}
					for (const p of m.histogram?.dataPoints ?? []) {
						points.push({ ...head, type: 'histogram', timeMs: ms(p.timeUnixNano), startMs: ms(p.startTimeUnixNano), attrs: plainAttrs(p.attributes), count: Number(p.count), sum: p.sum, bucketCounts: (p.bucketCounts ?? []).map(Number), bounds: p.explicitBounds, temporality: m.histogram?.aggregationTemporality });
					}
				}
			}
		}
	}
	return points;
}

export function flatLogs(out: DemoOutput): FlatLog[] {
	const logs: FlatLog[] = [];
	for (const req of out.logs) {
		for (const rl of req.resourceLogs ?? []) {
			const resource = plainAttrs(rl.resource?.attributes);
			for (const sl of rl.scopeLogs ?? []) {
				for (const l of sl.logRecords ?? []) {
					logs.push({
						resource,
						service: String(resource['service.name']),
						timeMs: ms(l.timeUnixNano),
						severity: l.severityNumber ?? 0,
						body: plainValue(l.body),
						attrs: plainAttrs(l.attributes),
						traceId: l.traceId ?? '',
						spanId: l.spanId ?? '',
						eventName: l.eventName
					});
				}
			}
		}
	}
	return logs;
}

/** Runs `bank.advance` in steps of `stepMs` from `fromMs` to `toMs`, concatenating flat views. */
export function collect(
	bank: { advance(untilMs: number): DemoOutput },
	fromMs: number,
	toMs: number,
	stepMs: number
): { spans: FlatSpan[]; points: FlatPoint[]; logs: FlatLog[] } {
	const spans: FlatSpan[] = [];
	const points: FlatPoint[] = [];
	const logs: FlatLog[] = [];
	for (let t = fromMs + stepMs; t <= toMs; t += stepMs) {
		const out = bank.advance(t);
		for (const s of flatSpans(out)) spans.push(s);
		for (const p of flatPoints(out)) points.push(p);
		for (const l of flatLogs(out)) logs.push(l);
	}
	return { spans, points, logs };
}
