/**
 * Stored rollup windows -> uPlot-ready columns (SeriesFrame) and per-series summaries.
 *
 * Null semantics of a window with no stored record: null (not collected) when it lies
 * before `collectedFromMs` (the earliest stored window of the level), after `nowMs`, or
 * inside a recorded gap; otherwise it was collected and saw no transactions: count 0,
 * tps 0, latencies null.
 */
import { levelWidthMs, windowStartMs, type RollupLevel } from './levels';
import { parseSeriesKey, type SeriesKey, type SeriesKind } from './series-key';
import { SpanStats, littlesLaw } from './span-stats';
import type { GapRecord, RollupWindowRecord } from './types';

/** Most windows one frame may hold. */
export const maxFramePoints = 20_000;

export interface SeriesColumns {
	count: (number | null)[];
	errors: (number | null)[];
	tps: (number | null)[];
	errorRate: (number | null)[];
	meanMs: (number | null)[];
	p50Ms: (number | null)[];
	p95Ms: (number | null)[];
	p99Ms: (number | null)[];
	maxMs: (number | null)[];
	active: (number | null)[];
	activeEstimated: boolean[];
}

export interface SeriesFrame {
	level: RollupLevel;
	stepSec: number;
	xsSec: number[];
	series: Record<SeriesKey, SeriesColumns>;
}

export interface SeriesSummary {
	key: SeriesKey;
	kind: SeriesKind;
	service?: string;
	endpoint?: string;
	instance?: string;
	count: number;
	errors: number;
	tps: number;
	errorRate: number | null;
	meanMs: number | null;
	p50Ms: number | null;
	p95Ms: number | null;
	p99Ms: number | null;
	minMs: number | null;
	maxMs: number | null;
}

/** Window starts (Unix ms) of `level` covering [fromMs, toMs). Throws past maxFramePoints. */
export function frameStartsMs(level: RollupLevel, fromMs: number, toMs: number): number[] {
	const widthMs = levelWidthMs[level];
	const first = windowStartMs(level, fromMs);
	const n = toMs > first ? Math.ceil((toMs - first) / widthMs) : 0;
	if (n > maxFramePoints) {
		throw new RangeError(
			`A ${level} frame over this range has ${n} windows, more than ${maxFramePoints}: choose a coarser level (pickLevel).`
		);
	}
	return Array.from({ length: n }, (_, i) => first + i * widthMs);
}

function inGap(startMs: number, endMs: number, gaps: readonly GapRecord[]): boolean {
	for (const gap of gaps) if (gap.fromMs < endMs && gap.toMs >= startMs) return true;
	return false;
}

function emptyColumns(n: number): SeriesColumns {
	const nulls = () => new Array<number | null>(n).fill(null);
	return {
		count: nulls(),
		errors: nulls(),
		tps: nulls(),
		errorRate: nulls(),
		meanMs: nulls(),
		p50Ms: nulls(),
		p95Ms: nulls(),
		p99Ms: nulls(),
		maxMs: nulls(),
		active: nulls(),
		activeEstimated: new Array<boolean>(n).fill(false)
	};
}

export interface BuildFrameOptions {
	level: RollupLevel;
	fromMs: number;
	toMs: number;
	keys: readonly SeriesKey[];
	records: readonly RollupWindowRecord[];
	gaps: readonly GapRecord[];
	/** Earliest stored window start of this level (undefined: nothing stored yet). */
	collectedFromMs: number | undefined;
	nowMs: number;
}

