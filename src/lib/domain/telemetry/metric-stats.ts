/**
 * Merging and reading metric window statistics (MetricStatsData, see types.ts). Merges are
 * associative and commutative except `last`/`quantiles`, which keep the latest point by time.
 */
import { QuantileSketch } from './sketch';
import type { MetricRollupRecord, MetricStatsData } from './types';

function sameBounds(a: number[], b: number[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/**
 * Re-buckets counts of `fromBounds` into `toBounds`, each source bucket going to the target
 * bucket that contains its upper bound (exact when bounds nest; approximate otherwise).
 */
export function rebucket(fromBounds: number[], counts: number[], toBounds: number[]): number[] {
	const out = new Array<number>(toBounds.length + 1).fill(0);
	for (let i = 0; i < counts.length; i++) {
		const upper = i < fromBounds.length ? fromBounds[i] : Infinity;
		let j = 0;
		while (j < toBounds.length && toBounds[j] < upper) j++;
		out[j] += counts[i];
	}
	return out;
}

function minOf(a: number | undefined, b: number | undefined): number | undefined {
	return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}
function maxOf(a: number | undefined, b: number | undefined): number | undefined {
	return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}
function addOpt(a: number | undefined, b: number | undefined): number | undefined {
	return a === undefined ? b : b === undefined ? a : a + b;
}

/** Stats of one window and series, `a` then `b`. A kind change keeps the newer (`b`). */
export function mergeMetricStats(a: MetricStatsData | undefined, b: MetricStatsData): MetricStatsData {
	if (!a) return b;
	if (a.kind !== b.kind) return b;
	const laterIsB = (b.lastTimeUs ?? -Infinity) >= (a.lastTimeUs ?? -Infinity);
	const out: MetricStatsData = { kind: a.kind, points: a.points + b.points };
	out.lastTimeUs = maxOf(a.lastTimeUs, b.lastTimeUs);
	switch (a.kind) {
		case 'gauge':
			out.min = minOf(a.min, b.min);
			out.max = maxOf(a.max, b.max);
			out.sum = addOpt(a.sum, b.sum);
			out.last = laterIsB ? (b.last ?? a.last) : (a.last ?? b.last);
			break;
		case 'rate':
			out.increase = addOpt(a.increase, b.increase);
			out.resets = addOpt(a.resets, b.resets);
			out.last = laterIsB ? (b.last ?? a.last) : (a.last ?? b.last);
			break;
		case 'histogram': {
			out.count = addOpt(a.count, b.count);
			out.total = addOpt(a.total, b.total);
			out.obsMin = minOf(a.obsMin, b.obsMin);
			out.obsMax = maxOf(a.obsMax, b.obsMax);
			if (a.bounds && a.bucketCounts && b.bounds && b.bucketCounts) {
				const bCounts = sameBounds(a.bounds, b.bounds) ? b.bucketCounts : rebucket(b.bounds, b.bucketCounts, a.bounds);
				out.bounds = a.bounds;
				out.bucketCounts = a.bucketCounts.map((c, i) => c + (bCounts[i] ?? 0));
			} else if (a.bounds || b.bounds) {
				out.bounds = a.bounds ?? b.bounds;
				out.bucketCounts = a.bucketCounts ?? b.bucketCounts;
			}
			if (a.sketch || b.sketch) {
				const sketch = QuantileSketch.fromData((a.sketch ?? b.sketch)!);
				if (a.sketch && b.sketch) sketch.merge(b.sketch);
				out.sketch = sketch.toData();
			}
			break;
		}
		case 'summary': {
			const later = laterIsB ? b : a;
			out.count = later.count;
			out.total = later.total;
			out.quantiles = later.quantiles;
			break;
		}
	}
	return out;
}

/**
 * Quantile of an explicit-bucket histogram by linear interpolation inside the bucket
 * holding the rank (as Prometheus' histogram_quantile does). Bucket i covers
 * (bounds[i-1], bounds[i]]; the first bucket starts at min (else 0 or its bound), the last
 * ends at max (else its lower bound). null when empty.
 */
export function histogramQuantile(
	bounds: number[],
	counts: number[],
	q: number,
	min?: number,
	max?: number
): number | null {
	let total = 0;
	for (const c of counts) total += c;
	if (!(total > 0)) return null;
	const rank = Math.min(Math.max(q, 0), 1) * total;
	let cumulative = 0;
	for (let i = 0; i < counts.length; i++) {
		const c = counts[i];
		if (c <= 0) continue;
		if (cumulative + c >= rank) {
			let lower = i === 0 ? Math.min(min ?? 0, bounds[0] ?? 0) : bounds[i - 1];
			let upper = i < bounds.length ? bounds[i] : (max ?? bounds[bounds.length - 1] ?? lower);
			if (min !== undefined && min > lower) lower = Math.min(min, upper);
			if (max !== undefined && max < upper) upper = Math.max(max, lower);
			return lower + (upper - lower) * ((rank - cumulative) / c);
		}
		cumulative += c;
	}
	return max ?? bounds[bounds.length - 1] ?? null;
}

/** The quantile of a histogram window, from its sketch or its buckets. */
export function metricQuantile(stats: MetricStatsData, q: number): number | null {
	if (stats.sketch) return QuantileSketch.fromData(stats.sketch).quantile(q);
	if (stats.bounds && stats.bucketCounts) {
		return histogramQuantile(stats.bounds, stats.bucketCounts, q, stats.obsMin, stats.obsMax);
	}
	if (stats.quantiles?.length) {
		let best = stats.quantiles[0];
		for (const entry of stats.quantiles) if (Math.abs(entry.q - q) < Math.abs(best.q - q)) best = entry;
		return best.value;
	}
	return null;
}

/** Stored metric window + delta of the same level and start. */
export function mergeMetricRecord(
	stored: MetricRollupRecord | undefined,
	delta: MetricRollupRecord
): MetricRollupRecord {
	if (!stored) return delta;
	const series = { ...stored.series };
	for (const key in delta.series) series[key] = mergeMetricStats(stored.series[key], delta.series[key]);
	return { level: stored.level, startMs: stored.startMs, series };
}
