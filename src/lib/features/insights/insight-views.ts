/**
 * Shaping insights for the page: chart data with bands (uPlot contract: x in seconds, null
 * for gaps), forecast charts with their interval, pattern shapes, and rule conditions as
 * indented rows. Pure functions; the components only lay them out.
 */
import type { AlignedData } from '$lib/components/chart/chart-data';
import { toAlignedData } from '$lib/components/chart/chart-data';
import type { ForecastOutcome, ForecastView } from '$lib/domain/insights/live/forecast-plan';
import type { SeriesChart } from '$lib/domain/insights/live/snapshot';
import type { PatternResult } from '$lib/domain/insights/patterns';
import type { ConditionResult, RuleResult } from '$lib/domain/insights/rules/types';

export interface BandedChart {
	data: AlignedData;
	band: { lower: (number | null)[]; expected: (number | null)[]; upper: (number | null)[] };
	stepSec: number;
}

const nn = (v: number) => (Number.isFinite(v) ? v : null);

/** A series with its band; `scale` converts the unit for display (100 for percent axes, 1 otherwise). */
export function bandedChart(chart: SeriesChart, stepMs: number, floorAtZero = true): BandedChart {
	const lower = chart.lower.map((v) => nn(floorAtZero ? Math.max(0, v) : v));
	return {
		data: toAlignedData(chart.xsMs.map((t) => t / 1000), [chart.values]),
		band: { lower, expected: chart.expected.map(nn), upper: chart.upper.map(nn) },
		stepSec: stepMs / 1000
	};
}

/** An imported series' analysis as a banded chart (values, expected, lower, upper on one grid). */
export function analysisChart(a: { startMs: number; stepMs: number; values: number[]; expected: number[]; lower: number[]; upper: number[] }): BandedChart {
	return bandedChart({ xsMs: a.values.map((_, i) => a.startMs + i * a.stepMs), values: a.values, expected: a.expected, lower: a.lower, upper: a.upper }, a.stepMs, false);
}

/** A forecast as a chart: the mean as the series, the interval as the band. */
export function forecastChart(f: ForecastView): BandedChart {
	const xsMs = f.mean.map((_, i) => f.fromMs + i * f.stepMs);
	return {
		data: toAlignedData(xsMs.map((t) => t / 1000), [f.mean]),
		band: { lower: f.lower.map(nn), expected: f.mean.map(nn), upper: f.upper.map(nn) },
		stepSec: f.stepMs / 1000
	};
}

/** Backtest MASE per forecaster, best first (the chosen one leads). */
export function maseRows(f: ForecastView): { name: string; mase: number; chosen: boolean }[] {
	return Object.entries(f.backtestMase)
		.filter(([, v]) => Number.isFinite(v))
		.map(([name, mase]) => ({ name, mase, chosen: name === f.forecaster }))
		.sort((a, b) => Number(b.chosen) - Number(a.chosen) || a.mase - b.mase || a.name.localeCompare(b.name));
}

export function doneForecasts(outcomes: readonly ForecastOutcome[]): ForecastView[] {
	return outcomes.flatMap((o) => (o.status === 'done' ? [o.forecast] : []));
}

/**
 * Group centroids as one chart over the hours of a day: x = hour 0..bins-1 (as seconds on an
 * epoch day, so the time axis reads 00:00-23:00 in UTC labels), one column per group.
 */
export function patternShapes(result: PatternResult): { xsSec: number[]; columns: number[][] } {
	const bins = result.groups[0]?.centroid.length ?? 0;
	const xsSec = Array.from({ length: bins }, (_, i) => (i * 86_400) / Math.max(bins, 1));
	return { xsSec, columns: result.groups.map((g) => g.centroid) };
}

export interface ConditionRow {
	id: string;
	depth: number;
	fired: boolean;
	node?: string;
	observed?: number;
	reason?: string;
	group: boolean;
}

/** A rule's condition tree as rows with their depth (groups before their children). */
export function conditionRows(conditions: readonly ConditionResult[], depth = 0): ConditionRow[] {
	return conditions.flatMap((c) => [
		{ id: c.id, depth, fired: c.fired, group: c.children !== undefined, ...(c.node ? { node: c.node } : {}), ...(c.observed !== undefined ? { observed: c.observed } : {}), ...(c.reason ? { reason: c.reason } : {}) },
		...conditionRows(c.children ?? [], depth + 1)
	]);
}

/** Fired results and near misses apart, each sorted as the engine ranked them. */
export function splitRules(results: readonly RuleResult[]): { fired: RuleResult[]; near: RuleResult[] } {
	return { fired: results.filter((r) => r.fired), near: results.filter((r) => !r.fired) };
}

/** Milliseconds as the shortest of minutes, hours or days, for "needs 2 h of history". */
export function spanParts(ms: number): { unit: 'minutes' | 'hours' | 'days'; value: number } {
	if (ms >= 2 * 86_400_000) return { unit: 'days', value: Math.round((ms / 86_400_000) * 10) / 10 };
	if (ms >= 2 * 3_600_000) return { unit: 'hours', value: Math.round((ms / 3_600_000) * 10) / 10 };
	return { unit: 'minutes', value: Math.round(ms / 60_000) };
}
