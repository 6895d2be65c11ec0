import type { MetricPoint, MetricType, ResourceRecord } from '../../protocol/records';
import { flattenAttributes } from './attributes';
import { Collector, type NormaliseOptions, type NormaliseResult } from './normalise-common';
import { int64ToNumber, nanosToMicros } from './time';
import type {
	ExponentialHistogramDataPoint,
	ExportMetricsServiceRequest,
	HistogramDataPoint,
	Int64,
	NumberDataPoint,
	OtlpMetric,
	SummaryDataPoint
} from './types';

/** DataPointFlags.FLAG_NO_RECORDED_VALUE: a staleness marker that carries no value; skipped. */
const noRecordedValue = 1;

/**
 * OTLP metrics → one MetricPoint per data point. A point is rejected (counted with its
 * reason) when its metric has no name, it has no time, its value is missing or not finite,
 * its histogram buckets do not match its bounds (or exceed `maxBuckets`), or its summary
 * quantiles are outside [0, 1]. Non-finite sum/min/max are omitted (JSON cannot carry them).
 */
export function normaliseMetrics(request: ExportMetricsServiceRequest, options: NormaliseOptions): NormaliseResult {
	const c = new Collector(options);
	for (const rm of request.resourceMetrics ?? []) {
		let resource: ResourceRecord | undefined;
		for (const sm of rm.scopeMetrics ?? []) {
			for (const metric of sm.metrics ?? []) {
				const points = pointsOf(metric);
				if (!points || points.list.length === 0) continue;
				if (!metric.name) {
					c.reject('metricPoints', 'metric without a name', points.list.length);
					continue;
				}
				resource ??= c.resource(rm.resource);
				for (const p of points.list) {
					const point = toPoint(metric, points.type, p, resource, c);
					if (point) c.result.metrics.push(point);
				}
			}
		}
	}
	return c.finish();
}

type AnyPoint = NumberDataPoint | HistogramDataPoint | ExponentialHistogramDataPoint | SummaryDataPoint;

function pointsOf(m: OtlpMetric): { type: MetricType; list: AnyPoint[] } | undefined {
	if (m.gauge) return { type: 'gauge', list: m.gauge.dataPoints ?? [] };
	if (m.sum) return { type: 'sum', list: m.sum.dataPoints ?? [] };
	if (m.histogram) return { type: 'histogram', list: m.histogram.dataPoints ?? [] };
	if (m.exponentialHistogram) return { type: 'exponentialHistogram', list: m.exponentialHistogram.dataPoints ?? [] };
	if (m.summary) return { type: 'summary', list: m.summary.dataPoints ?? [] };
	return undefined;
}

function temporalityOf(code: number | undefined): 'delta' | 'cumulative' | undefined {
	return code === 1 ? 'delta' : code === 2 ? 'cumulative' : undefined;
}

function toPoint(
	metric: OtlpMetric,
	type: MetricType,
	p: AnyPoint,
	resource: ResourceRecord,
	c: Collector
): MetricPoint | undefined {
	if (p.flags !== undefined && p.flags & noRecordedValue) return undefined;
	const timeUs = nanosToMicros(p.timeUnixNano);
	if (timeUs === 0) return void c.reject('metricPoints', 'data point without timeUnixNano');
	const point: MetricPoint = {
		resourceId: resource.id,
		service: resource.service,
		instance: resource.instance,
		name: metric.name!,
		unit: metric.unit ?? '',
		type,
		timeUs,
		attrs: flattenAttributes(p.attributes, c.stats, c.limits)
	};
	const startUs = nanosToMicros(p.startTimeUnixNano);
	if (startUs > 0) point.startUs = startUs;
	let problem: string | undefined;
	switch (type) {
		case 'gauge':
		case 'sum':
			problem = numberValue(point, p as NumberDataPoint);
			if (type === 'sum') {
				const temporality = temporalityOf(metric.sum!.aggregationTemporality);
				if (temporality) point.temporality = temporality;
				point.monotonic = metric.sum!.isMonotonic === true;
			}
			break;
		case 'histogram':
			problem = histogramValue(point, p as HistogramDataPoint, c.limits.maxBuckets);
			setTemporality(point, metric.histogram!.aggregationTemporality);
			break;
		case 'exponentialHistogram':
			problem = exponentialValue(point, p as ExponentialHistogramDataPoint, c.limits.maxBuckets);
			setTemporality(point, metric.exponentialHistogram!.aggregationTemporality);
			break;
		case 'summary':
			problem = summaryValue(point, p as SummaryDataPoint);
			break;
	}
	if (problem) return void c.reject('metricPoints', problem);
	return point;
}

