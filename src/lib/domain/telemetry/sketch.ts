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

const initialCapacity = 64;
/** Shared by every sketch that never turned dense (never written to: dense mode replaces it). */
const emptyCounts = new Float64Array(0);
/** Distinct keys held sparsely before the sketch turns dense. */
const sparseMaxKeys = 32;

export class QuantileSketch {
	readonly alpha: number;
	readonly gamma: number;
	private readonly invLnGamma: number;
	zeroCount = 0;
	/**
	 * Sparse mode (the start): ascending keys and their counts, at most `sparseMaxKeys`.
	 * A 1 s window of one series usually holds a handful of values; a dense array per such
	 * window would dominate memory and allocation. Past the bound the sketch turns dense.
	 */
	private sparseKeys: number[] | null = [];
	private sparseCounts: number[] = [];
	/** Dense mode: counts[i] is the count of key offset + i; keys outside [minKey, maxKey] are 0. */
	private counts: Float64Array = emptyCounts;
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

	/** Width of the key range held (contiguous keys, empty ones included). */
	get bucketCount(): number {
		if (this.sparseKeys) {
			const n = this.sparseKeys.length;
			return n ? this.sparseKeys[n - 1] - this.sparseKeys[0] + 1 : 0;
		}
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
		this.total += count;
		const keys = this.sparseKeys;
		if (keys) {
			const n = keys.length;
			// ascending insert; n <= sparseMaxKeys so a scan from the top is cheap
			let i = n - 1;
			while (i >= 0 && keys[i] > key) i--;
			if (i >= 0 && keys[i] === key) {
				this.sparseCounts[i] += count;
				return;
			}
			if (n < sparseMaxKeys && (n === 0 || Math.max(key, keys[n - 1]) - Math.min(key, keys[0]) < maxBuckets)) {
				keys.splice(i + 1, 0, key);
				this.sparseCounts.splice(i + 1, 0, count);
				return;
			}
			this.densify();
		}
		this.denseAdd(key, count);
	}

	/** Value at quantile q in [0, 1]; null when empty. */
	quantile(q: number): number | null {
		if (this.total === 0) return null;
		const rank = nearestRank(q, this.total);
		if (rank < this.zeroCount) return 0;
		let cumulative = this.zeroCount;
		if (this.sparseKeys) {
			const keys = this.sparseKeys;
			for (let i = 0; i < keys.length; i++) {
				cumulative += this.sparseCounts[i];
				if (cumulative > rank) return this.valueOf(keys[i]);
			}
			return this.valueOf(keys[keys.length - 1]);
		}
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
		this.zeroCount += other.zeroCount;
		this.total += other.zeroCount;
		if (other instanceof QuantileSketch) {
			if (other.sparseKeys) {
				for (let i = 0; i < other.sparseKeys.length; i++) this.addKey(other.sparseKeys[i], other.sparseCounts[i]);
				return;
			}
			if (other.maxKey < other.minKey) return;
			if (this.sparseKeys) this.densify();
			this.widen(other.minKey, other.maxKey);
			for (let key = other.minKey; key <= other.maxKey; key++) {
				const c = other.counts[key - other.offset];
				if (c > 0) {
					this.total += c;
					this.denseAdd(key, c);
				}
			}
			return;
		}
		this.addSparse(other.keys, other.counts);
	}

	clone(): QuantileSketch {
		const copy = new QuantileSketch(this.alpha);
		copy.merge(this);
		return copy;
	}

	/** Sparse serialisation: only non-empty buckets, ascending. */
	toData(): SketchData {
		if (this.sparseKeys) {
			return {
				alpha: this.alpha,
				zeroCount: this.zeroCount,
				keys: Int32Array.from(this.sparseKeys),
				counts: Float64Array.from(this.sparseCounts)
			};
		}
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
		if (this.sparseKeys && this.sparseKeys.length + n > sparseMaxKeys) this.densify();
		if (!this.sparseKeys && Number.isInteger(keys[0]) && Number.isInteger(keys[n - 1])) this.widen(keys[0], keys[n - 1]);
		for (let i = 0; i < n; i++) {
			const c = counts[i];
			if (c > 0 && Number.isInteger(keys[i])) this.addKey(keys[i], c);
		}
	}

	/** Moves the sparse entries into a dense array. */
	private densify(): void {
		const keys = this.sparseKeys;
		if (!keys) return;
		this.sparseKeys = null;
		if (keys.length) this.widen(keys[0], keys[keys.length - 1]);
		for (let i = 0; i < keys.length; i++) this.denseAdd(keys[i], this.sparseCounts[i]);
		this.sparseCounts = [];
	}

	/** Grows the dense range to cover lo..hi at once when that stays within maxBuckets. */
	private widen(lo: number, hi: number): void {
		const has = this.maxKey >= this.minKey;
		const newLo = has ? Math.min(lo, this.minKey) : lo;
		const newHi = has ? Math.max(hi, this.maxKey) : hi;
		if (newHi - newLo + 1 > maxBuckets) return;
		this.ensureRange(newLo, newHi);
		this.minKey = newLo;
		this.maxKey = newHi;
	}

	/** Dense add without touching `total`. */
	private denseAdd(key: number, count: number): void {
		if (this.maxKey < this.minKey) {
			this.ensureRange(key, key);
			this.minKey = key;
			this.maxKey = key;
		} else if (key < this.minKey || key > this.maxKey) {
			const lo = Math.min(key, this.minKey);
			const hi = Math.max(key, this.maxKey);
			if (hi - lo + 1 > maxBuckets) {
				this.addCollapsing(key, count);
				return;
			}
			this.ensureRange(lo, hi);
			this.minKey = lo;
			this.maxKey = hi;
		}
		this.counts[key - this.offset] += count;
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
			for (let key = Math.max(this.minKey, newOffset); key <= this.maxKey; key++) {
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
