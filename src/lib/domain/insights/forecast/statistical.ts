/**
 * Statistical forecasters: seasonal naive, seasonal mean of the last k periods, additive
 * Holt-Winters with damped trend (parameters chosen by one-step squared error on the
 * history), and a median ensemble of forecasters.
 */
import type { ForecastRequest, Forecaster } from './types';

/** Replaces NaN with the previous finite value (or the first finite one) so recursions stay finite. */
export function fillGaps(history: readonly number[]): number[] {
	const out = history.slice();
	let last = NaN;
	for (let i = 0; i < out.length; i++) {
		if (Number.isFinite(out[i])) last = out[i];
		else out[i] = last;
	}
	const first = out.find((v) => Number.isFinite(v)) ?? 0;
	for (let i = 0; i < out.length && !Number.isFinite(out[i]); i++) out[i] = first;
	return out;
}

export const seasonalNaive: Forecaster = {
	name: 'seasonal-naive',
	minHistory: (p) => Math.max(1, p),
	forecast({ history, horizon, periodSteps }: ForecastRequest): number[] {
		const x = fillGaps(history);
		const p = periodSteps > 0 && x.length >= periodSteps ? periodSteps : 1;
		const out: number[] = [];
		for (let h = 0; h < horizon; h++) out.push(x[x.length - p + (h % p)]);
		return out;
	}
};

/**
 * Mean of the same phase over the last `seasons` periods, shifted to the recent level
 * (difference between the last period's mean and the k-period mean, half-weighted).
 */
export function seasonalMean(seasons = 4): Forecaster {
	return {
		name: `seasonal-mean-${seasons}`,
		minHistory: (p) => Math.max(1, p) * 2,
		forecast({ history, horizon, periodSteps }: ForecastRequest): number[] {
			const x = fillGaps(history);
			const p = periodSteps > 0 ? periodSteps : 1;
			const k = Math.max(1, Math.min(seasons, Math.floor(x.length / p)));
			const out: number[] = [];
			for (let h = 0; h < horizon; h++) {
				let sum = 0;
				for (let s = 0; s < k; s++) sum += x[x.length - (s + 1) * p + (h % p)];
				out.push(sum / k);
			}
			return out;
		}
	};
}

interface HwParams {
	alpha: number;
	beta: number;
	gamma: number;
	phi: number;
}

/** Runs additive damped Holt-Winters; returns one-step SSE and the final state. */
function runHoltWinters(x: readonly number[], p: number, prm: HwParams) {
	const m = Math.max(1, p);
	let level = 0;
	for (let i = 0; i < m; i++) level += x[i];
	level /= m;
	let trend = 0;
	if (x.length >= 2 * m && m > 1) {
		let second = 0;
		for (let i = m; i < 2 * m; i++) second += x[i];
		trend = (second / m - level) / m;
	}
	const season = new Float64Array(m);
	if (m > 1) for (let i = 0; i < m; i++) season[i] = x[i] - level;
	let sse = 0;
	for (let t = m; t < x.length; t++) {
		const s = m > 1 ? season[t % m] : 0;
		const fc = level + prm.phi * trend + s;
		const err = x[t] - fc;
		sse += err * err;
		const prevLevel = level;
		level = prm.alpha * (x[t] - s) + (1 - prm.alpha) * (prevLevel + prm.phi * trend);
		trend = prm.beta * (level - prevLevel) + (1 - prm.beta) * prm.phi * trend;
		if (m > 1) season[t % m] = prm.gamma * (x[t] - level) + (1 - prm.gamma) * s;
	}
	return { sse, level, trend, season, next: x.length };
}

const ALPHAS = [0.02, 0.05, 0.1, 0.2, 0.4, 0.7];
const BETAS = [0, 0.01, 0.05];
const GAMMAS = [0.05, 0.1, 0.2, 0.4];
/** Damping 0.98 stops a noisy trend running away over a day; 1 keeps a real one. */
const PHIS = [0.98, 1];

