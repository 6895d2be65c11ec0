/**
 * What a board shows, read from stored KPI windows (pure; the business worker feeds it):
 * a KPI tile (figure, comparisons, status, sparkline) and bars of one measure by domain.
 *
 * Ranges end at the end of the current minute (`rangeEndMs`), so the minute in progress
 * counts; the same range yesterday and last week then include a whole last minute, which
 * biases a comparison by at most one minute's share. Series use 1 min windows up to 6 h,
 * 1 h windows beyond (`seriesLevel`).
 */
import { comparisonRanges, evaluateKpi, kpiSeries, readKpi, type KpiReading, type KpiSeries, type TimeRange } from './evaluate';
import type { BusinessDomain, KpiDefinition, SimpleMeasure } from './types';
import type { KpiWindowRecord } from './windows';

export const boardRanges = ['15m', '1h', '6h', '24h'] as const;
export type BoardRange = (typeof boardRanges)[number];
export const boardRangeMs: Record<BoardRange, number> = { '15m': 900_000, '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000 };

const minuteMs = 60_000;
const hourMs = 3_600_000;

export function rangeEndMs(nowMs: number): number {
	return Math.floor(nowMs / minuteMs) * minuteMs + minuteMs;
}

export function boardRange(range: BoardRange, nowMs: number): TimeRange {
	const toMs = rangeEndMs(nowMs);
	return { fromMs: toMs - boardRangeMs[range], toMs };
}

export function seriesLevel(range: TimeRange): { level: '1m' | '1h'; widthMs: number } {
	return range.toMs - range.fromMs <= 6 * hourMs ? { level: '1m', widthMs: minuteMs } : { level: '1h', widthMs: hourMs };
}

/** The ranges whose 1 min windows a board needs: the range, and the same range yesterday and last week. */
export function neededRanges(range: TimeRange): TimeRange[] {
	const c = comparisonRanges(range);
	return [range, c.yesterday, c.lastWeek];
}

export interface KpiTile {
	kpiId: string;
	reading: KpiReading;
	series: KpiSeries;
}

export interface WindowSource {
	/** 1 min windows covering the range and both comparison ranges. */
	minutes: readonly KpiWindowRecord[];
	/** Windows of `seriesLevel(range).level` covering the range (the 1 min ones when that level is 1 min). */
	seriesWindows: readonly KpiWindowRecord[];
	/** Comparison ranges that were not collected read null (pass false to say so). */
	comparisons?: { yesterday: boolean; lastWeek: boolean };
}

export function kpiTile(kpi: KpiDefinition, range: TimeRange, source: WindowSource): KpiTile {
	const c = comparisonRanges(range);
	const pick = (r: TimeRange) => source.minutes.filter((w) => w.startMs >= r.fromMs && w.startMs < r.toMs);
	const reading = readKpi({
		kpi,
		range,
		current: pick(range),
		yesterday: source.comparisons?.yesterday === false ? undefined : pick(c.yesterday),
		lastWeek: source.comparisons?.lastWeek === false ? undefined : pick(c.lastWeek)
	});
	const { widthMs } = seriesLevel(range);
	return { kpiId: kpi.id, reading, series: kpiSeries(kpi, source.seriesWindows, range, widthMs) };
}

export interface DomainBar {
	domainId: string;
	value: number | null;
	count: number;
}

/** One bar per domain: the measure over the range for each domain's transactions. */
export function domainBars(domains: readonly BusinessDomain[], measure: SimpleMeasure, windows: readonly KpiWindowRecord[], range: TimeRange): DomainBar[] {
	return domains.map((d) => {
		const figure = evaluateKpi({ id: 'bar:' + d.id, name: d.id, scope: { kind: 'domain', domainId: d.id }, measure }, windows, range);
		return { domainId: d.id, value: figure.value, count: figure.count };
	});
}
