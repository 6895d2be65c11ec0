/**
 * Compact telemetry records: what the relay produces from OTLP and what the browser stores.
 *
 * Units are in the names: `...Us` is Unix time or a duration in microseconds (a Unix time in
 * microseconds fits a float64 exactly until the year 2255), `...Ms` in milliseconds.
 * Attribute values are flattened from OTLP AnyValue: scalars stay scalars, homogeneous
 * arrays stay arrays, key-value lists and mixed arrays become JSON strings, bytes become
 * base64 strings.
 */

export type AttrValue = string | number | boolean | string[] | number[] | boolean[];
export type Attrs = Record<string, AttrValue>;

/** OTLP SpanKind numbering. */
export const SpanKind = {
	Unspecified: 0,
	Internal: 1,
	Server: 2,
	Client: 3,
	Producer: 4,
	Consumer: 5
} as const;
export type SpanKindCode = (typeof SpanKind)[keyof typeof SpanKind];

/** OTLP Status.code numbering. */
export const StatusCode = { Unset: 0, Ok: 1, Error: 2 } as const;
export type StatusCodeValue = (typeof StatusCode)[keyof typeof StatusCode];

/**
 * One emitting entity (a process, pod or function instance). Spans, points and logs refer
 * to it by `id`, so its attributes travel and are stored once, not per span.
 */
export interface ResourceRecord {
	/** Stable 16-hex-digit hash of the kept resource attributes (sorted keys). */
	id: string;
	/** `service.name`; `unknown_service` when absent, as the OTel specification says. */
	service: string;
	/** `service.namespace`, when present. */
	namespace?: string;
	/** `service.instance.id`, else `k8s.pod.name`, else `host.name`, else `id`. */
	instance: string;
	/** Kept resource attributes (semantic-convention prefixes and business keys). */
	attrs: Attrs;
}

export interface SpanEvent {
	timeUs: number;
	name: string;
	attrs?: Attrs;
}

export interface SpanLink {
	traceId: string;
	spanId: string;
	attrs?: Attrs;
}

export interface SpanRecord {
	/** 32 lowercase hex digits. */
	traceId: string;
	/** 16 lowercase hex digits. */
	spanId: string;
	/** '' for a root span. */
	parentSpanId: string;
	resourceId: string;
	/** Denormalised from the resource so rollups need no join. */
	service: string;
	instance: string;
	name: string;
	kind: SpanKindCode;
	startUs: number;
	durationUs: number;
	status: StatusCodeValue;
	statusMessage?: string;
	/** Instrumentation scope name, when given. */
	scope?: string;
	attrs: Attrs;
	events?: SpanEvent[];
	links?: SpanLink[];
}

export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary';

/** One OTLP data point with its metric's identity flattened in. */
export interface MetricPoint {
	resourceId: string;
	service: string;
	instance: string;
	name: string;
	unit: string;
	type: MetricType;
	/** For sums and histograms. */
	temporality?: 'delta' | 'cumulative';
	/** For sums. */
	monotonic?: boolean;
	timeUs: number;
	/** Start of the accumulation period, when given (cumulative series restart detection). */
	startUs?: number;
	attrs: Attrs;
	/** Gauge or sum value. */
	value?: number;
	/** Histogram, exponential histogram and summary aggregates. */
	count?: number;
	sum?: number;
	min?: number;
	max?: number;
	/** Explicit-bucket histogram: `bounds.length + 1` bucket counts. */
	bounds?: number[];
	bucketCounts?: number[];
	/** Exponential histogram. */
	scale?: number;
	zeroCount?: number;
	positive?: { offset: number; bucketCounts: number[] };
	negative?: { offset: number; bucketCounts: number[] };
	/** Summary quantiles, q in [0, 1]. */
	quantiles?: { q: number; value: number }[];
}

export interface LogRecord {
	resourceId: string;
	service: string;
	instance: string;
	/** `timeUnixNano`, or `observedTimeUnixNano` when the former is 0. */
	timeUs: number;
	/** OTLP SeverityNumber 0-24. */
	severity: number;
	severityText?: string;
	/** Body flattened to text (structured bodies as JSON). */
	body: string;
	attrs: Attrs;
	/** '' when the record is not tied to a trace. */
	traceId: string;
	spanId: string;
	/** `event.name` (OTLP 1.5 eventName), for events such as Kubernetes events. */
	eventName?: string;
	scope?: string;
}

/**
 * The unit the relay sequences and streams: everything accepted from one OTLP request
 * (or one collector poll). `seq` increases by one per batch within a relay log epoch.
 */
export interface TelemetryBatch {
	seq: number;
	/** Relay wall clock when the batch was accepted. */
	receivedMs: number;
	/** Every resource referenced by the batch's records. */
	resources: ResourceRecord[];
	spans: SpanRecord[];
	metrics: MetricPoint[];
	logs: LogRecord[];
}
