/**
 * Rolling-origin backtests, MASE, per-series model selection and empirical prediction
 * intervals. Every origin forecasts only from the points before it (no look-ahead).
 */
import { quantile } from '../stats';
import { fillGaps } from './statistical';
import type { ForecastWithInterval, Forecaster } from './types';

/** Mean absolute seasonal difference of the history (the MASE denominator); falls back to lag 1. */
export function seasonalScale(history: readonly number[], periodSteps: number): number {
	const x = fillGaps(history);
	const m = periodSteps > 0 && x.length > periodSteps + 1 ? periodSteps : 1;
	let sum = 0;
	let n = 0;
	for (let i = m; i < x.length; i++) {
		sum += Math.abs(x[i] - x[i - m]);
		n++;
	}
	const scale = n > 0 ? sum / n : 0;
	return scale > 0 ? scale : 1e-9;
}

export function meanAbsoluteError(actual: readonly number[], forecast: readonly number[]): number {
	let sum = 0;
	let n = 0;
	for (let i = 0; i < Math.min(actual.length, forecast.length); i++) {
		if (Number.isFinite(actual[i]) && Number.isFinite(forecast[i])) {
			sum += Math.abs(actual[i] - forecast[i]);
			n++;
		}
	}
	return n > 0 ? sum / n : NaN;
}

export interface OriginResult {
	origin: number;
	/** MASE of each forecaster at this origin, by name. */
	mase: Record<string, number>;
	/** Signed errors (actual - forecast) per horizon step, by name. */
	errors: Record<string, number[]>;
}

export interface RollingOriginOptions {
	series: readonly number[];
	forecasters: readonly Forecaster[];
	horizon: number;
	periodSteps: number;
	/** Indexes at which forecasts are made (the forecast covers origin .. origin + horizon - 1). */
	origins: readonly number[];
	/** History passed to forecasters is at most this many points before the origin. */
	maxHistory?: number;
}

export async function rollingOrigin(options: RollingOriginOptions): Promise<OriginResult[]> {
	const { series, forecasters, horizon, periodSteps, origins, maxHistory = Infinity } = options;
	const results: OriginResult[] = [];
	for (const origin of origins) {
		if (origin + horizon > series.length) continue;
		const history = series.slice(Math.max(0, origin - maxHistory), origin);
		const actual = series.slice(origin, origin + horizon);
		const scale = seasonalScale(history, periodSteps);
		const mase: Record<string, number> = {};
		const errors: Record<string, number[]> = {};
		for (const f of forecasters) {
			if (history.length < f.minHistory(periodSteps)) continue;
			const fc = await f.forecast({ history, horizon, periodSteps });
			mase[f.name] = meanAbsoluteError(actual, fc) / scale;
			errors[f.name] = actual.map((a, i) => a - fc[i]);
		}
		results.push({ origin, mase, errors });
	}
	return results;
}

/**
 * Online selection for origin k: the forecaster with the lowest mean MASE over earlier
 * origins whose forecast window closed before k; `fallback` when there is none yet.
 */
export function selectByPast(past: readonly OriginResult[], origin: number, horizon: number, fallback: string): string {
	const sums = new Map<string, { sum: number; n: number }>();
	for (const r of past) {
		if (r.origin + horizon > origin) continue;
		for (const [name, v] of Object.entries(r.mase)) {
			if (!Number.isFinite(v)) continue;
			const s = sums.get(name) ?? { sum: 0, n: 0 };
			s.sum += v;
			s.n++;
			sums.set(name, s);
		}
	}
	let best = fallback;
	let bestMean = Infinity;
	for (const [name, s] of sums) {
		const m = s.sum / s.n;
		if (m < bestMean) {
			bestMean = m;
			best = name;
		}
	}
	return best;
}

export interface ChooseOptions {
	history: readonly number[];
	forecasters: readonly Forecaster[];
	horizon: number;
	periodSteps: number;
	/** Backtest origins taken from the end of the history. Default 4. */
	folds?: number;
	/** Central interval coverage. Default 0.8. */
	coverage?: number;
}

/**
 * Backtests every forecaster on the last `folds` origins of the history, picks the lowest
 * mean MASE, forecasts from the full history with it and adds an interval from the chosen
 * forecaster's backtest errors per horizon step (empirical quantiles, widened to at least the
 * spread of all steps so a short backtest never gives a zero-width band).
 */
export async function forecastWithBestModel(options: ChooseOptions): Promise<ForecastWithInterval & { backtestMase: Record<string, number> }> {
	const { history, forecasters, horizon, periodSteps, folds = 4, coverage = 0.8 } = options;
	if (forecasters.length === 0) throw new Error('forecastWithBestModel needs at least one forecaster');
	const origins: number[] = [];
	const step = Math.max(1, Math.floor(horizon / 2));
	for (let k = folds; k >= 1; k--) origins.push(history.length - horizon - (k - 1) * step);
	const usable = origins.filter((o) => o > 0);
	const results = await rollingOrigin({ series: history, forecasters, horizon, periodSteps, origins: usable });
	const backtestMase: Record<string, number> = {};
	for (const f of forecasters) {
		const v = results.map((r) => r.mase[f.name]).filter(Number.isFinite);
		if (v.length) backtestMase[f.name] = v.reduce((a, b) => a + b, 0) / v.length;
	}
	let chosen = forecasters.find((f) => history.length >= f.minHistory(periodSteps)) ?? forecasters[0];
	for (const f of forecasters) if ((backtestMase[f.name] ?? Infinity) < (backtestMase[chosen.name] ?? Infinity)) chosen = f;
	const mean = await chosen.forecast({ history, horizon, periodSteps });
	const lowQ = (1 - coverage) / 2;
	const allErrors = results.flatMap((r) => r.errors[chosen.name] ?? []).filter(Number.isFinite);
	const globalLow = allErrors.length ? quantile(allErrors, lowQ) : 0;
	const globalHigh = allErrors.length ? quantile(allErrors, 1 - lowQ) : 0;
	const lower: number[] = [];
	const upper: number[] = [];
	for (let h = 0; h < horizon; h++) {
		// Errors at nearby steps (+/- 10 % of the horizon) pooled, so each step has enough samples.
		const radius = Math.max(1, Math.floor(horizon / 10));
		const pooled: number[] = [];
		for (const r of results) {
			const e = r.errors[chosen.name];
			if (!e) continue;
			for (let j = Math.max(0, h - radius); j <= Math.min(horizon - 1, h + radius); j++) if (Number.isFinite(e[j])) pooled.push(e[j]);
		}
		const lo = pooled.length >= 8 ? quantile(pooled, lowQ) : globalLow;
		const hi = pooled.length >= 8 ? quantile(pooled, 1 - lowQ) : globalHigh;
		lower.push(mean[h] + Math.min(lo, 0));
		upper.push(mean[h] + Math.max(hi, 0));
	}
	return { forecaster: chosen.name, mean, lower, upper, coverage, backtestMase };
}
