/**
 * Calibrates one stream of raw surprises against its own past: the surprise of x is
 * -ln p, where p is the share of the last `capacity` raw values at least as large as x
 * ((count + 1) / (n + 1), so it never reaches 0). A value above everything kept continues
 * the empirical tail exponentially: p = e^-(x - max) / tau / (n + 1), with tau the mean
 * excess above the `tailQuantile` quantile (the exponential fit to the upper tail).
 * So -ln p reads the same on every series: ln(1000) ~ 6.9 means "as rare as the largest
 * of the last 1000 values".
 * Bound: `capacity` raw values (SortedWindow).
 */
import { SortedWindow } from './sorted-window';

/** Values kept before a surprise is reported; fewer give 0. */
const MIN_VALUES = 10;
/** Smallest tail scale, in raw units: a drift of 1e-4 above a flat tail is not a new record. */
const MIN_TAU = 0.05;

export class TailSurprise {
	private readonly kept: SortedWindow;

	constructor(
		capacity: number,
		private readonly tailQuantile = 0.7
	) {
		this.kept = new SortedWindow(capacity);
	}

	get length(): number {
		return this.kept.length;
	}

	/** -ln p of `raw` against the kept values (0 with fewer than 10 kept). Does not learn it. */
	surprise(raw: number): number {
		const n = this.kept.length;
		if (n < MIN_VALUES) return 0;
		const atLeast = this.kept.countAtLeast(raw);
		if (atLeast > 0) return -Math.log((atLeast + 1) / (n + 1));
		const tau = Math.max(this.kept.meanExcessAbove(this.tailQuantile), MIN_TAU);
		return Math.log(n + 1) + (raw - this.kept.max) / tau;
	}

	learn(raw: number): void {
		this.kept.push(raw);
	}
}
