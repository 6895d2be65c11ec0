/**
 * Forecasting contract. A forecaster sees the history (oldest first, regular steps, NaN for a
 * missing point) and returns `horizon` point forecasts. Prediction intervals are added by
 * `withIntervals` from backtest residuals, so every forecaster (statistical or neural) gets
 * intervals calibrated the same way.
 */
export interface ForecastRequest {
	history: readonly number[];
	horizon: number;
	/** Seasonal period in steps (e.g. 288 for a daily cycle at 5-minute steps); 0 = none. */
	periodSteps: number;
}

export interface Forecaster {
	readonly name: string;
	/** Minimum history length the forecaster needs for `periodSteps`. */
	minHistory(periodSteps: number): number;
	forecast(request: ForecastRequest): number[] | Promise<number[]>;
}

export interface ForecastWithInterval {
	forecaster: string;
	mean: number[];
	/** Lower and upper bounds of the central interval at `coverage` (e.g. 0.8). */
	lower: number[];
	upper: number[];
	coverage: number;
}
