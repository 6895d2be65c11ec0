/** metrics.proto and metrics_service.proto (opentelemetry-proto v1): encoding ExportMetricsServiceRequest. */
import { writeAttributes, writeResource, writeScope, writeString } from './proto-common';
import { Wire } from './protobuf-reader';
import { ProtoWriter } from './protobuf-writer';
import type {
	ExponentialHistogramDataPoint,
	ExportMetricsServiceRequest,
	HistogramDataPoint,
	Int64,
	NumberDataPoint,
	OtlpMetric,
	SummaryDataPoint
} from './types';

export function encodeMetricsRequest(request: ExportMetricsServiceRequest): Uint8Array<ArrayBuffer> {
	const w = new ProtoWriter(16 * 1024);
	for (const rm of request.resourceMetrics ?? []) {
		w.tag(1, Wire.Len);
		const rmMark = w.begin();
		writeResource(w, 1, rm.resource);
		for (const sm of rm.scopeMetrics ?? []) {
			w.tag(2, Wire.Len);
			const smMark = w.begin();
			writeScope(w, 1, sm.scope);
			for (const metric of sm.metrics ?? []) writeMetric(w, metric);
			writeString(w, 3, sm.schemaUrl);
			w.end(smMark);
		}
		writeString(w, 3, rm.schemaUrl);
		w.end(rmMark);
	}
	return w.finish();
}

function writeMetric(w: ProtoWriter, metric: OtlpMetric): void {
	w.tag(2, Wire.Len);
	const mark = w.begin();
	writeString(w, 1, metric.name);
	writeString(w, 2, metric.description);
	writeString(w, 3, metric.unit);
	if (metric.gauge) {
		writeContainer(w, 5, metric.gauge.dataPoints, writeNumberPoint);
	} else if (metric.sum) {
		writeContainer(w, 7, metric.sum.dataPoints, writeNumberPoint, metric.sum.aggregationTemporality, metric.sum.isMonotonic);
	} else if (metric.histogram) {
		writeContainer(w, 9, metric.histogram.dataPoints, writeHistogramPoint, metric.histogram.aggregationTemporality);
	} else if (metric.exponentialHistogram) {
		const eh = metric.exponentialHistogram;
		writeContainer(w, 10, eh.dataPoints, writeExponentialPoint, eh.aggregationTemporality);
	} else if (metric.summary) {
		writeContainer(w, 11, metric.summary.dataPoints, writeSummaryPoint);
	}
	writeAttributes(w, 12, metric.metadata);
	w.end(mark);
}

function writeContainer<P>(
	w: ProtoWriter,
	field: number,
	points: P[] | undefined,
	writePoint: (w: ProtoWriter, p: P) => void,
	temporality?: number,
	monotonic?: boolean
): void {
	w.tag(field, Wire.Len);
	const mark = w.begin();
	for (const p of points ?? []) {
		w.tag(1, Wire.Len);
		const m = w.begin();
		writePoint(w, p);
		w.end(m);
	}
	if (temporality) w.tag(2, Wire.Varint).int32(temporality);
	if (monotonic) w.tag(3, Wire.Varint).bool(true);
	w.end(mark);
}

function writeTimes(w: ProtoWriter, p: { startTimeUnixNano?: Int64; timeUnixNano?: Int64 }): void {
	if (p.startTimeUnixNano) w.tag(2, Wire.Fixed64).fixed64(p.startTimeUnixNano);
	w.tag(3, Wire.Fixed64).fixed64(p.timeUnixNano ?? 0);
}

function writeNumberPoint(w: ProtoWriter, p: NumberDataPoint): void {
	writeTimes(w, p);
	if (p.asInt !== undefined) w.tag(6, Wire.Fixed64).fixed64(p.asInt);
	else w.tag(4, Wire.Fixed64).double(p.asDouble ?? 0);
	writeAttributes(w, 7, p.attributes);
	if (p.flags) w.tag(8, Wire.Varint).uint32(p.flags);
}

function writeHistogramPoint(w: ProtoWriter, p: HistogramDataPoint): void {
	writeTimes(w, p);
	w.tag(4, Wire.Fixed64).fixed64(p.count ?? 0);
	if (p.sum !== undefined) w.tag(5, Wire.Fixed64).double(p.sum);
	w.packedFixed64(6, p.bucketCounts ?? []);
	w.packedDoubles(7, p.explicitBounds ?? []);
	writeAttributes(w, 9, p.attributes);
	if (p.flags) w.tag(10, Wire.Varint).uint32(p.flags);
	if (p.min !== undefined) w.tag(11, Wire.Fixed64).double(p.min);
	if (p.max !== undefined) w.tag(12, Wire.Fixed64).double(p.max);
}

function writeBuckets(w: ProtoWriter, field: number, b: { offset?: number; bucketCounts?: Int64[] } | undefined): void {
	if (!b) return;
	w.tag(field, Wire.Len);
	const mark = w.begin();
	if (b.offset) w.tag(1, Wire.Varint).sint32(b.offset);
	w.packedUint64(2, b.bucketCounts ?? []);
	w.end(mark);
}

function writeExponentialPoint(w: ProtoWriter, p: ExponentialHistogramDataPoint): void {
	writeAttributes(w, 1, p.attributes);
	writeTimes(w, p);
	w.tag(4, Wire.Fixed64).fixed64(p.count ?? 0);
	if (p.sum !== undefined) w.tag(5, Wire.Fixed64).double(p.sum);
	if (p.scale) w.tag(6, Wire.Varint).sint32(p.scale);
	w.tag(7, Wire.Fixed64).fixed64(p.zeroCount ?? 0);
	writeBuckets(w, 8, p.positive);
	writeBuckets(w, 9, p.negative);
	if (p.flags) w.tag(10, Wire.Varint).uint32(p.flags);
	if (p.min !== undefined) w.tag(12, Wire.Fixed64).double(p.min);
	if (p.max !== undefined) w.tag(13, Wire.Fixed64).double(p.max);
	if (p.zeroThreshold) w.tag(14, Wire.Fixed64).double(p.zeroThreshold);
}

function writeSummaryPoint(w: ProtoWriter, p: SummaryDataPoint): void {
	writeTimes(w, p);
	w.tag(4, Wire.Fixed64).fixed64(p.count ?? 0);
	w.tag(5, Wire.Fixed64).double(p.sum ?? 0);
	for (const q of p.quantileValues ?? []) {
		w.tag(6, Wire.Len);
		const m = w.begin();
		w.tag(1, Wire.Fixed64).double(q.quantile ?? 0);
		w.tag(2, Wire.Fixed64).double(q.value ?? 0);
		w.end(m);
	}
	writeAttributes(w, 7, p.attributes);
	if (p.flags) w.tag(8, Wire.Varint).uint32(p.flags);
}
