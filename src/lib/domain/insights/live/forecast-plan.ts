/**
 * Which forecasts a series can have, at which step. The next hour is forecast at one-minute
 * steps (finer data is averaged up), the next day at five-minute steps with a daily season
 * (288 steps: the shipped PatchTST's output length); each needs at least `minHistoryFactor`
 * horizons of history so the backtest has origins to score forecasters on.
 *
 *   history   >= 2 h            next hour  (60 x 1 min)
 *             >= 2 days         next day   (288 x 5 min, season 288)
 */
import { forecastWithBestModel } from '../forecast/backtest';
import type { ForecastWithInterval, Forecaster } from '../forecast/types';

export type ForecastHorizon = 'hour' | 'day';

export interface ForecastPlan {
	horizon: ForecastHorizon;
	/** Step of the forecast, and how many input steps make one of it. */
	stepMs: number;
	factor: number;
	steps: number;
	periodSteps: number;
	/** History (in forecast steps) needed. */
	minHistory: number;
}

export const minHistoryFactor = 2;
const MINUTE = 60_000;

export function forecastPlans(inputStepMs: number): ForecastPlan[] {
	const plans: ForecastPlan[] = [];
	const add = (horizon: ForecastHorizon, targetStepMs: number, horizonMs: number, periodMs: number) => {
		const factor = Math.max(1, Math.round(targetStepMs / inputStepMs));
		const stepMs = inputStepMs * factor;
		const steps = Math.round(horizonMs / stepMs);
		if (steps < 1) return;
		plans.push({ horizon, stepMs, factor, steps, periodSteps: periodMs > 0 ? Math.round(periodMs / stepMs) : 0, minHistory: minHistoryFactor * steps });
	};
	if (inputStepMs <= 5 * MINUTE) add('hour', MINUTE, 60 * MINUTE, 0);
	if (inputStepMs <= 60 * MINUTE) add('day', 5 * MINUTE, 1440 * MINUTE, 1440 * MINUTE);
	return plans;
}

/** Means of consecutive groups of `factor` values (NaN ignored; an all-NaN group is NaN), aligned to the end. */
export function aggregate(values: readonly number[], factor: number): number[] {
	if (factor <= 1) return values.slice();
	const out: number[] = [];
	// the newest group ends at the newest value, so the forecast starts right after it
	const start = values.length % factor;
	for (let i = start; i + factor <= values.length; i += factor) {
		let sum = 0;
		let n = 0;
		for (let j = i; j < i + factor; j++) {
			if (Number.isFinite(values[j])) {
				sum += values[j];
				n++;
			}
		}
		out.push(n > 0 ? sum / n : NaN);
	}
	return out;
}

/** Drops leading NaN (before the series began) so forecasters see only collected history. */
export function trimLeading(values: readonly number[]): number[] {
	const first = values.findIndex((v) => Number.isFinite(v));
	return first < 0 ? [] : values.slice(first);
}

export interface ForecastView extends ForecastWithInterval {
	horizon: ForecastHorizon;
	/** Unix ms of the first forecast step, and the step. */
	fromMs: number;
	stepMs: number;
	backtestMase: Record<string, number>;
}

export type ForecastOutcome = { status: 'done'; forecast: ForecastView } | { status: 'needs-history'; horizon: ForecastHorizon; haveMs: number; needMs: number };

/**
 * Forecast of one plan from a regular history (`inputStepMs` apart, newest at `lastMs`), with
 * the best forecaster of a backtest over `forecasters` and an 80 % interval.
 */
export async function forecastSeries(options: {
	values: readonly number[];
	lastMs: number;
	inputStepMs: number;
	plan: ForecastPlan;
	forecasters: readonly Forecaster[];
	coverage?: number;
}): Promise<ForecastOutcome> {
	const { plan } = options;
	const history = trimLeading(aggregate(options.values, plan.factor));
	if (history.length < plan.minHistory || history.filter(Number.isFinite).length < plan.minHistory / 2) {
		return { status: 'needs-history', horizon: plan.horizon, haveMs: history.length * plan.stepMs, needMs: plan.minHistory * plan.stepMs };
	}
	const fc = await forecastWithBestModel({ history, forecasters: options.forecasters, horizon: plan.steps, periodSteps: plan.periodSteps, coverage: options.coverage ?? 0.8 });
	// aggregated groups end at the newest input value, so step k covers lastMs + (k + 1) x step
	return { status: 'done', forecast: { ...fc, horizon: plan.horizon, fromMs: options.lastMs + options.inputStepMs, stepMs: plan.stepMs } };
}
