/**
 * DDSketch-style quantile sketch (Masson, Rim & Lee, VLDB 2019) for positive values such
 * as durations in milliseconds.
 *
 * Guarantee: for every q, `quantile(q)` is within relative error `alpha` of the exact
 * nearest-rank quantile `sorted[max(0, ceil(q * n) - 1)]` of the values added (the
 * definition HdrHistogram and most APMs use: p99 of two values is the larger one), as long
 * as no bucket was collapsed (see below). Default alpha = 1 %.
 *
 * Buckets: a value v > minIndexable lands in key k = ceil(ln(v) / ln(gamma)),
 * gamma = (1 + alpha) / (1 - alpha), i.e. v in (gamma^(k-1), gamma^k]. The bucket's
 * representative 2 gamma^k / (gamma + 1) is within alpha of every value in it. Values
 * <= minIndexable (zero durations) are counted in `zeroCount` and read back as 0.
 *
 * Bound: at most `maxBuckets` (2,048) contiguous keys. Past it the LOWEST keys are folded
 * into the lowest kept key, so high quantiles keep the guarantee and only quantiles that
 * fall in the folded range lose it. With alpha = 1 % 2,048 keys span a ratio of e^40.6,
 * far wider than any real latency range, so collapsing is a guard, not a regime.
 *
 * Merging adds counts key by key, so merge(a, b) holds exactly the counts of a sketch of
 * a ∪ b (also after collapsing: both fold below the same highest-key-derived floor).
 */
import type { SketchData } from './types';

export const defaultAlpha = 0.01;
export const maxBuckets = 2_048;
/** Smallest value with its own bucket (1 ns when values are milliseconds). */
export const minIndexable = 1e-6;

const initialCapacity = 32;

export class QuantileSketch {
	readonly alpha: number;
	readonly gamma: number;
	private readonly invLnGamma: number;
	zeroCount = 0;
	/** counts[i] is the count of key offset + i; keys outside [minKey, maxKey] are 0. */
	private counts: Float64Array = new Float64Array(0);
	private offset = 0;
	private minKey = 0;
	private maxKey = -1;
	private total = 0;

	constructor(alpha = defaultAlpha) {
		if (!(alpha > 0 && alpha < 1)) throw new RangeError(`Sketch accuracy must be in (0, 1), got ${alpha}`);
		this.alpha = alpha;
		this.gamma = (1 + alpha) / (1 - alpha);
		this.invLnGamma = 1 / Math.log(this.gamma);
	}

	get count(): number {
		return this.total;
	}

	get bucketCount(): number {
		return this.maxKey >= this.minKey ? this.maxKey - this.minKey + 1 : 0;
	}

	/** Bucket key of a value; only meaningful for value > minIndexable. */
	keyOf(value: number): number {
		return Math.ceil(Math.log(value) * this.invLnGamma);
	}

	/** Representative value of a key: within alpha of every value in that bucket. */
	valueOf(key: number): number {
		return (2 * Math.pow(this.gamma, key)) / (this.gamma + 1);
	}

	add(value: number, count = 1): void {
		if (!(count > 0)) return;
		if (value > minIndexable) this.addKey(this.keyOf(value), count);
		else {
			// NaN, negatives and zeros: counted as zero so counts stay consistent with `count`
			this.zeroCount += count;
			this.total += count;
		}
	}

	/** Adds `count` values of bucket `key` (the caller computed keyOf once for many sketches). */
	addKey(key: number, count = 1): void {
		if (this.maxKey < this.minKey) {
			this.ensureRange(key, key);
			this.minKey = key;
			this.maxKey = key;
		} else if (key < this.minKey || key > this.maxKey) {
			const lo = Math.min(key, this.minKey);
			const hi = Math.max(key, this.maxKey);
			if (hi - lo + 1 > maxBuckets) {
				this.total += count;
				this.addCollapsing(key, count);
				return;
			}
			this.ensureRange(lo, hi);
			this.minKey = lo;
			this.maxKey = hi;
		}
		this.counts[key - this.offset] += count;
		this.total += count;
	}

	/** Value at quantile q in [0, 1]; null when empty. */
	quantile(q: number): number | null {
		if (this.total === 0) return null;
		const rank = nearestRank(q, this.total);
		if (rank < this.zeroCount) return 0;
		let cumulative = this.zeroCount;
		for (let key = this.minKey; key <= this.maxKey; key++) {
			cumulative += this.counts[key - this.offset];
			if (cumulative > rank) return this.valueOf(key);
		}
		return this.valueOf(this.maxKey);
	}

