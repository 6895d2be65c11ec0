/** metrics.proto and metrics_service.proto (opentelemetry-proto v1): decoding ExportMetricsServiceRequest. */
import { readKeyValue, readResource, readScope } from './proto-common';
import { readExponentialPoint, readHistogramPoint, readNumberPoint, readSummaryPoint } from './proto-metric-points';
import { ProtoReader } from './protobuf-reader';
import type { ExportMetricsServiceRequest, OtlpMetric, ResourceMetrics, ScopeMetrics } from './types';

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
