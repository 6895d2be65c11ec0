/** metrics.proto and metrics_service.proto (opentelemetry-proto v1): ExportMetricsServiceRequest. */
import { readKeyValue, readResource, readScope, writeAttributes, writeResource, writeScope, writeString } from './proto-common';
import { ProtoReader, Wire } from './protobuf-reader';
import { ProtoWriter } from './protobuf-writer';
import type {
	ExponentialHistogramDataPoint,
	ExportMetricsServiceRequest,
	HistogramDataPoint,
	Int64,
	NumberDataPoint,
	OtlpMetric,
	ResourceMetrics,
	ScopeMetrics,
	SummaryDataPoint
} from './types';

export function decodeMetricsRequest(bytes: Uint8Array): ExportMetricsServiceRequest {
	const r = new ProtoReader(bytes);
	const resourceMetrics: ResourceMetrics[] = [];
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag === 10) resourceMetrics.push(readResourceMetrics(r));
		else r.skip(tag & 7);
	}
	return { resourceMetrics };
}

function readResourceMetrics(r: ProtoReader): ResourceMetrics {
	const outer = r.end;
	r.end = r.lengthEnd();
	const out: ResourceMetrics = { scopeMetrics: [] };
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag === 10) out.resource = readResource(r);
		else if (tag === 18) out.scopeMetrics!.push(readScopeMetrics(r));
		else if (tag === 26) out.schemaUrl = r.string();
		else r.skip(tag & 7);
	}
	r.end = outer;
	return out;
}

function readScopeMetrics(r: ProtoReader): ScopeMetrics {
	const outer = r.end;
	r.end = r.lengthEnd();
	const out: ScopeMetrics = { metrics: [] };
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag === 10) out.scope = readScope(r);
		else if (tag === 18) out.metrics!.push(readMetric(r));
		else if (tag === 26) out.schemaUrl = r.string();
		else r.skip(tag & 7);
	}
	r.end = outer;
	return out;
}

function readMetric(r: ProtoReader): OtlpMetric {
	const outer = r.end;
	r.end = r.lengthEnd();
	const metric: OtlpMetric = { name: '' };
	while (r.pos < r.end) {
		const tag = r.tag();
		switch (tag) {
			case 10:
				metric.name = r.string();
				break;
			case 18:
				metric.description = r.string();
				break;
			case 26:
				metric.unit = r.string();
				break;
			case 42: // 5 gauge
				metric.gauge = { dataPoints: readPoints(r, readNumberPoint).points };
				break;
			case 58: {
				// 7 sum
				const { points, temporality, monotonic } = readPoints(r, readNumberPoint);
				metric.sum = { dataPoints: points, aggregationTemporality: temporality, isMonotonic: monotonic };
				break;
			}
			case 74: {
				// 9 histogram
				const { points, temporality } = readPoints(r, readHistogramPoint);
				metric.histogram = { dataPoints: points, aggregationTemporality: temporality };
				break;
			}
			case 82: {
				// 10 exponential_histogram
				const { points, temporality } = readPoints(r, readExponentialPoint);
				metric.exponentialHistogram = { dataPoints: points, aggregationTemporality: temporality };
				break;
			}
			case 90: // 11 summary
				metric.summary = { dataPoints: readPoints(r, readSummaryPoint).points };
				break;
			case 98: // 12 metadata
				(metric.metadata ??= []).push(readKeyValue(r));
				break;
			default:
				r.skip(tag & 7);
		}
	}
	r.end = outer;
	return metric;
}

/** Gauge, Sum, Histogram, ExponentialHistogram and Summary share: 1 data_points, 2 temporality, 3 is_monotonic. */
function readPoints<P>(r: ProtoReader, readPoint: (r: ProtoReader) => P) {
	const outer = r.end;
	r.end = r.lengthEnd();
	const points: P[] = [];
	let temporality = 0;
	let monotonic = false;
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag === 10) points.push(readPoint(r));
		else if (tag === 16) temporality = r.int32();
		else if (tag === 24) monotonic = r.bool();
		else r.skip(tag & 7);
	}
	r.end = outer;
	return { points, temporality, monotonic };
}

function readNumberPoint(r: ProtoReader): NumberDataPoint {
	const outer = r.end;
	r.end = r.lengthEnd();
	const p: NumberDataPoint = { attributes: [], startTimeUnixNano: 0, timeUnixNano: 0 };
	while (r.pos < r.end) {
		const tag = r.tag();
		switch (tag) {
			case 17:
				p.startTimeUnixNano = r.fixed64();
				break;
			case 25:
				p.timeUnixNano = r.fixed64();
				break;
			case 33:
				p.asDouble = r.double();
				break;
			case 49: // 6 as_int (sfixed64)
				p.asInt = r.sfixed64();
				break;
			case 58:
				p.attributes!.push(readKeyValue(r));
				break;
			case 64:
				p.flags = r.uint32();
				break;
			default:
				r.skip(tag & 7);
		}
	}
	r.end = outer;
	return p;
}

