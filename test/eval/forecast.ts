/**
 * Forecasting evaluation: rolling origin, scored on forecasts of the second half of each
 * series only (the PatchTST model was trained on first halves of the NAB series), MASE
 * against the in-sample seasonal naive scale, for each forecaster and for per-series online
 * selection: at each origin, the forecaster with the lowest MASE over earlier origins whose
 * windows had closed, warmed up by unscored origins from 25 % of the series (for NAB these
 * lie in the model's training half, which can only flatter the model's selection history,
 * never a scored point).
 */
import { rollingOrigin, seasonalScale, selectByPast, type OriginResult } from '../../src/lib/domain/insights/forecast/backtest';
import type { Forecaster } from '../../src/lib/domain/insights/forecast/types';

export interface SeriesInput {
	name: string;
	values: readonly number[];
}

export interface ForecastEvalRow {
	dataset: string;
	horizon: number;
	/** Mean MASE over all origins of all series, by forecaster (plus 'selected'). */
	mase: Record<string, number>;
	/** mase / mase of seasonal naive. */
	ratio: Record<string, number>;
	origins: number;
	series: number;
	/** How often each forecaster was the selected one. */
	selectedCounts: Record<string, number>;
}

export interface ForecastEvalOptions {
	dataset: string;
	series: readonly SeriesInput[];
	forecasters: readonly Forecaster[];
	periodSteps: number;
	horizons: readonly number[];
	/** Step between origins. */
	originStep: number;
	fallback: string;
	maxHistory?: number;
}

export async function evaluateForecasting(options: ForecastEvalOptions): Promise<ForecastEvalRow[]> {
	const { series, forecasters, periodSteps, horizons, originStep, fallback, maxHistory } = options;
	const longest = Math.max(...horizons);
	const perSeries: OriginResult[][] = [];
	for (const s of series) {
		const origins: number[] = [];
		// Origins from 25 % of the series: those before 50 % only warm up the online selection
		// (never scored); scored origins forecast points in the second half only.
		for (let o = Math.floor(s.values.length / 2); o - originStep >= Math.floor(s.values.length / 4); ) o -= originStep, origins.unshift(o);
		for (let o = Math.floor(s.values.length / 2); o + longest <= s.values.length; o += originStep) origins.push(o);
		perSeries.push(await rollingOrigin({ series: s.values, forecasters, horizon: longest, periodSteps, origins, maxHistory }));
	}
	const rows: ForecastEvalRow[] = [];
	for (const horizon of horizons) {
		const sums: Record<string, { sum: number; n: number }> = {};
		const counts: Record<string, number> = {};
		let originsTotal = 0;
		const add = (name: string, v: number) => {
			if (!Number.isFinite(v)) return;
			sums[name] ??= { sum: 0, n: 0 };
			sums[name].sum += v;
			sums[name].n++;
		};
		perSeries.forEach((results, si) => {
			const values = series[si].values;
			// Re-score at this horizon: MASE over the first `horizon` steps of each forecast.
			const rescored: OriginResult[] = results.map((r) => {
				const history = values.slice(0, r.origin);
				const scale = scaleOf(history, periodSteps);
				const mase: Record<string, number> = {};
				for (const [name, errs] of Object.entries(r.errors)) {
					let sum = 0;
					let n = 0;
					for (let h = 0; h < horizon; h++) if (Number.isFinite(errs[h])) { sum += Math.abs(errs[h]); n++; }
					mase[name] = n ? sum / n / scale : NaN;
				}
				return { origin: r.origin, mase, errors: r.errors };
			});
			const scoredFrom = Math.floor(values.length / 2);
			rescored.forEach((r, k) => {
				if (r.origin < scoredFrom) return;
				originsTotal++;
				for (const [name, v] of Object.entries(r.mase)) add(name, v);
				const chosen = selectByPast(rescored.slice(0, k), r.origin, horizon, fallback);
				counts[chosen] = (counts[chosen] ?? 0) + 1;
				add('selected', r.mase[chosen]);
			});
		});
		const mase: Record<string, number> = {};
		for (const [name, s] of Object.entries(sums)) mase[name] = s.sum / s.n;
		const base = mase['seasonal-naive'];
		const ratio: Record<string, number> = {};
		for (const [name, v] of Object.entries(mase)) ratio[name] = v / base;
		rows.push({ dataset: options.dataset, horizon, mase, ratio, origins: originsTotal, series: series.length, selectedCounts: counts });
	}
	return rows;
}

function scaleOf(history: readonly number[], periodSteps: number): number {
	return seasonalScale(history, periodSteps);
}
