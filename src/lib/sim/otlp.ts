/** Small builders for the OTLP/JSON model (src/lib/domain/otlp/types.ts). */
import type { AnyValue, HistogramDataPoint, KeyValue, NumberDataPoint, OtlpMetric } from '../domain/otlp/types';
import { unixNano } from './clock';

export type SimAttrValue = string | number | boolean | string[];
/** Attribute list in insertion order; `undefined` values are left out. */
export type SimAttrs = Record<string, SimAttrValue | undefined>;

function anyValue(value: SimAttrValue): AnyValue {
	if (typeof value === 'string') return { stringValue: value };
	if (typeof value === 'boolean') return { boolValue: value };
	if (Array.isArray(value)) return { arrayValue: { values: value.map((v) => ({ stringValue: v })) } };
	return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
}

/**
 * Numbers that are whole become `intValue`, others `doubleValue`: callers that need a double
 * for a whole number (a ratio that happens to be 1) use `double()`.
 */
export function toKeyValues(attrs: SimAttrs): KeyValue[] {
	const out: KeyValue[] = [];
	for (const key of Object.keys(attrs)) {
		const value = attrs[key];
		if (value === undefined) continue;
		out.push({ key, value: anyValue(value) });
	}
	return out;
}

export function doubleKv(key: string, value: number): KeyValue {
	return { key, value: { doubleValue: value } };
}

export function stringKv(key: string, value: string): KeyValue {
	return { key, value: { stringValue: value } };
}

/** Reads a string attribute back (tests and grouping). */
export function attrString(attrs: readonly KeyValue[] | undefined, key: string): string | undefined {
	const kv = attrs?.find((a) => a.key === key);
	return kv?.value?.stringValue;
}

export function attrNumber(attrs: readonly KeyValue[] | undefined, key: string): number | undefined {
	const v = attrs?.find((a) => a.key === key)?.value;
	if (!v) return undefined;
	if (v.doubleValue !== undefined) return v.doubleValue;
	if (v.intValue !== undefined) return Number(v.intValue);
	return undefined;
}

export interface SimPoint {
	attrs: SimAttrs;
	value: number;
	timeMs: number;
	/** Start of the accumulation (sums); omitted for gauges. */
	startMs?: number;
}

function numberPoint(p: SimPoint, integer: boolean): NumberDataPoint {
	const out: NumberDataPoint = { attributes: toKeyValues(p.attrs), timeUnixNano: unixNano(p.timeMs) };
	if (p.startMs !== undefined) out.startTimeUnixNano = unixNano(p.startMs);
	if (integer) out.asInt = Math.round(p.value);
	else out.asDouble = p.value;
	return out;
}

export function gaugeMetric(name: string, unit: string, points: SimPoint[], integer = false): OtlpMetric {
	return { name, unit, gauge: { dataPoints: points.map((p) => numberPoint(p, integer)) } };
}

/** A sum; `temporality` 1 = delta, 2 = cumulative. Up-down counters are non-monotonic sums. */
export function sumMetric(
	name: string,
	unit: string,
	points: SimPoint[],
	options: { monotonic: boolean; temporality: 1 | 2; integer?: boolean }
): OtlpMetric {
	return {
		name,
		unit,
		sum: {
			dataPoints: points.map((p) => numberPoint(p, options.integer ?? false)),
			aggregationTemporality: options.temporality,
			isMonotonic: options.monotonic
		}
	};
}

export interface SimHistogramPoint {
	attrs: SimAttrs;
	startMs: number;
	timeMs: number;
	histogram: { bounds: readonly number[]; counts: readonly number[]; count: number; sum: number; min: number; max: number };
}

/** Cumulative explicit-bucket histogram. */
export function histogramMetric(name: string, unit: string, points: SimHistogramPoint[]): OtlpMetric {
	const dataPoints: HistogramDataPoint[] = points.map((p) => {
		const h = p.histogram;
		const dp: HistogramDataPoint = {
			attributes: toKeyValues(p.attrs),
			startTimeUnixNano: unixNano(p.startMs),
			timeUnixNano: unixNano(p.timeMs),
			count: h.count,
			sum: h.sum,
			bucketCounts: [...h.counts],
			explicitBounds: [...h.bounds]
		};
		if (h.count > 0) {
			dp.min = h.min;
			dp.max = h.max;
		}
		return dp;
	});
	return { name, unit, histogram: { dataPoints, aggregationTemporality: 2 } };
}

/** A JSON-like value as an OTLP AnyValue (structured log bodies); null becomes an empty value. */
export function jsonToAnyValue(value: unknown): AnyValue {
	if (value === null || value === undefined) return {};
	if (typeof value === 'string') return { stringValue: value };
	if (typeof value === 'boolean') return { boolValue: value };
	if (typeof value === 'number') return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
	if (Array.isArray(value)) return { arrayValue: { values: value.map(jsonToAnyValue) } };
	const values: KeyValue[] = [];
	for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
		if (v !== undefined) values.push({ key, value: jsonToAnyValue(v) });
	}
	return { kvlistValue: { values } };
}