/** count fields are fixed64 since proto 0.9; older senders used uint64 varints. */
function readCount(r: ProtoReader, tag: number): number {
	return (tag & 7) === Wire.Fixed64 ? r.fixed64() : r.uint64();
}

function readHistogramPoint(r: ProtoReader): HistogramDataPoint {
	const outer = r.end;
	r.end = r.lengthEnd();
	const p: HistogramDataPoint = { attributes: [], startTimeUnixNano: 0, timeUnixNano: 0, count: 0 };
	const bucketCounts: number[] = [];
	const bounds: number[] = [];
	while (r.pos < r.end) {
		const tag = r.tag();
		switch (tag) {
			case 17:
				p.startTimeUnixNano = r.fixed64();
				break;
			case 25:
				p.timeUnixNano = r.fixed64();
				break;
			case 32:
			case 33:
				p.count = readCount(r, tag);
				break;
			case 41:
				p.sum = r.double();
				break;
			case 49:
			case 50:
				r.repeated(tag & 7, Wire.Fixed64, 'bucket_counts', () => bucketCounts.push(r.fixed64()));
				break;
			case 57:
			case 58:
				r.repeated(tag & 7, Wire.Fixed64, 'explicit_bounds', () => bounds.push(r.double()));
				break;
			case 74:
				p.attributes!.push(readKeyValue(r));
				break;
			case 80:
				p.flags = r.uint32();
				break;
			case 89:
				p.min = r.double();
				break;
			case 97:
				p.max = r.double();
				break;
			default:
				r.skip(tag & 7);
		}
	}
	r.end = outer;
	p.bucketCounts = bucketCounts;
	p.explicitBounds = bounds;
	return p;
}

function readBuckets(r: ProtoReader): { offset: number; bucketCounts: number[] } {
	const outer = r.end;
	r.end = r.lengthEnd();
	let offset = 0;
	const bucketCounts: number[] = [];
	while (r.pos < r.end) {
		const tag = r.tag();
		if (tag === 8) offset = r.sint32();
		else if (tag === 16 || tag === 18) {
			r.repeated(tag & 7, Wire.Varint, 'bucket_counts', () => bucketCounts.push(r.uint64()));
		} else r.skip(tag & 7);
	}
	r.end = outer;
	return { offset, bucketCounts };
}

function readExponentialPoint(r: ProtoReader): ExponentialHistogramDataPoint {
	const outer = r.end;
	r.end = r.lengthEnd();
	const p: ExponentialHistogramDataPoint = {
		attributes: [],
		startTimeUnixNano: 0,
		timeUnixNano: 0,
		count: 0,
		scale: 0,
		zeroCount: 0
	};
	while (r.pos < r.end) {
		const tag = r.tag();
		switch (tag) {
			case 10:
				p.attributes!.push(readKeyValue(r));
				break;
			case 17:
				p.startTimeUnixNano = r.fixed64();
				break;
			case 25:
				p.timeUnixNano = r.fixed64();
				break;
			case 32:
			case 33:
				p.count = readCount(r, tag);
				break;
			case 41:
				p.sum = r.double();
				break;
			case 48:
				p.scale = r.sint32();
				break;
			case 56:
			case 57:
				p.zeroCount = readCount(r, tag);
				break;
			case 66:
				p.positive = readBuckets(r);
				break;
			case 74:
				p.negative = readBuckets(r);
				break;
			case 80:
				p.flags = r.uint32();
				break;
			case 97:
				p.min = r.double();
				break;
			case 105:
				p.max = r.double();
				break;
			case 113:
				p.zeroThreshold = r.double();
				break;
			default:
				r.skip(tag & 7);
		}
	}
	r.end = outer;
	return p;
}

function readSummaryPoint(r: ProtoReader): SummaryDataPoint {
	const outer = r.end;
	r.end = r.lengthEnd();
	const p: SummaryDataPoint = { attributes: [], startTimeUnixNano: 0, timeUnixNano: 0, count: 0, sum: 0 };
	const quantiles: { quantile: number; value: number }[] = [];
	while (r.pos < r.end) {
		const tag = r.tag();
		switch (tag) {
			case 17:
				p.startTimeUnixNano = r.fixed64();
				break;
			case 25:
				p.timeUnixNano = r.fixed64();
				break;
			case 32:
			case 33:
				p.count = readCount(r, tag);
				break;
			case 41:
				p.sum = r.double();
				break;
			case 50: {
				const qOuter = r.end;
				r.end = r.lengthEnd();
				const q = { quantile: 0, value: 0 };
				while (r.pos < r.end) {
					const t = r.tag();
					if (t === 9) q.quantile = r.double();
					else if (t === 17) q.value = r.double();
					else r.skip(t & 7);
				}
				r.end = qOuter;
				quantiles.push(q);
				break;
			}
			case 58:
				p.attributes!.push(readKeyValue(r));
				break;
			case 64:
				p.flags = r.uint32();
				break;
			default:
				r.skip(tag & 7);
		}
	}
	r.end = outer;
	p.quantileValues = quantiles;
	return p;
}

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
