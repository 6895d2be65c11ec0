/**
 * Streaming anomaly detector (no look-ahead): each new value gets a score in [0, 1] computed
 * only from the values before it.
 *
 * Experts each turn the new value into a raw surprise (log of a robust z-score):
 *   level   - value against the median / MAD of the last `levelWindow` values (spikes, shifts);
 *   season  - value minus the value one detected period earlier, against the spread of recent
 *             seasonal differences (a missing or changed daily shape);
 *   spread  - the short-window MAD against the reference-window MAD (noise grows or vanishes);
 *   novelty - distance outside the whole range seen so far, in tenths of that range;
 *   step    - the jump from the previous value against the median recent jump;
 *   rarity  - -log of the share of kept values within 2 % of the range around this one
 *             (a level the series seldom visits, even inside its range).
 * Each expert's raw surprise, averaged over `shortWindow` points and also taken alone, is
 * divided by the largest such value it produced over the last `recordRows` rows (its
 * record). A series whose normal life has spikes learns that spikes of that size are
 * ordinary; only what beats its own history scores high. An anomalous point raises the
 * record by at most `recordCap`, so a second incident of the same size still stands out.
 * score = ratio / (1 + ratio), so 0.5 means "exactly as surprising as the record"; the
 * final score is the largest over experts, damped for `suppressRows` after an alert.
 * Memory: O(historySize + experts x recordRows) numbers (history kept twice: in order and sorted).
 */
import { Ring } from './ring';
import { SlidingMax } from './sliding-max';
import { correlation, median } from './stats';

export interface StreamingDetectorOptions {
	/** Values in the level expert's reference window. Default 288 (one day of 5-minute points). */
	levelWindow?: number;
	/** Values kept in history (memory bound; oldest dropped). Default 4400. */
	historySize?: number;
	/** Rows before any score is emitted. Default 300. */
	learningRows?: number;
	/** Raw surprises averaged per expert. Default 5. */
	shortWindow?: number;
	/** Rows over which each expert's record is kept. Default 4000. */
	recordRows?: number;
	/** Candidate seasonal periods in rows; the one whose lag correlation is best and above `minSeasonCorrelation` is used. */
	periods?: number[];
	/** Default 0.6. */
	minSeasonCorrelation?: number;
	/** Largest factor by which one point can raise an expert's record. Default 1.2. */
	recordCap?: number;
	/** Weight of the single-point ratio against the averaged one. Default 1. */
	pointWeight?: number;
	/** Rows damped after an alert (score >= 0.5), so one incident gives one detection. Default 100 (about 8 hours at 5 minutes). */
	suppressRows?: number;
	/** Values an expert must have scored before its ratios count. Default 288 (one level window). */
	expertWarmupRows?: number;
	/** Half-width of the rarity expert's neighbourhood, as a share of the range seen. Default 0.02. */
	rarityBandwidth?: number;
}

const DEFAULTS: Required<StreamingDetectorOptions> = {
	levelWindow: 288,
	historySize: 4400,
	learningRows: 300,
	shortWindow: 5,
	recordRows: 4000,
	periods: [288, 2016],
	minSeasonCorrelation: 0.6,
	recordCap: 1.2,
	pointWeight: 1,
	suppressRows: 100,
	expertWarmupRows: 288,
	rarityBandwidth: 0.02
};

export const EXPERT_NAMES = ['level', 'season', 'spread', 'novelty', 'step', 'rarity'] as const;
const EXPERTS = EXPERT_NAMES.length;

export class StreamingDetector {
	private readonly o: Required<StreamingDetectorOptions>;
	private readonly history: Ring;
	private readonly shortRaw: Ring[];
	private readonly record: SlidingMax[];
	private readonly activeRows = new Int32Array(EXPERT_NAMES.length);
	/** The kept history, sorted (same values as `history`). */
	private readonly sorted: number[] = [];
	private readonly pointRecord: SlidingMax[];
	private readonly seasonalDiffs: Ring;
	private rows = 0;
	private period = 0;
	private sinceAlert = Infinity;
	private min = Infinity;
	private max = -Infinity;
	/** The last point's ratio to the record, per expert (same order as EXPERT_NAMES). */
	readonly lastRatios = new Float64Array(EXPERTS);

	constructor(options: StreamingDetectorOptions = {}) {
		this.o = { ...DEFAULTS, ...options };
		this.history = new Ring(this.o.historySize);
		this.shortRaw = Array.from({ length: EXPERTS }, () => new Ring(this.o.shortWindow));
		this.record = Array.from({ length: EXPERTS }, () => new SlidingMax(this.o.recordRows));
		this.pointRecord = Array.from({ length: EXPERTS }, () => new SlidingMax(this.o.recordRows));
		this.seasonalDiffs = new Ring(this.o.levelWindow);
	}

	/** Detected seasonal period in rows (0 when none). */
	get seasonRows(): number {
		return this.period;
	}

