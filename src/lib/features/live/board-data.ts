/**
 * Shaping the live feed and stored rollups into what the Live board shows: headline
 * figures, four charts and per-service rows. The live feed (`LiveColumns`) and stored
 * frames (`SeriesColumns`) share the column names used here, so one path serves both.
 */
import type { AlignedData, GapRange } from '$lib/components/chart/chart-data';
import { toAlignedData } from '$lib/components/chart/chart-data';
import type { LiveColumns, LiveFigures, LiveSnapshot } from '$lib/domain/telemetry/live-snapshot';
import type { SeriesSummary } from '$lib/io/telemetry-store';

/** The columns the board charts; both the live feed and stored frames have them. */
export type BoardColumns = Pick<LiveColumns, 'tps' | 'errorRate' | 'meanMs' | 'p50Ms' | 'p95Ms' | 'p99Ms' | 'active'>;

export interface BoardFigures {
	tps: number | null;
	meanMs: number | null;
	p50Ms: number | null;
	p95Ms: number | null;
	p99Ms: number | null;
	/** 0..1 */
	errorRate: number | null;
	active: number | null;
}

export interface BoardCharts {
	tps: AlignedData;
	/** mean, p50, p95, p99 */
	latency: AlignedData;
	errorRate: AlignedData;
	active: AlignedData;
	stepSec: number;
	gaps: GapRange[];
}

export function chartsFromColumns(
	xsSec: readonly number[],
	columns: BoardColumns,
	stepSec: number,
	gaps: readonly GapRange[]
): BoardCharts {
	return {
		tps: toAlignedData(xsSec, [columns.tps]),
		latency: toAlignedData(xsSec, [columns.meanMs, columns.p50Ms, columns.p95Ms, columns.p99Ms]),
		errorRate: toAlignedData(xsSec, [columns.errorRate]),
		active: toAlignedData(xsSec, [columns.active]),
		stepSec,
		gaps: gaps.map((g) => ({ fromMs: g.fromMs, toMs: g.toMs }))
	};
}

/**
 * Charts of the live feed up to `completeSec`: later seconds are still filling (late spans
 * settle for about 2 s) and would draw a false dip at the right edge.
 */
export function chartsOfSnapshot(snapshot: LiveSnapshot): BoardCharts {
	let end = snapshot.xsSec.length;
	while (end > 0 && snapshot.xsSec[end - 1] > snapshot.completeSec) end--;
	const c = snapshot.overall;
	const columns: BoardColumns = {
		tps: c.tps.slice(0, end),
		errorRate: c.errorRate.slice(0, end),
		meanMs: c.meanMs.slice(0, end),
		p50Ms: c.p50Ms.slice(0, end),
		p95Ms: c.p95Ms.slice(0, end),
		p99Ms: c.p99Ms.slice(0, end),
		active: c.active.slice(0, end)
	};
	return chartsFromColumns(snapshot.xsSec.slice(0, end), columns, snapshot.stepSec, snapshot.gaps);
}

function at(column: readonly (number | null)[], index: number): number | null {
	return index >= 0 && index < column.length ? column[index] : null;
}

/**
 * Headline figures of the latest complete second: the window at `completeSec`, else the
 * newest window before it (the feed may not have reached it yet).
 */
export function figuresOfSnapshot(snapshot: LiveSnapshot): BoardFigures {
	let index = -1;
	for (let i = snapshot.xsSec.length - 1; i >= 0; i--) {
		if (snapshot.xsSec[i] <= snapshot.completeSec) {
			index = i;
			break;
		}
	}
	const c = snapshot.overall;
	return {
		tps: at(c.tps, index),
		meanMs: at(c.meanMs, index),
		p50Ms: at(c.p50Ms, index),
		p95Ms: at(c.p95Ms, index),
		p99Ms: at(c.p99Ms, index),
		errorRate: at(c.errorRate, index),
		active: at(c.active, index)
	};
}

/** Little's law: in-flight = arrival rate x mean time in system. */
export function littleActive(tps: number | null, meanMs: number | null): number | null {
	return tps === null || meanMs === null ? null : (tps * meanMs) / 1000;
}

/** Headline figures over a whole stored range (one merged summary row). */
export function figuresOfSummary(summary: SeriesSummary | undefined): BoardFigures {
	if (!summary) return { tps: null, meanMs: null, p50Ms: null, p95Ms: null, p99Ms: null, errorRate: null, active: null };
	return {
		tps: summary.tps,
		meanMs: summary.meanMs,
		p50Ms: summary.p50Ms,
		p95Ms: summary.p95Ms,
		p99Ms: summary.p99Ms,
		errorRate: summary.errorRate,
		active: littleActive(summary.tps, summary.meanMs)
	};
}

export interface ServiceRow extends BoardFigures {
	service: string;
	count: number;
	/** Instances seen in the last minute; null where the source does not say. */
	instances: number | null;
}

export type TablePeriod = 'second' | 'minute';

function rowFromFigures(service: string, f: LiveFigures, instances: number): ServiceRow {
	return {
		service,
		count: f.count,
		tps: f.tps,
		meanMs: f.meanMs,
		p50Ms: f.p50Ms,
		p95Ms: f.p95Ms,
		p99Ms: f.p99Ms,
		errorRate: f.errorRate,
		active: f.active,
		instances
	};
}

export function rowsOfSnapshot(snapshot: LiveSnapshot, period: TablePeriod): ServiceRow[] {
	return snapshot.services.map((row) =>
		rowFromFigures(row.service, period === 'second' ? row.lastSecond : row.lastMinute, row.instances)
	);
}

export function rowsOfSummaries(summaries: readonly SeriesSummary[]): ServiceRow[] {
	return summaries
		.filter((s) => s.kind === 'service' && s.service !== undefined)
		.map((s) => ({
			service: s.service as string,
			count: s.count,
			tps: s.tps,
			meanMs: s.meanMs,
			p50Ms: s.p50Ms,
			p95Ms: s.p95Ms,
			p99Ms: s.p99Ms,
			errorRate: s.errorRate,
			active: littleActive(s.tps, s.meanMs),
			instances: null
		}));
}

export const sortableColumns = [
	'service',
	'tps',
	'meanMs',
	'p50Ms',
	'p95Ms',
	'p99Ms',
	'errorRate',
	'active',
	'instances'
] as const;
export type SortColumn = (typeof sortableColumns)[number];
export type SortDirection = 'asc' | 'desc';

/** Stable sort; rows without a value sort last in either direction; ties keep name order. */
export function sortRows(rows: readonly ServiceRow[], column: SortColumn, direction: SortDirection): ServiceRow[] {
	const sign = direction === 'asc' ? 1 : -1;
	return [...rows].sort((a, b) => {
		if (column === 'service') return sign * a.service.localeCompare(b.service);
		const x = a[column];
		const y = b[column];
		if (x === null && y === null) return a.service.localeCompare(b.service);
		if (x === null) return 1;
		if (y === null) return -1;
		return x === y ? a.service.localeCompare(b.service) : sign * (x - y);
	});
}
