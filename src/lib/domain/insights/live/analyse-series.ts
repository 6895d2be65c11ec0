/**
 * Offline analysis of one series (an imported file's column, or a sample): put on a regular
 * grid, banded and scored (bandAndScore: seasonal baseline by load pattern when there are
 * at least `minPatternDays` whole days, anomaly events with hysteresis), its days clustered,
 * and forecast for the next hour and day where the history allows (forecast-plan.ts).
 *
 * Grid: the median spacing of the timestamps (at least one second); values falling in one
 * grid step are averaged, empty steps are gaps (NaN). Bound: at most `maxPoints` grid points
 * (the newest are kept, the cut is reported in `droppedPoints`).
 */
import type { AnomalyEvent } from '../events';
import { clusterDays, type PatternResult } from '../patterns';
import { bandAndScore } from '../series-analysis';
import type { Forecaster } from '../forecast/types';
import { median } from '../stats';
import { forecastPlans, forecastSeries, type ForecastOutcome } from './forecast-plan';

export interface RegularSeries {
	startMs: number;
	stepMs: number;
	values: number[];
	droppedPoints: number;
}

export function regularise(timesMs: readonly number[], values: readonly number[], maxPoints = 200_000): RegularSeries {
	const pairs: [number, number][] = [];
	for (let i = 0; i < Math.min(timesMs.length, values.length); i++) if (Number.isFinite(timesMs[i])) pairs.push([timesMs[i], values[i]]);
	pairs.sort((a, b) => a[0] - b[0]);
	if (pairs.length === 0) return { startMs: 0, stepMs: 60_000, values: [], droppedPoints: 0 };
	const gaps: number[] = [];
	for (let i = 1; i < pairs.length; i++) if (pairs[i][0] > pairs[i - 1][0]) gaps.push(pairs[i][0] - pairs[i - 1][0]);
	const stepMs = Math.max(1_000, gaps.length ? median(gaps) : 60_000);
	let startMs = pairs[0][0];
	const endMs = pairs[pairs.length - 1][0];
	let n = Math.floor((endMs - startMs) / stepMs) + 1;
	let droppedPoints = 0;
	if (n > maxPoints) {
		droppedPoints = n - maxPoints;
		startMs += droppedPoints * stepMs;
		n = maxPoints;
	}
	const sum = new Float64Array(n);
	const count = new Uint32Array(n);
	for (const [t, v] of pairs) {
		const i = Math.round((t - startMs) / stepMs);
		if (i < 0 || i >= n || !Number.isFinite(v)) continue;
		sum[i] += v;
		count[i]++;
	}
	return { startMs, stepMs, values: Array.from(sum, (s, i) => (count[i] ? s / count[i] : NaN)), droppedPoints };
}

export interface SeriesAnalysis {
	name: string;
	startMs: number;
	stepMs: number;
	droppedPoints: number;
	values: number[];
	expected: number[];
	lower: number[];
	upper: number[];
	/** Anomaly score per point in [0, 1]. */
	score: number[];
	anomalies: AnomalyEvent[];
	patterns: PatternResult | null;
	forecasts: ForecastOutcome[];
}

export const minPatternDays = 7;

function slotMinutesFor(stepMs: number): number {
	const stepMin = stepMs / 60_000;
	return [15, 30, 60, 120, 180, 240, 360, 720, 1440].find((m) => m >= stepMin) ?? 1440;
}

export async function analyseSeries(options: {
	name: string;
	timesMs: readonly number[];
	values: readonly number[];
	forecasters: readonly Forecaster[];
	utcOffsetMinutes?: number;
	maxPoints?: number;
}): Promise<SeriesAnalysis> {
	const grid = regularise(options.timesMs, options.values, options.maxPoints);
	const timesMs = grid.values.map((_, i) => grid.startMs + i * grid.stepMs);
	const utcOffsetMinutes = options.utcOffsetMinutes ?? 0;
	const spanDays = (grid.values.length * grid.stepMs) / 86_400_000;
	let patterns: PatternResult | null = null;
	if (spanDays >= minPatternDays) {
		const found = clusterDays(timesMs, grid.values, { utcOffsetMinutes });
		if (found.days.length >= minPatternDays) patterns = found;
	}
	const pointsPerDay = Math.max(1, Math.round(86_400_000 / grid.stepMs));
	const banded = bandAndScore({
		timesMs,
		values: grid.values,
		baseline: { slotMinutes: slotMinutesFor(grid.stepMs), utcOffsetMinutes },
		// a day of learning before events count (or a quarter of a shorter series)
		warmupPoints: Math.min(pointsPerDay, Math.floor(grid.values.length / 4)),
		...(patterns ? { patterns } : {})
	});
	const lastMs = timesMs[timesMs.length - 1] ?? grid.startMs;
	const forecasts: ForecastOutcome[] = [];
	for (const plan of forecastPlans(grid.stepMs)) {
		forecasts.push(await forecastSeries({ values: grid.values, lastMs, inputStepMs: grid.stepMs, plan, forecasters: options.forecasters }));
	}
	return {
		name: options.name,
		startMs: grid.startMs,
		stepMs: grid.stepMs,
		droppedPoints: grid.droppedPoints,
		values: grid.values,
		expected: banded.expected,
		lower: banded.lower,
		upper: banded.upper,
		score: banded.score,
		anomalies: banded.events,
		patterns,
		forecasts
	};
}