export function buildSeriesFrame(options: BuildFrameOptions): SeriesFrame {
	const { level, keys, gaps, nowMs } = options;
	const starts = frameStartsMs(level, options.fromMs, options.toMs);
	const widthMs = levelWidthMs[level];
	const widthSec = widthMs / 1000;
	const byStart = new Map(options.records.filter((r) => r.level === level).map((r) => [r.startMs, r]));
	const series: Record<SeriesKey, SeriesColumns> = {};
	for (const key of keys) series[key] = emptyColumns(starts.length);
	starts.forEach((startMs, i) => {
		const record = byStart.get(startMs);
		const collected =
			record !== undefined ||
			(options.collectedFromMs !== undefined &&
				startMs >= options.collectedFromMs &&
				startMs <= nowMs &&
				!inGap(startMs, startMs + widthMs, gaps));
		if (!collected) return;
		for (const key of keys) {
			const columns = series[key];
			const data = record?.series[key];
			const measured = record?.activeMeasured?.[key];
			const activeMeasured = measured && measured.n > 0 ? measured.sum / measured.n : undefined;
			if (!data || data.count === 0) {
				columns.count[i] = 0;
				columns.errors[i] = 0;
				columns.tps[i] = 0;
				columns.active[i] = activeMeasured ?? 0;
				columns.activeEstimated[i] = activeMeasured === undefined;
				continue;
			}
			const stats = SpanStats.fromData(data);
			const tps = stats.count / widthSec;
			const meanMs = stats.sumMs / stats.count;
			columns.count[i] = stats.count;
			columns.errors[i] = stats.errors;
			columns.tps[i] = tps;
			columns.errorRate[i] = stats.errors / stats.count;
			columns.meanMs[i] = meanMs;
			columns.p50Ms[i] = stats.quantileMs(0.5);
			columns.p95Ms[i] = stats.quantileMs(0.95);
			columns.p99Ms[i] = stats.quantileMs(0.99);
			columns.maxMs[i] = stats.maxMs;
			columns.active[i] = activeMeasured ?? littlesLaw(tps, meanMs);
			columns.activeEstimated[i] = activeMeasured === undefined;
		}
	});
	return { level, stepSec: widthSec, xsSec: starts.map((ms) => ms / 1000), series };
}

export interface SummariseOptions {
	kind: SeriesKind;
	service?: string;
	fromMs: number;
	toMs: number;
}

/** One summary per series of `kind` over the records whose window starts in range. */
export function summarise(records: readonly RollupWindowRecord[], options: SummariseOptions): SeriesSummary[] {
	const merged = new Map<SeriesKey, SpanStats>();
	const prefix = options.kind === 'overall' ? 'overall' : { service: 'svc|', endpoint: 'ep|', instance: 'inst|' }[options.kind];
	for (const record of records) {
		if (record.startMs < options.fromMs || record.startMs >= options.toMs) continue;
		for (const key in record.series) {
			if (!key.startsWith(prefix)) continue;
			let stats = merged.get(key);
			if (!stats) merged.set(key, (stats = new SpanStats(record.series[key].sketch.alpha)));
			stats.merge(record.series[key]);
		}
	}
	const rangeSec = Math.max(1e-3, (options.toMs - options.fromMs) / 1000);
	const rows: SeriesSummary[] = [];
	for (const [key, stats] of merged) {
		const id = parseSeriesKey(key);
		if (!id || id.kind !== options.kind) continue;
		if (options.service !== undefined && id.service !== options.service) continue;
		const has = stats.count > 0;
		rows.push({
			key,
			...id,
			count: stats.count,
			errors: stats.errors,
			tps: stats.count / rangeSec,
			errorRate: has ? stats.errors / stats.count : null,
			meanMs: has ? stats.sumMs / stats.count : null,
			p50Ms: stats.quantileMs(0.5),
			p95Ms: stats.quantileMs(0.95),
			p99Ms: stats.quantileMs(0.99),
			minMs: has ? stats.minMs : null,
			maxMs: has ? stats.maxMs : null
		});
	}
	return rows.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/**
 * Level for a summary over [fromMs, toMs): the coarsest level whose windows tile the range
 * exactly (both ends aligned), else 1 s.
 */
export function summaryLevel(fromMs: number, toMs: number): RollupLevel {
	for (const level of ['1h', '1m', '10s'] as const) {
		const w = levelWidthMs[level];
		if (fromMs % w === 0 && toMs % w === 0) return level;
	}
	return '1s';
}
