/**
 * Statistics of one KPI target (a business transaction or a domain) in one window.
 * Mergeable like the rollups' SpanStats: merge(stats(a), stats(b)) = stats(a ∪ b) field by
 * field, so coarser windows are merges of finer ones. Response times go into the
 * telemetry quantile sketch (domain/telemetry/sketch.ts, relative error 1 %).
 *
 * Attribute sums keep the sum and the number of spans that carried a numeric value, for
 * `sum` and `mean` KPIs; attributes are numbers or numeric text (`"150000"`).
 */
import type { AttrValue } from '../../protocol/records';
import { QuantileSketch, defaultAlpha, minIndexable } from '../telemetry/sketch';
import type { SketchData } from '../telemetry/types';

export interface AttrSum {
	sum: number;
	n: number;
}

export interface BizStatsData {
	count: number;
	successes: number;
	sumMs: number;
	minMs: number;
	maxMs: number;
	sketch: SketchData;
	attrs: Record<string, AttrSum>;
}

/** The numeric reading of an attribute, or NaN when it has none. */
export function numericAttr(value: AttrValue | undefined): number {
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && value.trim() !== '') return Number(value);
	return NaN;
}

export class BizStats {
	count = 0;
	successes = 0;
	sumMs = 0;
	minMs = Infinity;
	maxMs = -Infinity;
	readonly sketch: QuantileSketch;
	/** Parallel to the target's attribute keys. */
	readonly attrSum: Float64Array;
	readonly attrN: Float64Array;

	constructor(readonly attrKeys: readonly string[], alpha = defaultAlpha) {
		this.sketch = new QuantileSketch(alpha);
		this.attrSum = new Float64Array(attrKeys.length);
		this.attrN = new Float64Array(attrKeys.length);
	}

	/** `sketchKey` = sketch.keyOf(durationMs) when durationMs > minIndexable (computed once per span). */
	add(durationMs: number, sketchKey: number, success: boolean, attrs: Record<string, AttrValue>): void {
		this.count++;
		if (success) this.successes++;
		this.sumMs += durationMs;
		if (durationMs < this.minMs) this.minMs = durationMs;
		if (durationMs > this.maxMs) this.maxMs = durationMs;
		if (durationMs > minIndexable) this.sketch.addKey(sketchKey);
		else this.sketch.add(0);
		for (let i = 0; i < this.attrKeys.length; i++) {
			const x = numericAttr(attrs[this.attrKeys[i]]);
			if (Number.isFinite(x)) {
				this.attrSum[i] += x;
				this.attrN[i]++;
			}
		}
	}

	toData(): BizStatsData {
		const attrs: Record<string, AttrSum> = {};
		this.attrKeys.forEach((key, i) => (attrs[key] = { sum: this.attrSum[i], n: this.attrN[i] }));
		return {
			count: this.count,
			successes: this.successes,
			sumMs: this.sumMs,
			minMs: this.minMs,
			maxMs: this.maxMs,
			sketch: this.sketch.toData(),
			attrs
		};
	}
}

export function emptyStatsData(alpha = defaultAlpha): BizStatsData {
	return { count: 0, successes: 0, sumMs: 0, minMs: Infinity, maxMs: -Infinity, sketch: new QuantileSketch(alpha).toData(), attrs: {} };
}

/** Merges stored statistics; the inputs are not modified. */
export function mergeStatsData(a: BizStatsData | undefined, b: BizStatsData): BizStatsData {
	const merger = new StatsMerger();
	if (a) merger.add(a);
	merger.add(b);
	return merger.toData();
}

/**
 * Merges stored statistics into one, keeping one open sketch: coarsening 60 one-minute
 * windows into an hour decodes and encodes the growing sketch once, not at every step. The
 * inputs are not modified.
 */
export class StatsMerger {
	private count = 0;
	private successes = 0;
	private sumMs = 0;
	private minMs = Infinity;
	private maxMs = -Infinity;
	private sketch: QuantileSketch | undefined;
	private readonly attrs: Record<string, AttrSum> = {};

	add(s: BizStatsData): void {
		this.count += s.count;
		this.successes += s.successes;
		this.sumMs += s.sumMs;
		this.minMs = Math.min(this.minMs, s.minMs);
		this.maxMs = Math.max(this.maxMs, s.maxMs);
		if (this.sketch) this.sketch.merge(s.sketch);
		else this.sketch = QuantileSketch.fromData(s.sketch);
		for (const key in s.attrs) {
			const into = this.attrs[key];
			if (into) {
				into.sum += s.attrs[key].sum;
				into.n += s.attrs[key].n;
			} else this.attrs[key] = { sum: s.attrs[key].sum, n: s.attrs[key].n };
		}
	}

	toData(): BizStatsData {
		return {
			count: this.count,
			successes: this.successes,
			sumMs: this.sumMs,
			minMs: this.minMs,
			maxMs: this.maxMs,
			sketch: (this.sketch ?? new QuantileSketch()).toData(),
			attrs: this.attrs
		};
	}
}

/** Response-time quantile in ms, clamped to the exact min and max; null when empty. */
export function quantileMs(s: BizStatsData, q: number): number | null {
	if (s.count === 0) return null;
	const value = QuantileSketch.fromData(s.sketch).quantile(q);
	if (value === null) return null;
	return Math.min(s.maxMs, Math.max(s.minMs, value));
}
