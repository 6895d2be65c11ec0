/**
 * Streaming anomaly detector (no look-ahead): each new value gets a score in [0, 1] computed
 * only from the values before it.
 *
 * 1. Experts (detector-experts.ts) turn the value into raw surprises: season, novelty, step,
 *    rarity.
 * 2. Each expert's raw surprise is calibrated against that expert's own last `recordRows`
 *    raw surprises (tail-surprise.ts): -ln p, p = how rarely it has been this surprised. A
 *    series whose normal life has spikes learns that spikes are ordinary; the same -ln p
 *    means the same rarity on every series, so one threshold fits all of them.
 * 3. The evidence is the largest calibrated surprise over experts that have scored
 *    `expertWarmupRows` values. score = s / (s + alertSurprise): 0.5 is the alert level.
 * 4. After an alert, scores are halved for `suppressRows` rows (so they stay below 0.5): one
 *    incident gives one alert, and the next alert needs a new incident.
 * Memory: O(historySize + levelWindow + experts x recordRows) numbers.
 */
import { DetectorExperts, EXPERT_NAMES } from './detector-experts';
import { TailSurprise } from './tail-surprise';

export { EXPERT_NAMES };

export interface StreamingDetectorOptions {
	/** Values behind the robust scales of seasonal residuals and steps. Default 288 (one day of 5-minute points). */
	levelWindow?: number;
	/** Values kept for rarity, seasonal references and period detection (memory bound; oldest dropped). Default 4400. */
	historySize?: number;
	/** Rows before any score is emitted. Default 150. */
	learningRows?: number;
	/** Raw surprises kept per expert to calibrate it (memory bound). Default 4000. */
	recordRows?: number;
	/** Candidate seasonal periods in rows; the one whose lag correlation is best and above `minSeasonCorrelation` is used. */
	periods?: number[];
	/** Default 0.6. */
	minSeasonCorrelation?: number;
	/** Rows damped after an alert (score >= 0.5). Default 100 (about 8 hours at 5 minutes). */
	suppressRows?: number;
	/** Values an expert must have scored before it counts. Default 200. */
	expertWarmupRows?: number;
	/** Half-width of the rarity expert's neighbourhood, as a share of the range seen. Default 0.03. */
	rarityBandwidth?: number;
	/** Calibrated surprise (-ln p) that raises an alert (score 0.5). Default 7.5: rarer than the largest of ~1800 values. */
	alertSurprise?: number;
	/** Quantile above which an expert's tail is fitted, for surprises beyond everything it has seen. Default 0.7. */
	tailQuantile?: number;
}

export const DETECTOR_DEFAULTS: Readonly<Required<StreamingDetectorOptions>> = {
	levelWindow: 288,
	historySize: 4400,
	learningRows: 150,
	recordRows: 4000,
	periods: [288, 2016],
	minSeasonCorrelation: 0.6,
	suppressRows: 100,
	expertWarmupRows: 200,
	rarityBandwidth: 0.03,
	alertSurprise: 7.5,
	tailQuantile: 0.7
};

/** Raw surprises are logarithms (log1p of a ratio stays below ~710 for finite ratios); an overflow is clamped here. */
const MAX_RAW = 1000;

export type AlertScorerOptions = Pick<Required<StreamingDetectorOptions>, 'learningRows' | 'recordRows' | 'suppressRows' | 'expertWarmupRows' | 'alertSurprise' | 'tailQuantile'>;

/**
 * Steps 2-4 above: raw expert surprises in, score out. Separate from the experts so an
 * evaluation can replay one expert run under several scorer settings.
 */
export class AlertScorer {
	private readonly tails: TailSurprise[];
	private readonly scored: Int32Array;
	private rows = 0;
	private sinceAlert = Infinity;
	/** The last row's calibrated surprise per expert (EXPERT_NAMES order; 0 without a reference). */
	readonly lastSurprises: Float64Array;

	constructor(
		private readonly o: AlertScorerOptions,
		experts = EXPERT_NAMES.length
	) {
		this.tails = Array.from({ length: experts }, () => new TailSurprise(o.recordRows, o.tailQuantile));
		this.scored = new Int32Array(experts);
		this.lastSurprises = new Float64Array(experts);
	}

	/** Score in [0, 1] for one row's raw surprises (NaN: that expert has no reference). */
	update(raws: ArrayLike<number>): number {
		let best = 0;
		for (let e = 0; e < this.tails.length; e++) {
			const raw = Math.min(raws[e], MAX_RAW);
			if (Number.isNaN(raw)) {
				this.lastSurprises[e] = 0;
				continue;
			}
			this.scored[e]++;
			const s = this.tails[e].surprise(raw);
			this.tails[e].learn(raw);
			this.lastSurprises[e] = s;
			if (this.scored[e] > this.o.expertWarmupRows && s > best) best = s;
		}
		this.rows++;
		if (this.rows <= this.o.learningRows) return 0;
		const score = best / (best + this.o.alertSurprise);
		this.sinceAlert++;
		if (this.sinceAlert <= this.o.suppressRows) return score * 0.5;
		if (score >= 0.5) this.sinceAlert = 0;
		return score;
	}
}

export class StreamingDetector {
	private readonly experts: DetectorExperts;
	private readonly scorer: AlertScorer;

	constructor(options: StreamingDetectorOptions = {}) {
		const o = { ...DETECTOR_DEFAULTS, ...options };
		this.experts = new DetectorExperts(o);
		this.scorer = new AlertScorer(o);
	}

	/** Detected seasonal period in rows (0 when none). */
	get seasonRows(): number {
		return this.experts.seasonRows;
	}

	/** The last row's calibrated surprise (-ln p) per expert, in EXPERT_NAMES order. */
	get lastSurprises(): Float64Array {
		return this.scorer.lastSurprises;
	}

	/** Scores `value` against the past, then learns it. Non-finite values score 0 and are skipped. */
	update(value: number): number {
		if (!Number.isFinite(value)) return 0;
		return this.scorer.update(this.experts.update(value));
	}
}