	merge(other: QuantileSketch | SketchData): void {
		if (other.alpha !== this.alpha) {
			throw new RangeError(`Cannot merge sketches of accuracy ${other.alpha} and ${this.alpha}`);
		}
		if (other instanceof QuantileSketch) {
			this.zeroCount += other.zeroCount;
			this.total += other.zeroCount;
			for (let key = other.minKey; key <= other.maxKey; key++) {
				const c = other.counts[key - other.offset];
				if (c > 0) this.addKey(key, c);
			}
			return;
		}
		this.zeroCount += other.zeroCount;
		this.total += other.zeroCount;
		this.addSparse(other.keys, other.counts);
	}

	clone(): QuantileSketch {
		const copy = new QuantileSketch(this.alpha);
		copy.merge(this);
		return copy;
	}

	/** Sparse serialisation: only non-empty buckets. */
	toData(): SketchData {
		let nonEmpty = 0;
		for (let key = this.minKey; key <= this.maxKey; key++) if (this.counts[key - this.offset] > 0) nonEmpty++;
		const keys = new Int32Array(nonEmpty);
		const counts = new Float64Array(nonEmpty);
		let i = 0;
		for (let key = this.minKey; key <= this.maxKey; key++) {
			const c = this.counts[key - this.offset];
			if (c > 0) {
				keys[i] = key;
				counts[i] = c;
				i++;
			}
		}
		return { alpha: this.alpha, zeroCount: this.zeroCount, keys, counts };
	}

	static fromData(data: SketchData): QuantileSketch {
		const sketch = new QuantileSketch(data.alpha);
		sketch.merge(data);
		return sketch;
	}

	private addSparse(keys: ArrayLike<number>, counts: ArrayLike<number>): void {
		const n = Math.min(keys.length, counts.length);
		if (n === 0) return;
		// widen once for the whole range (keys ascending) instead of per key
		const lo = Math.min(keys[0], this.maxKey >= this.minKey ? this.minKey : keys[0]);
		const hi = Math.max(keys[n - 1], this.maxKey >= this.minKey ? this.maxKey : keys[n - 1]);
		if (hi - lo + 1 <= maxBuckets && Number.isInteger(lo) && Number.isInteger(hi)) {
			this.ensureRange(lo, hi);
			this.minKey = lo;
			this.maxKey = hi;
		}
		for (let i = 0; i < n; i++) {
			const c = counts[i];
			if (c > 0 && Number.isInteger(keys[i])) this.addKey(keys[i], c);
		}
	}

	/**
	 * Adds a key that would widen the range past maxBuckets: every key below
	 * floor = highest key - maxBuckets + 1 folds into floor. The result does not depend on
	 * insertion order (a later, higher key folds earlier folds again), which keeps merges exact.
	 */
	private addCollapsing(key: number, count: number): void {
		const hi = Math.max(key, this.maxKey);
		const floor = hi - maxBuckets + 1;
		let folded = 0;
		for (let k = this.minKey; k < floor && k <= this.maxKey; k++) {
			folded += this.counts[k - this.offset];
			this.counts[k - this.offset] = 0;
		}
		this.ensureRange(floor, hi);
		this.minKey = floor;
		this.maxKey = hi;
		this.counts[floor - this.offset] += folded;
		this.counts[Math.max(key, floor) - this.offset] += count;
	}

	/** Makes keys lo..hi addressable, keeping current counts; grows with slack. */
	private ensureRange(lo: number, hi: number): void {
		if (lo >= this.offset && hi < this.offset + this.counts.length) return;
		const span = hi - lo + 1;
		const capacity = Math.min(Math.max(initialCapacity, span * 2), maxBuckets * 2);
		// centre the slack around the needed range so growth on either side is cheap
		const newOffset = lo - Math.floor((capacity - span) / 2);
		const next = new Float64Array(capacity);
		if (this.maxKey >= this.minKey) {
			for (let key = this.minKey; key <= this.maxKey; key++) {
				next[key - newOffset] = this.counts[key - this.offset];
			}
		}
		this.counts = next;
		this.offset = newOffset;
	}
}

/** 0-based index of the nearest-rank q-quantile among n sorted values. */
export function nearestRank(q: number, n: number): number {
	return Math.max(0, Math.ceil(Math.min(Math.max(q, 0), 1) * n) - 1);
}

/** Exact nearest-rank quantile, the reference the sketch's guarantee is stated against. */
export function exactQuantile(sortedAscending: ArrayLike<number>, q: number): number | null {
	const n = sortedAscending.length;
	if (n === 0) return null;
	return sortedAscending[nearestRank(q, n)];
}
