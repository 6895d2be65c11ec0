/**
 * NAB's windowed-Gaussian baseline: score = 1 - two-sided tail probability of the value under
 * a normal fitted to the last `windowSize` values (NAB's current detector: 1000 values, moved
 * one row at a time; an earlier release used 6400, i.e. the whole file, the default here).
 */
import { Ring } from './ring';
import { normalTail } from './stats';

export class WindowedGaussianDetector {
	private readonly window: Ring;
	private sum = 0;
	private sumSq = 0;

	constructor(windowSize = 6400) {
		this.window = new Ring(windowSize);
	}

	/** Score of `value` against the window so far, then `value` joins the window. */
	update(value: number): number {
		if (!Number.isFinite(value)) return 0;
		const n = this.window.length;
		let score = 0;
		if (n >= 2) {
			const m = this.sum / n;
			const variance = Math.max(0, this.sumSq / n - m * m);
			const sd = Math.sqrt(variance);
			if (sd > 0) score = 1 - normalTail(Math.abs(value - m) / sd);
			else score = value === m ? 0.5 : 1;
		}
		if (n === this.window.capacity) {
			const old = this.window.at(0);
			this.sum -= old;
			this.sumSq -= old * old;
		}
		this.window.push(value);
		this.sum += value;
		this.sumSq += value * value;
		return score;
	}
}
