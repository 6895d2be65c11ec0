/**
 * What the insight worker exposes (insight.worker.ts wraps it with comlink). Every function
 * is a domain function; the only state is the optional neural forecaster, loaded on demand
 * and used by `forecast` when present (statistical forecasters otherwise).
 */
import { bandAndScore, streamingScores } from '../src/lib/domain/insights/series-analysis';
import { forecastWithBestModel } from '../src/lib/domain/insights/forecast/backtest';
import { standardForecasters } from '../src/lib/domain/insights/forecast/library';
import { neuralForecaster } from '../src/lib/domain/insights/forecast/neural';
import type { Forecaster } from '../src/lib/domain/insights/forecast/types';
import { breachAlert, predictBreach } from '../src/lib/domain/insights/failure';
import { clusterDays } from '../src/lib/domain/insights/patterns';
import { analyseCauses } from '../src/lib/domain/insights/causal';
import { rankRootCauses } from '../src/lib/domain/insights/rca';
import { evaluateRules } from '../src/lib/domain/insights/rules/evaluate';
import { builtinRules } from '../src/lib/domain/insights/rules/library';
import { parseRule } from '../src/lib/domain/insights/rules/validate';
import { loadTimeSeriesModel, type TimeSeriesModelOptions } from '../src/lib/io/time-series-model';

export interface ForecastCall {
	history: number[];
	horizon: number;
	periodSteps: number;
	coverage?: number;
	folds?: number;
}

export function createInsightApi() {
	let neural: Forecaster | undefined;
	return {
		bandAndScore,
		streamingScores,
		predictBreach,
		breachAlert,
		clusterDays,
		analyseCauses,
		rankRootCauses,
		evaluateRules,
		parseRule,
		builtinRules: () => builtinRules,
		/** Loads the shipped model; resolves false with the reason when it cannot (forecasts stay statistical). */
		async loadModel(options: TimeSeriesModelOptions): Promise<{ loaded: boolean; error?: string }> {
			try {
				neural = neuralForecaster('patchtst', await loadTimeSeriesModel(options));
				return { loaded: true };
			} catch (error) {
				return { loaded: false, error: (error as Error).message };
			}
		},
		forecast(call: ForecastCall) {
			return forecastWithBestModel({ ...call, forecasters: standardForecasters(neural) });
		}
	};
}

export type InsightApi = ReturnType<typeof createInsightApi>;
