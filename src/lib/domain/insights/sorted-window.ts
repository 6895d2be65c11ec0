/**
 * The last `capacity` values of a stream, kept sorted for order statistics.
 * Bound: `capacity` values; when full, pushing removes the oldest value (a sliding window,
 * never an error).
 * Costs: push O(capacity) (binary search plus one block move), counts O(log capacity),
 * median O(1), MAD O(capacity). Values must be finite (callers filter NaN and infinities).
 */
import { Ring } from './ring';

export class SortedWindow {
	private readonly sorted: Float64Array;
	/** Arrival order, so the value that leaves is known. */
	private readonly order: Ring;
	private n = 0;

	constructor(readonly capacity: number) {
		this.order = new Ring(capacity);
		this.sorted = new Float64Array(this.order.capacity);
	}

	get length(): number {
		return this.n;
	}

	push(value: number): void {
		if (this.n === this.capacity) {
			const i = this.lowerBound(this.order.at(0));
			this.sorted.copyWithin(i, i + 1, this.n);
			this.n--;
		}
		const j = this.upperBound(value);
		this.sorted.copyWithin(j + 1, j, this.n);
		this.sorted[j] = value;
		this.n++;
		this.order.push(value);
	}

	/** The i-th smallest kept value (0-based). */
	at(i: number): number {
		return this.sorted[i];
	}

	/** -Infinity when empty. */
	get max(): number {
		return this.n > 0 ? this.sorted[this.n - 1] : -Infinity;
	}

	/** Infinity when empty. */
	get min(): number {
		return this.n > 0 ? this.sorted[0] : Infinity;
	}

	/** Kept values >= x. */
	countAtLeast(x: number): number {
		return this.n - this.lowerBound(x);
	}

	/** Kept values in [lo, hi]. */
	countWithin(lo: number, hi: number): number {
		return Math.max(0, this.upperBound(hi) - this.lowerBound(lo));
	}

	/** Median with the two middle values averaged (as stats.median); NaN when empty. */
	median(): number {
		if (this.n === 0) return NaN;
		const lo = (this.n - 1) >> 1;
		return this.n % 2 === 1 ? this.sorted[lo] : this.sorted[lo] + (this.sorted[lo + 1] - this.sorted[lo]) * 0.5;
	}

	/**
	 * Median absolute deviation from the median, unscaled (multiply by 1.4826 for a normal
	 * sigma); NaN when empty. Walks the deviations outward from the median in increasing
	 * order (two sorted runs), so it needs no copy and no sort.
	 */
	mad(): number {
		if (this.n === 0) return NaN;
		const m = this.median();
		let left = this.lowerBound(m) - 1;
		let right = left + 1;
		const k = (this.n - 1) >> 1;
		let previous = 0;
		for (let taken = 0; taken <= k + 1 && taken < this.n; taken++) {
			const dl = left >= 0 ? Math.abs(this.sorted[left] - m) : Infinity;
			const dr = right < this.n ? Math.abs(this.sorted[right] - m) : Infinity;
			let d: number;
			if (dl <= dr) {
				d = dl;
				left--;
			} else {
				d = dr;
				right++;
			}
			if (taken === k && this.n % 2 === 1) return d;
			if (taken === k + 1) return previous + (d - previous) * 0.5;
			previous = d;
		}
		return previous;
	}

	/** Mean of (v - u) over the kept values at and above u = the `q`-quantile (index floor(q x n)); 0 when empty. */
	meanExcessAbove(q: number): number {
		if (this.n === 0) return 0;
		const k = Math.min(this.n - 1, Math.max(0, Math.floor(q * this.n)));
		const u = this.sorted[k];
		let sum = 0;
		for (let i = k; i < this.n; i++) sum += this.sorted[i] - u;
		return sum / (this.n - k);
	}

	/** First index whose value is >= x. */
	private lowerBound(x: number): number {
		let lo = 0;
		let hi = this.n;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.sorted[mid] < x) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** First index whose value is > x. */
	private upperBound(x: number): number {
		let lo = 0;
		let hi = this.n;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.sorted[mid] <= x) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}
}
