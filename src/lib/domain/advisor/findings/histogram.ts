/**
 * A fixed-size log-scale histogram of durations for quantiles with bounded memory:
 * bucket i covers [2^(i/4), 2^((i+1)/4)) µs, 4 buckets per doubling (≤ 19 % relative
 * error), 160 buckets up to ~ 10^12 µs (11 days); larger values land in the last bucket.
 */
const perDoubling = 4;
export const histogramBuckets = 160;

export function newHistogram(): Uint32Array {
	return new Uint32Array(histogramBuckets);
}

export function recordUs(histogram: Uint32Array, durationUs: number): void {
	const index = durationUs <= 1 ? 0 : Math.min(histogramBuckets - 1, Math.floor(Math.log2(durationUs) * perDoubling));
	histogram[index] += 1;
}

/** Upper edge of the bucket holding quantile q (0-1), in µs; 0 for an empty histogram. */
export function quantileUs(histogram: Uint32Array, q: number): number {
	let total = 0;
	for (const count of histogram) total += count;
	if (total === 0) return 0;
	const rank = Math.max(1, Math.ceil(q * total));
	let seen = 0;
	for (let i = 0; i < histogram.length; i++) {
		seen += histogram[i];
		if (seen >= rank) return 2 ** ((i + 1) / perDoubling);
	}
	return 2 ** (histogram.length / perDoubling);
}

/** Count of recorded values in buckets entirely above `thresholdUs`. */
export function countAboveUs(histogram: Uint32Array, thresholdUs: number): number {
	let count = 0;
	for (let i = 0; i < histogram.length; i++) if (2 ** (i / perDoubling) >= thresholdUs) count += histogram[i];
	return count;
}
