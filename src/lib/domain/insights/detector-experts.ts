/**
 * The streaming detector's experts: each turns a new value into a raw surprise, computed only
 * from the values before it (no look-ahead); NaN while an expert has no reference yet.
 *   season  - the value minus the median of the values 1, 2 and 3 detected periods earlier,
 *             as a robust z against the last `levelWindow` such residuals (a missing or
 *             changed daily or weekly shape; the median of three periods keeps one odd day
 *             from echoing a period later);
 *   novelty - distance outside the whole range seen so far, in tenths of that range;
 *   step    - the jump from the previous value against the median jump of the last
 *             `levelWindow` values;
 *   rarity  - -ln of the share of kept values within `rarityBandwidth` x range of this one
 *             (a level the series seldom or never visits, even inside its range).
 * Robust z-scores are log1p(|x - median| / (1.4826 x MAD)), so the raw scale grows slowly.
 * Memory: O(historySize + levelWindow) numbers.
 */
import { Ring } from './ring';
import { SortedWindow } from './sorted-window';
import { correlation } from './stats';

export const EXPERT_NAMES = ['season', 'novelty', 'step', 'rarity'] as const;

export interface ExpertOptions {
	/** Values behind the robust scales of seasonal residuals and of steps (288: a day of 5-minute points). */
	levelWindow: number;
	/** Values kept for rarity, seasonal references and period detection. */
	historySize: number;
	/** Candidate seasonal periods in rows; the best lag correlation above `minSeasonCorrelation` wins. */
	periods: number[];
	minSeasonCorrelation: number;
	/** Half-width of the rarity neighbourhood as a share of the range seen. */
	rarityBandwidth: number;
}

/** Rows before any expert reports. */
const MIN_ROWS = 20;
/** Seasonal residuals needed before the season expert reports. */
const MIN_RESIDUALS = 20;
/** Kept values needed before the rarity expert reports. */
const MIN_RARITY_VALUES = 100;
/** Periods back whose median is the seasonal reference. */
const SEASON_REFERENCES = 3;

export class DetectorExperts {
	private readonly history: Ring;
	private readonly kept: SortedWindow;
	private readonly jumps: SortedWindow;
	private readonly residuals: SortedWindow;
	private readonly raws = new Float64Array(EXPERT_NAMES.length);
	private rows = 0;
	private period = 0;
	private min = Infinity;
	private max = -Infinity;

	constructor(private readonly o: ExpertOptions) {
		this.history = new Ring(o.historySize);
		this.kept = new SortedWindow(o.historySize);
		this.jumps = new SortedWindow(Math.max(1, o.levelWindow - 1));
		this.residuals = new SortedWindow(o.levelWindow);
	}

	/** Detected seasonal period in rows (0 when none). */
	get seasonRows(): number {
		return this.period;
	}

	/**
	 * Raw surprises of `value` (finite) against the past, in EXPERT_NAMES order; the array is
	 * reused by the next call. Then learns `value`.
	 */
	update(value: number): Float64Array {
		const o = this.o;
		if (this.rows % o.levelWindow === 0 && this.rows >= 2 * Math.min(...o.periods)) this.period = this.detectPeriod();
		this.raws.fill(NaN);
		const h = this.history.length;
		const range = this.max - this.min;
		// Scale floor: 0.1 % of the range seen, so a flat history does not divide by zero.
		const floor = Math.max(range * 0.001, 1e-9);
		if (this.period > 0 && h >= this.period) {
			const residual = value - this.seasonalReference();
			if (this.rows >= MIN_ROWS && this.residuals.length >= MIN_RESIDUALS) {
				const m = this.residuals.median();
				this.raws[0] = Math.log1p(Math.abs(residual - m) / Math.max(1.4826 * this.residuals.mad(), floor));
			}
			this.residuals.push(residual);
		}
		if (this.rows >= MIN_ROWS) {
			const outside = value > this.max ? value - this.max : value < this.min ? this.min - value : 0;
			this.raws[1] = range > 0 ? Math.log1p((10 * outside) / range) : 0;
			this.raws[2] = Math.log1p(Math.abs(value - this.history.at(h - 1)) / Math.max(this.jumps.median(), floor));
			if (this.kept.length >= MIN_RARITY_VALUES && range > 0) {
				const half = o.rarityBandwidth * range;
				const near = this.kept.countWithin(value - half, value + half);
				this.raws[3] = -Math.log((near + 1) / (this.kept.length + 1));
			}
		}
		if (h > 0) this.jumps.push(Math.abs(value - this.history.at(h - 1)));
		this.history.push(value);
		this.kept.push(value);
		this.min = Math.min(this.min, value);
		this.max = Math.max(this.max, value);
		this.rows++;
		return this.raws;
	}

	/** Median of the values 1..SEASON_REFERENCES periods back (as many as the history holds). */
	private seasonalReference(): number {
		const h = this.history.length;
		const refs: number[] = [];
		for (let k = 1; k <= SEASON_REFERENCES && h >= k * this.period; k++) refs.push(this.history.at(h - k * this.period));
		refs.sort((a, b) => a - b);
		const mid = (refs.length - 1) >> 1;
		return refs.length % 2 === 1 ? refs[mid] : refs[mid] + (refs[mid + 1] - refs[mid]) * 0.5;
	}

	/** Correlation of the history with itself one candidate period back; 0 when none is high enough. */
	private detectPeriod(): number {
		const x = this.history.toArray();
		let bestPeriod = 0;
		let bestR = this.o.minSeasonCorrelation;
		for (const p of this.o.periods) {
			if (x.length < 2 * p) continue;
			const r = correlation(x.slice(p), x.slice(0, x.length - p));
			if (r > bestR) {
				bestR = r;
				bestPeriod = p;
			}
		}
		return bestPeriod;
	}
}
