/**
 * Failure prediction: time until a resource series reaches its limit (heap -> max heap,
 * disk used -> capacity, pool in use -> pool max, p95 latency -> objective), with an
 * interval and a probability of breach within a horizon.
 *
 * Model: ordinary least squares line over the last `windowMs` of points. The time to the
 * limit comes from the fitted level now and the slope; its interval from the slope's 90 %
 * confidence interval; the breach probability within `horizonMs` from the line's predictive
 * distribution at the horizon (normal residuals): P = 1 - Phi((limit - yHat(h)) / sePred(h)).
 * For `direction: 'down'` (free space falling to a floor) everything is mirrored.
 */
import { normalCdf } from './stats';

export interface BreachRequest {
	timesMs: readonly number[];
	values: readonly number[];
	limit: number;
	/** 'up': breach when value >= limit; 'down': when value <= limit. Default 'up'. */
	direction?: 'up' | 'down';
	/** Fit window. Default 30 minutes. */
	windowMs?: number;
	/** Horizon for the probability. Default 60 minutes. */
	horizonMs?: number;
	/** "Now"; default the last timestamp. */
	nowMs?: number;
	/** Points needed in the window. Default 8. */
	minPoints?: number;
}

export type BreachState = 'breached' | 'trending' | 'stable' | 'insufficient-data';

export interface BreachPrediction {
	state: BreachState;
	/** Fitted value now. */
	current: number;
	/** Slope in value units per minute (signed as measured). */
	slopePerMin: number;
	/** Expected time to the limit from now (ms); Infinity when not heading there. */
	etaMs: number;
	/** 90 % interval of the time to the limit (ms); high may be Infinity. */
	etaLowMs: number;
	etaHighMs: number;
	/** Probability that the limit is reached within horizonMs. */
	probability: number;
	horizonMs: number;
	points: number;
}

/** Student-t 95th percentile (one-sided) for the slope's 90 % two-sided interval; normal beyond 30 dof. */
function t95(dof: number): number {
	const table = [6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761, 1.753, 1.746, 1.74, 1.734, 1.729, 1.725];
	if (dof < 1) return Infinity;
	if (dof <= table.length) return table[dof - 1];
	return dof < 30 ? 1.7 : 1.645;
}

export function predictBreach(request: BreachRequest): BreachPrediction {
	const { limit, windowMs = 30 * 60_000, horizonMs = 60 * 60_000, minPoints = 8 } = request;
	const sign = request.direction === 'down' ? -1 : 1;
	const n0 = Math.min(request.timesMs.length, request.values.length);
	const nowMs = request.nowMs ?? (n0 > 0 ? request.timesMs[n0 - 1] : 0);
	const xs: number[] = [];
	const ys: number[] = [];
	for (let i = 0; i < n0; i++) {
		const t = request.timesMs[i];
		const v = request.values[i];
		if (Number.isFinite(t) && Number.isFinite(v) && t <= nowMs && t > nowMs - windowMs) {
			xs.push((t - nowMs) / 60_000);
			ys.push(sign * v);
		}
	}
	const lim = sign * limit;
	const empty: BreachPrediction = { state: 'insufficient-data', current: NaN, slopePerMin: NaN, etaMs: Infinity, etaLowMs: Infinity, etaHighMs: Infinity, probability: 0, horizonMs, points: xs.length };
	if (xs.length < minPoints || !Number.isFinite(limit)) return empty;
	const n = xs.length;
	const mx = xs.reduce((a, b) => a + b, 0) / n;
	const my = ys.reduce((a, b) => a + b, 0) / n;
	let sxx = 0;
	let sxy = 0;
	for (let i = 0; i < n; i++) {
		sxx += (xs[i] - mx) ** 2;
		sxy += (xs[i] - mx) * (ys[i] - my);
	}
	if (sxx === 0) return empty;
	const slope = sxy / sxx;
	const intercept = my - slope * mx;
	let rss = 0;
	for (let i = 0; i < n; i++) rss += (ys[i] - intercept - slope * xs[i]) ** 2;
	const sigma = Math.sqrt(rss / Math.max(1, n - 2));
	const seSlope = sigma / Math.sqrt(sxx);
	const current = intercept;
	const horizonMin = horizonMs / 60_000;
	const result: BreachPrediction = { ...empty, current: sign * current, slopePerMin: sign * slope, points: n };
	if (current >= lim) return { ...result, state: 'breached', etaMs: 0, etaLowMs: 0, etaHighMs: 0, probability: 1 };
	const yH = intercept + slope * horizonMin;
	const sePred = Math.max(sigma * Math.sqrt(1 + 1 / n + (horizonMin - mx) ** 2 / sxx), 1e-12);
	const probability = 1 - normalCdf((lim - yH) / sePred);
	const gap = lim - current;
	const t = t95(n - 2);
	const slopeHi = slope + t * seSlope;
	const slopeLo = slope - t * seSlope;
	const eta = slope > 0 ? (gap / slope) * 60_000 : Infinity;
	const etaLow = slopeHi > 0 ? (gap / slopeHi) * 60_000 : Infinity;
	const etaHigh = slopeLo > 0 ? (gap / slopeLo) * 60_000 : Infinity;
	// "Trending" needs a slope distinguishable from zero (its 90 % interval above 0).
	const state: BreachState = slopeLo > 0 ? 'trending' : 'stable';
	return { ...result, state, etaMs: eta, etaLowMs: etaLow, etaHighMs: etaHigh, probability };
}

export interface BreachAlert {
	/** Rounded minutes until the expected breach. */
	inMinutes: number;
	probability: number;
}

/** "Expected to breach in about N min": when trending and the probability within the horizon reaches `minProbability`. */
export function breachAlert(prediction: BreachPrediction, minProbability = 0.5): BreachAlert | null {
	if (prediction.state === 'breached') return { inMinutes: 0, probability: 1 };
	if (prediction.state !== 'trending' || prediction.probability < minProbability || !Number.isFinite(prediction.etaMs)) return null;
	return { inMinutes: Math.max(1, Math.round(prediction.etaMs / 60_000)), probability: prediction.probability };
}
