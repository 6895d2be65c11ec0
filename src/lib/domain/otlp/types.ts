/**
 * The OTLP request model in its JSON mapping (opentelemetry-proto, OTLP/JSON encoding):
 * lowerCamelCase field names, trace and span ids as hex strings, enums as integers.
 *
 * This is the shape JSON.parse gives for an OTLP/JSON body, the shape the protobuf decoder
 * produces, and the shape the demo bank emits; one normaliser reads it.
 * 64-bit integers (`...UnixNano`, counts) may be decimal strings (as the JSON mapping
 * writes them) or numbers (as the protobuf decoder returns them: float64, so nanosecond
 * times keep ~256 ns precision, finer than the microseconds Meridian keeps).
 */

export type Int64 = string | number;

export interface AnyValue {
	stringValue?: string;
	boolValue?: boolean;
	intValue?: Int64;
	doubleValue?: number;
	arrayValue?: { values?: AnyValue[] };
	kvlistValue?: { values?: KeyValue[] };
	/** base64 in JSON. */
	bytesValue?: string;
}

export interface KeyValue {
	key: string;
	value?: AnyValue;
}

export interface Resource {
	attributes?: KeyValue[];
	droppedAttributesCount?: number;
}

export interface InstrumentationScope {
	name?: string;
	version?: string;
	attributes?: KeyValue[];
}

export interface OtlpStatus {
	code?: number;
	message?: string;
}

export interface OtlpSpanEvent {
	timeUnixNano?: Int64;
	name?: string;
	attributes?: KeyValue[];
}

export interface OtlpSpanLink {
	traceId?: string;
	spanId?: string;
	traceState?: string;
	attributes?: KeyValue[];
	flags?: number;
}

export interface OtlpSpan {
	traceId?: string;
	spanId?: string;
	traceState?: string;
	parentSpanId?: string;
	flags?: number;
	name?: string;
	kind?: number;
	startTimeUnixNano?: Int64;
	endTimeUnixNano?: Int64;
	attributes?: KeyValue[];
	droppedAttributesCount?: number;
	events?: OtlpSpanEvent[];
	links?: OtlpSpanLink[];
	status?: OtlpStatus;
}

export interface ScopeSpans {
	scope?: InstrumentationScope;
	spans?: OtlpSpan[];
	schemaUrl?: string;
}

export interface ResourceSpans {
	resource?: Resource;
	scopeSpans?: ScopeSpans[];
	schemaUrl?: string;
}

export interface ExportTraceServiceRequest {
	resourceSpans?: ResourceSpans[];
}

export interface NumberDataPoint {
	attributes?: KeyValue[];
	startTimeUnixNano?: Int64;
	timeUnixNano?: Int64;
	asDouble?: number;
	asInt?: Int64;
	flags?: number;
}

export interface HistogramDataPoint {
	attributes?: KeyValue[];
	startTimeUnixNano?: Int64;
	timeUnixNano?: Int64;
	count?: Int64;
	sum?: number;
	bucketCounts?: Int64[];
	explicitBounds?: number[];
	min?: number;
	max?: number;
	flags?: number;
}

export interface ExponentialHistogramDataPoint {
	attributes?: KeyValue[];
	startTimeUnixNano?: Int64;
	timeUnixNano?: Int64;
	count?: Int64;
	sum?: number;
	scale?: number;
	zeroCount?: Int64;
	positive?: { offset?: number; bucketCounts?: Int64[] };
	negative?: { offset?: number; bucketCounts?: Int64[] };
	min?: number;
	max?: number;
	zeroThreshold?: number;
	flags?: number;
}

export interface SummaryDataPoint {
	attributes?: KeyValue[];
	startTimeUnixNano?: Int64;
	timeUnixNano?: Int64;
	count?: Int64;
	sum?: number;
	quantileValues?: { quantile?: number; value?: number }[];
	flags?: number;
}

/** AggregationTemporality: 1 delta, 2 cumulative. */
export interface OtlpMetric {
	name?: string;
	description?: string;
	unit?: string;
	gauge?: { dataPoints?: NumberDataPoint[] };
	sum?: { dataPoints?: NumberDataPoint[]; aggregationTemporality?: number; isMonotonic?: boolean };
	histogram?: { dataPoints?: HistogramDataPoint[]; aggregationTemporality?: number };
	exponentialHistogram?: {
		dataPoints?: ExponentialHistogramDataPoint[];
		aggregationTemporality?: number;
	};
	summary?: { dataPoints?: SummaryDataPoint[] };
	metadata?: KeyValue[];
}

export interface ScopeMetrics {
	scope?: InstrumentationScope;
	metrics?: OtlpMetric[];
	schemaUrl?: string;
}

export interface ResourceMetrics {
	resource?: Resource;
	scopeMetrics?: ScopeMetrics[];
	schemaUrl?: string;
}

export interface ExportMetricsServiceRequest {
	resourceMetrics?: ResourceMetrics[];
}

export interface OtlpLogRecord {
	timeUnixNano?: Int64;
	observedTimeUnixNano?: Int64;
	severityNumber?: number;
	severityText?: string;
	body?: AnyValue;
	attributes?: KeyValue[];
	droppedAttributesCount?: number;
	flags?: number;
	traceId?: string;
	spanId?: string;
	eventName?: string;
}

export interface ScopeLogs {
	scope?: InstrumentationScope;
	logRecords?: OtlpLogRecord[];
	schemaUrl?: string;
}

export interface ResourceLogs {
	resource?: Resource;
	scopeLogs?: ScopeLogs[];
	schemaUrl?: string;
}

export interface ExportLogsServiceRequest {
	resourceLogs?: ResourceLogs[];
}

/** Export*ServiceResponse, JSON mapping. `partialSuccess` only when something was rejected. */
export interface ExportResponse {
	partialSuccess?: {
		rejectedSpans?: Int64;
		rejectedDataPoints?: Int64;
		rejectedLogRecords?: Int64;
		errorMessage?: string;
	};
}

export type OtlpSignal = 'traces' | 'metrics' | 'logs';
