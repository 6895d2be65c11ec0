/**
 * What the insights host publishes to every tab (BroadcastChannel `meridian-insights`) and
 * keeps as its latest state: plain structured-clone data, bounded so one snapshot stays small
 * (at most `snapshotBounds` items of each kind; charts of the last `chartMs`).
 */
import type { BaselineState } from '../baseline';
import type { PatternResult } from '../patterns';
import type { IncidentAnalysis } from './analysis';
import type { BreachView } from './breaches';
import type { ForecastOutcome } from './forecast-plan';
import type { AnomalyRecord, IncidentRecord } from './incidents';
import type { TrackedSeries } from './tracked-series';

export const snapshotBounds = { anomalies: 30, recentAnomalies: 50, incidents: 10, breaches: 20, forecasts: 12 } as const;
export const chartMs = 30 * 60_000;

export interface SeriesChart {
	xsMs: number[];
	values: number[];
	expected: number[];
	lower: number[];
	upper: number[];
}

export interface AnomalyView extends AnomalyRecord {
	chart?: SeriesChart;
}

export interface IncidentView extends IncidentRecord {
	analysis?: IncidentAnalysis;
}

export interface ForecastEntry {
	seriesId: string;
	computedMs: number;
	outcomes: ForecastOutcome[];
}

export interface PatternEntry {
	seriesId: string;
	computedMs: number;
	result: PatternResult;
}

export type ModelState = { state: 'off' | 'loading' | 'ready' } | { state: 'failed'; error: string };

export interface HostStatus {
	/** `warming` while stored history is replayed; `running` once caught up with the stream. */
	phase: 'warming' | 'running';
	startedMs: number;
	/** Windows before this time (Unix ms) have been analysed. */
	processedToMs: number;
	stepMs: number;
	series: number;
	refusedSeries: number;
	model: ModelState;
	/** Wall time of the last cycle (ms), for the status line. */
	lastCycleMs: number;
}

export interface InsightSnapshot {
	atMs: number;
	status: HostStatus;
	anomalies: AnomalyView[];
	recentAnomalies: AnomalyRecord[];
	incidents: IncidentView[];
	breaches: BreachView[];
	forecasts: ForecastEntry[];
	patterns: PatternEntry | null;
}

/** A saved baseline (persisted by the host, read by any tab to draw bands). */
export interface StoredBaseline {
	/** Series id. */
	id: string;
	metric: string;
	stepMs: number;
	state: BaselineState;
	/** Points up to this time (Unix ms) are in the state. */
	learnedToMs: number;
	updatedMs: number;
	/** The load patterns whose labels are the state's day keys (dayKeyFromPatterns; no days: the calendar's day types). */
	patterns: PatternResult;
}

export function chartOf(series: TrackedSeries, fromMs: number, sigmas = 3): SeriesChart {
	const chart: SeriesChart = { xsMs: [], values: [], expected: [], lower: [], upper: [] };
	for (const p of series.points(fromMs)) {
		chart.xsMs.push(p.timeMs);
		chart.values.push(p.value);
		chart.expected.push(p.expected);
		chart.lower.push(p.expected - sigmas * p.sd);
		chart.upper.push(p.expected + sigmas * p.sd);
	}
	return chart;
}