function setTemporality(point: MetricPoint, code: number | undefined): void {
	const t = temporalityOf(code);
	if (t) point.temporality = t;
}

function numberValue(point: MetricPoint, p: NumberDataPoint): string | undefined {
	const value = p.asDouble !== undefined ? p.asDouble : p.asInt !== undefined ? int64ToNumber(p.asInt) : undefined;
	if (value === undefined) return 'number data point without a value';
	if (!Number.isFinite(value)) return 'non-finite data point value';
	point.value = value;
	return undefined;
}

function aggregates(point: MetricPoint, p: { count?: Int64; sum?: number; min?: number; max?: number }): string | undefined {
	const count = int64ToNumber(p.count);
	if (!Number.isFinite(count) || count < 0) return 'negative or invalid count';
	point.count = count;
	if (p.sum !== undefined && Number.isFinite(p.sum)) point.sum = p.sum;
	if (p.min !== undefined && Number.isFinite(p.min)) point.min = p.min;
	if (p.max !== undefined && Number.isFinite(p.max)) point.max = p.max;
	return undefined;
}

function counts(list: Int64[] | undefined): number[] | undefined {
	const out: number[] = [];
	for (const v of list ?? []) {
		const n = int64ToNumber(v);
		if (!Number.isFinite(n) || n < 0) return undefined;
		out.push(n);
	}
	return out;
}

function histogramValue(point: MetricPoint, p: HistogramDataPoint, maxBuckets: number): string | undefined {
	const problem = aggregates(point, p);
	if (problem) return problem;
	const bounds = p.explicitBounds ?? [];
	const bucketCounts = counts(p.bucketCounts);
	if (!bucketCounts) return 'invalid histogram bucket count';
	if (bucketCounts.length > maxBuckets) return `histogram with more than ${maxBuckets} buckets`;
	if (bucketCounts.length === 0) return undefined; // count and sum only, as OTLP allows
	if (bucketCounts.length !== bounds.length + 1) return 'histogram bucketCounts length is not explicitBounds length + 1';
	for (let i = 0; i < bounds.length; i++) {
		if (!Number.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
			return 'histogram explicitBounds not finite and strictly increasing';
		}
	}
	point.bounds = bounds;
	point.bucketCounts = bucketCounts;
	return undefined;
}

function exponentialValue(point: MetricPoint, p: ExponentialHistogramDataPoint, maxBuckets: number): string | undefined {
	const problem = aggregates(point, p);
	if (problem) return problem;
	const scale = p.scale ?? 0;
	if (!Number.isInteger(scale) || scale < -10 || scale > 20) return 'exponential histogram scale outside -10..20';
	point.scale = scale;
	point.zeroCount = int64ToNumber(p.zeroCount);
	for (const side of ['positive', 'negative'] as const) {
		const buckets = p[side];
		if (!buckets) continue;
		const list = counts(buckets.bucketCounts);
		if (!list) return 'invalid exponential histogram bucket count';
		if (list.length > maxBuckets) return `exponential histogram with more than ${maxBuckets} buckets`;
		point[side] = { offset: buckets.offset ?? 0, bucketCounts: list };
	}
	return undefined;
}

function summaryValue(point: MetricPoint, p: SummaryDataPoint): string | undefined {
	const problem = aggregates(point, p);
	if (problem) return problem;
	const quantiles: { q: number; value: number }[] = [];
	for (const qv of p.quantileValues ?? []) {
		const q = qv.quantile ?? 0;
		const value = qv.value ?? 0;
		if (!(q >= 0 && q <= 1)) return 'summary quantile outside [0, 1]';
		if (!Number.isFinite(value)) return 'non-finite summary quantile value';
		quantiles.push({ q, value });
	}
	point.quantiles = quantiles;
	return undefined;
}
