/**
 * KPI arithmetic over stored windows: one figure for a range, a series per window,
 * comparison with the same range yesterday and last week, progress to a target, and the
 * ok / warn / critical status from thresholds.
 *
 * A window that is absent means nothing matched in it: counts, sums and rates read 0 there,
 * means, ratios and percentiles read null (no sample). Whether data was COLLECTED for a
 * range (the browser was open, the stream had no gap) is the caller's knowledge: pass
 * `undefined` for a comparison range that was not collected and its figures read null.
 *
 * Ranges are half-open [fromMs, toMs); a window is in a range when its start is. Callers
 * pass windows of one level whose width divides the range.
 */
import { scopeTarget } from './model';
import { emptyStatsData, mergeStatsData, quantileMs, type BizStatsData } from './stats';
import type { KpiDefinition, KpiStatus, KpiThresholds } from './types';
import type { KpiWindowRecord } from './windows';

export const dayMs = 86_400_000;
export const weekMs = 7 * dayMs;

export interface TimeRange {
	fromMs: number;
	toMs: number;
}

export interface KpiFigure {
	/** In the measure's unit (count, attribute unit, ms, per minute, ratio in [0, 1]). */
	value: number | null;
	/** Matched spans (journeys started, for a conversion). */
	count: number;
	/** Conversion: journeys per step, [started, reached step 2, ...]. */
	steps?: number[];
}

function inRange(w: KpiWindowRecord, range: TimeRange): boolean {
	return w.startMs >= range.fromMs && w.startMs < range.toMs;
}

/** The KPI's figure over `range`. */
export function evaluateKpi(kpi: KpiDefinition, windows: readonly KpiWindowRecord[], range: TimeRange): KpiFigure {
	const measure = kpi.measure;
	if (measure.kind === 'conversion') {
		const steps = new Array<number>(measure.steps.length).fill(0);
		for (const w of windows) {
			if (!inRange(w, range)) continue;
			const counts = w.conversions[kpi.id];
			if (counts) for (let i = 0; i < steps.length; i++) steps[i] += counts[i] ?? 0;
		}
		return { value: steps[0] > 0 ? steps[steps.length - 1] / steps[0] : null, count: steps[0], steps };
	}
	if (!kpi.scope) return { value: null, count: 0 };
	const key = scopeTarget(kpi.scope);
	let stats: BizStatsData | undefined;
	for (const w of windows) {
		if (!inRange(w, range)) continue;
		const s = w.targets[key];
		if (s) stats = mergeStatsData(stats, s);
	}
	return figureOf(kpi, stats ?? emptyStatsData(), range);
}

function figureOf(kpi: KpiDefinition, s: BizStatsData, range: TimeRange): KpiFigure {
	const count = s.count;
	const measure = kpi.measure;
	switch (measure.kind) {
		case 'count':
			return { value: count, count };
		case 'sum':
			return { value: s.attrs[measure.attr]?.sum ?? 0, count };
		case 'mean': {
			if (measure.attr) {
				const a = s.attrs[measure.attr];
				return { value: a && a.n > 0 ? a.sum / a.n : null, count };
			}
			return { value: count > 0 ? s.sumMs / count : null, count };
		}
		case 'rate': {
			const minutes = (range.toMs - range.fromMs) / 60_000;
			return { value: minutes > 0 ? count / minutes : null, count };
		}
		case 'success-ratio':
			return { value: count > 0 ? s.successes / count : null, count };
		case 'percentile':
			return { value: quantileMs(s, measure.q), count };
		default:
			return { value: null, count };
	}
}

export interface KpiSeries {
	/** Window starts in Unix SECONDS (uPlot's x). */
	xsSec: number[];
	values: (number | null)[];
}

/** One figure per window of width `widthMs` in `range` (absent windows as described above). */
export function kpiSeries(kpi: KpiDefinition, windows: readonly KpiWindowRecord[], range: TimeRange, widthMs: number): KpiSeries {
	const byStart = new Map<number, KpiWindowRecord>();
	for (const w of windows) if (inRange(w, range)) byStart.set(w.startMs, w);
	const xsSec: number[] = [];
	const values: (number | null)[] = [];
	const first = Math.ceil(range.fromMs / widthMs) * widthMs;
	for (let t = first; t < range.toMs; t += widthMs) {
		const w = byStart.get(t);
		const slot = { fromMs: t, toMs: t + widthMs };
		xsSec.push(t / 1000);
		values.push(evaluateKpi(kpi, w ? [w] : [], slot).value);
	}
	return { xsSec, values };
}

export function comparisonRanges(range: TimeRange): { yesterday: TimeRange; lastWeek: TimeRange } {
	return {
		yesterday: { fromMs: range.fromMs - dayMs, toMs: range.toMs - dayMs },
		lastWeek: { fromMs: range.fromMs - weekMs, toMs: range.toMs - weekMs }
	};
}

/** Relative change (value - base) / |base|; null without both figures or when base is 0. */
export function relativeChange(value: number | null, base: number | null): number | null {
	if (value === null || base === null || base === 0) return null;
	return (value - base) / Math.abs(base);
}

export interface KpiReading extends KpiFigure {
	yesterday: number | null;
	lastWeek: number | null;
	vsYesterday: number | null;
	vsLastWeek: number | null;
	/** value / target, when the KPI has a target. */
	targetRatio: number | null;
	status: KpiStatus;
}

/**
 * Reads a KPI with its comparisons. `yesterday` and `lastWeek` are the windows of the
 * ranges comparisonRanges(range) gives, or undefined when those ranges were not collected.
 */
export function readKpi(options: {
	kpi: KpiDefinition;
	range: TimeRange;
	current: readonly KpiWindowRecord[];
	yesterday?: readonly KpiWindowRecord[];
	lastWeek?: readonly KpiWindowRecord[];
}): KpiReading {
	const { kpi, range } = options;
	const ranges = comparisonRanges(range);
	const figure = evaluateKpi(kpi, options.current, range);
	const yesterday = options.yesterday ? evaluateKpi(kpi, options.yesterday, ranges.yesterday).value : null;
	const lastWeek = options.lastWeek ? evaluateKpi(kpi, options.lastWeek, ranges.lastWeek).value : null;
	const vsYesterday = relativeChange(figure.value, yesterday);
	const vsLastWeek = relativeChange(figure.value, lastWeek);
	const targetRatio = kpi.target !== undefined && kpi.target !== 0 && figure.value !== null ? figure.value / kpi.target : null;
	const status = kpi.thresholds ? kpiStatus(kpi.thresholds, { value: figure.value, vsYesterday, vsLastWeek }) : 'unknown';
	return { ...figure, yesterday, lastWeek, vsYesterday, vsLastWeek, targetRatio, status };
}

/** ok / warn / critical for the judged figure; unknown when it is null. */
export function kpiStatus(
	thresholds: KpiThresholds,
	figures: { value: number | null; vsYesterday?: number | null; vsLastWeek?: number | null }
): KpiStatus {
	const basis = thresholds.basis ?? 'value';
	const x = basis === 'value' ? figures.value : basis === 'vs-yesterday' ? figures.vsYesterday : figures.vsLastWeek;
	if (x === null || x === undefined || !Number.isFinite(x)) return 'unknown';
	if (thresholds.direction === 'above') return x >= thresholds.critical ? 'critical' : x >= thresholds.warn ? 'warn' : 'ok';
	return x <= thresholds.critical ? 'critical' : x <= thresholds.warn ? 'warn' : 'ok';
}