	/** Scores `value` against the past, then learns it. Non-finite values score 0 and are skipped. */
	update(value: number): number {
		if (!Number.isFinite(value)) return 0;
		if (this.rows % 288 === 0 && this.rows >= 2 * Math.min(...this.o.periods)) this.period = this.detectPeriod();
		const raws = this.rows >= 20 ? this.surprises(value) : [0, 0, 0, 0, 0, 0];
		if (this.history.length === this.history.capacity) {
			const old = this.history.at(0);
			this.sorted.splice(lowerBound(this.sorted, old), 1);
		}
		this.sorted.splice(lowerBound(this.sorted, value), 0, value);
		this.history.push(value);
		this.min = Math.min(this.min, value);
		this.max = Math.max(this.max, value);
		this.rows++;
		let best = 0;
		for (let e = 0; e < EXPERTS; e++) {
			// NaN: the expert has no reference yet (no period, too little history).
			if (Number.isNaN(raws[e])) {
				this.lastRatios[e] = 0;
				continue;
			}
			this.activeRows[e]++;
			this.shortRaw[e].push(raws[e]);
			const short = this.shortRaw[e].toArray();
			let avg = 0;
			for (const v of short) avg += v;
			avg /= short.length;
			const rec = Math.max(0, this.record[e].max);
			const avgRatio = rec > 0 ? avg / rec : avg > 0 ? 1 : 0;
			// Single points get their own record, so one large spike is not diluted by the average.
			const recPoint = Math.max(0, this.pointRecord[e].max);
			const pointRatio = recPoint > 0 ? raws[e] / recPoint : 0;
			this.pointRecord[e].push(recPoint > 0 ? Math.min(raws[e], recPoint * this.o.recordCap) : raws[e]);
			const ratio = Math.max(avgRatio, this.o.pointWeight * pointRatio);
			this.lastRatios[e] = ratio;
			// An expert's record means nothing until it has seen `expertWarmupRows` values.
			if (this.activeRows[e] > this.o.expertWarmupRows && ratio > best) best = ratio;
			// A point that beats the record by more than `recordCap` is treated as an anomaly and
			// raises the record only to that cap, so a second incident of the same size is still
			// a record-breaker.
			this.record[e].push(rec > 0 ? Math.min(avg, rec * this.o.recordCap) : avg);
		}
		if (this.rows <= this.o.learningRows) return 0;
		let score = best / (1 + best);
		this.sinceAlert++;
		if (this.sinceAlert <= this.o.suppressRows) score *= 0.5;
		else if (score >= 0.5) this.sinceAlert = 0;
		return score;
	}

	private surprises(value: number): [number, number, number, number, number, number] {
		const range = this.max - this.min;
		const recent = this.history.last(this.o.levelWindow);
		const med = median(recent);
		const spreadRecent = 1.4826 * median(recent.map((v) => Math.abs(v - med)));
		// Scale floor: 0.1 % of the range seen, so a flat history does not divide by zero.
		const floor = Math.max(range * 0.001, 1e-9);
		const level = Math.log1p(Math.abs(value - med) / Math.max(spreadRecent, floor));

		let season = NaN;
		if (this.period > 0 && this.history.length >= this.period) {
			const diff = value - this.history.at(this.history.length - this.period);
			const diffs = this.seasonalDiffs.toArray();
			if (diffs.length >= 20) {
				const dMed = median(diffs);
				const dSpread = 1.4826 * median(diffs.map((d) => Math.abs(d - dMed)));
				season = Math.log1p(Math.abs(diff - dMed) / Math.max(dSpread, floor));
			}
			this.seasonalDiffs.push(diff);
		}

		let spread = NaN;
		const shortN = 12;
		if (recent.length >= 4 * shortN) {
			const short = [...recent.slice(-shortN + 1), value];
			const sMed = median(short);
			const sSpread = 1.4826 * median(short.map((v) => Math.abs(v - sMed)));
			spread = Math.abs(Math.log((sSpread + floor) / (spreadRecent + floor)));
		}
		// Novelty: how far outside everything seen so far, in units of the range seen.
		const outside = value > this.max ? value - this.max : value < this.min ? this.min - value : 0;
		const novelty = range > 0 ? Math.log1p((10 * outside) / range) : 0;
		// Step: the jump from the previous value against the typical jump (MAD of recent differences).
		let step = NaN;
		if (recent.length >= 20) {
			const diffs: number[] = [];
			for (let i = 1; i < recent.length; i++) diffs.push(Math.abs(recent[i] - recent[i - 1]));
			const typical = median(diffs);
			step = Math.log1p(Math.abs(value - recent[recent.length - 1]) / Math.max(typical, floor));
		}
		// Rarity: how few kept values lie within `rarityBandwidth` x range of this one.
		let rarity = NaN;
		if (this.sorted.length >= 100 && range > 0) {
			const h = this.o.rarityBandwidth * range;
			const near = upperBound(this.sorted, value + h) - lowerBound(this.sorted, value - h);
			rarity = -Math.log((near + 1) / (this.sorted.length + 1));
		}
		return [level, season, spread, novelty, step, rarity];
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

function lowerBound(a: readonly number[], x: number): number {
	let lo = 0;
	let hi = a.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (a[mid] < x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

function upperBound(a: readonly number[], x: number): number {
	let lo = 0;
	let hi = a.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (a[mid] <= x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
