/**
 * A small mergeable latency sketch for node and edge figures (the DDSketch idea): values in
 * microseconds fall into logarithmic buckets `(γ^(k-1), γ^k]` with γ = (1 + α) / (1 − α),
 * α = 1 %. Any quantile is returned within 1 % relative error of a value of the right rank.
 * Values ≤ 1 µs share one bucket (reported as 1 µs); values above 10^12 µs (11.6 days) are
 * clamped there. The key range is therefore bounded: at most ~1,400 buckets per sketch,
 * usually a few dozen. Merging adds bucket counts, so a merged sketch equals one built
 * from all values. Plain data (a Map), so it crosses `postMessage` and IndexedDB intact.
 */

export const sketchRelativeAccuracy = 0.01;
const gamma = (1 + sketchRelativeAccuracy) / (1 - sketchRelativeAccuracy);
const logGamma = Math.log(gamma);
const maxValueUs = 1e12;

export interface LatencySketch {
	count: number;
	/** Values ≤ 1 µs (including 0 and negative durations from bad clocks). */
	lowCount: number;
	/** bucket key → count; bucket k holds (γ^(k-1), γ^k] µs. */
	bins: Map<number, number>;
}

export function emptySketch(): LatencySketch {
	return { count: 0, lowCount: 0, bins: new Map() };
}

export function sketchAdd(sketch: LatencySketch, valueUs: number, times = 1): void {
	sketch.count += times;
	if (!(valueUs > 1)) {
		sketch.lowCount += times;
		return;
	}
	const key = Math.ceil(Math.log(Math.min(valueUs, maxValueUs)) / logGamma);
	sketch.bins.set(key, (sketch.bins.get(key) ?? 0) + times);
}

/** Adds `from` into `into`. */
export function sketchMerge(into: LatencySketch, from: LatencySketch): void {
	into.count += from.count;
	into.lowCount += from.lowCount;
	for (const [key, n] of from.bins) into.bins.set(key, (into.bins.get(key) ?? 0) + n);
}

export function cloneSketch(sketch: LatencySketch): LatencySketch {
	return { count: sketch.count, lowCount: sketch.lowCount, bins: new Map(sketch.bins) };
}

/** The q-quantile in µs (rank ⌊q·(n−1)⌋, lower value), NaN for an empty sketch. */
export function sketchQuantileUs(sketch: LatencySketch, q: number): number {
	if (sketch.count === 0) return Number.NaN;
	const rank = Math.floor(Math.min(1, Math.max(0, q)) * (sketch.count - 1));
	if (rank < sketch.lowCount) return 1;
	let seen = sketch.lowCount;
	const keys = [...sketch.bins.keys()].sort((a, b) => a - b);
	for (const key of keys) {
		seen += sketch.bins.get(key)!;
		if (seen > rank) return (2 * Math.pow(gamma, key)) / (gamma + 1);
	}
	return (2 * Math.pow(gamma, keys[keys.length - 1])) / (gamma + 1);
}