export const holtWinters: Forecaster = {
	name: 'holt-winters',
	minHistory: (p) => Math.max(2, p) * 2,
	forecast({ history, horizon, periodSteps }: ForecastRequest): number[] {
		const x = fillGaps(history);
		const p = periodSteps > 0 && x.length >= 2 * periodSteps ? periodSteps : 1;
		// Fit on at most the last 8 periods (or 2,000 steps without season): older data adds
		// cost, and the smoothing forgets it anyway.
		const keep = p > 1 ? Math.min(x.length, 8 * p) : Math.min(x.length, 2000);
		const y = x.slice(x.length - keep);
		let best: ReturnType<typeof runHoltWinters> | null = null;
		let bestPrm: HwParams | null = null;
		for (const alpha of ALPHAS)
			for (const beta of BETAS)
				for (const gamma of p > 1 ? GAMMAS : [0])
					for (const phi of beta > 0 ? PHIS : [1]) {
						const prm = { alpha, beta, gamma, phi };
						const run = runHoltWinters(y, p, prm);
						if (!best || run.sse < best.sse) {
							best = run;
							bestPrm = prm;
						}
					}
		const out: number[] = [];
		if (!best || !bestPrm) return out;
		let damp = 0;
		for (let h = 1; h <= horizon; h++) {
			damp += bestPrm.phi ** h;
			const s = p > 1 ? best.season[(best.next + h - 1) % p] : 0;
			out.push(best.level + damp * best.trend + s);
		}
		return out;
	}
};

/** Point-wise median of several forecasters (robust to one of them going astray). */
export function medianEnsemble(members: readonly Forecaster[], name = 'ensemble'): Forecaster {
	return {
		name,
		minHistory: (p) => Math.max(...members.map((m) => m.minHistory(p))),
		async forecast(request: ForecastRequest): Promise<number[]> {
			const runs = await Promise.all(members.map((m) => m.forecast(request)));
			const out: number[] = [];
			for (let h = 0; h < request.horizon; h++) {
				const v = runs.map((r) => r[h]).filter(Number.isFinite).sort((a, b) => a - b);
				const mid = v.length >> 1;
				out.push(v.length === 0 ? NaN : v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2);
			}
			return out;
		}
	};
}

/** Flat forecast at the mean of the last period (or last `fallbackSteps` points without one). */
export function recentMean(fallbackSteps = 288): Forecaster {
	return {
		name: 'recent-mean',
		minHistory: () => 1,
		forecast({ history, horizon, periodSteps }: ForecastRequest): number[] {
			const x = fillGaps(history);
			const n = Math.min(x.length, periodSteps > 0 ? periodSteps : fallbackSteps);
			let sum = 0;
			for (let i = x.length - n; i < x.length; i++) sum += x[i];
			return new Array<number>(horizon).fill(n > 0 ? sum / n : NaN);
		}
	};
}

/**
 * Flat forecast at the median of the last period: the absolute-error-optimal level for a
 * series that is flat but spiky (spikes pull a mean up; they barely move a median).
 */
export function recentMedian(fallbackSteps = 288): Forecaster {
	return {
		name: 'recent-median',
		minHistory: () => 1,
		forecast({ history, horizon, periodSteps }: ForecastRequest): number[] {
			const x = fillGaps(history);
			const n = Math.min(x.length, periodSteps > 0 ? periodSteps : fallbackSteps);
			const tail = x.slice(x.length - n).sort((a, b) => a - b);
			const mid = tail.length >> 1;
			const m = tail.length === 0 ? NaN : tail.length % 2 ? tail[mid] : (tail[mid - 1] + tail[mid]) / 2;
			return new Array<number>(horizon).fill(m);
		}
	};
}

/**
 * Seasonal naive at `cycles` periods back (cycles = 7 with a daily period is "same time last
 * week"), for load that differs by weekday. Needs `cycles` full periods of history.
 */
export function seasonalNaiveCycles(cycles: number, name = `seasonal-naive-x${cycles}`): Forecaster {
	return {
		name,
		minHistory: (p) => Math.max(1, p) * cycles,
		forecast({ history, horizon, periodSteps }: ForecastRequest): number[] {
			return seasonalNaive.forecast({ history, horizon, periodSteps: periodSteps * cycles }) as number[];
		}
	};
}
