/**
 * Span rollups. `SpanRollup` turns transactions into 1 s window deltas; every coarser level
 * is made by merging finer windows (`coarsen`), never by recomputing from spans, so a
 * 10 s, 1 min or 1 h window always equals the merge of its 1 s windows.
 *
 * Late spans: a delta holds only what arrived since the last `takeDeltas()`. Deltas are
 * merged into stored windows (read-modify-merge, `mergeWindowRecord`), so a span that
 * arrives minutes late still lands in the window of its end time.
 *
 *   arrival:   [w1 w2 w3]  ...  [w2]        (a late span for w2)
 *   store:      w1 w2 w3   ->   w2' = merge(w2, delta w2)
 *
 * Bounds: series per the SeriesBudget; spans ending more than `maxFutureMs` after `nowMs`
 * are refused (counted in `refusedFuture`) so a bad clock cannot create far-future windows.
 */
import type { SpanRecord } from '../../protocol/records';
import { levelWidthMs, windowStartMs, type RollupLevel } from './levels';
import { SeriesBudget, type SeriesBounds } from './series-budget';
import { OVERALL_KEY, endpointKey, instanceKey, serviceKey, type SeriesKey } from './series-key';
import { defaultAlpha, minIndexable, QuantileSketch } from './sketch';
import { toSpanColumns, type SpanColumns } from './span-columns';
import { SpanStats, mergeStatsData } from './span-stats';
import type { RollupWindowRecord } from './types';

/** Series of one window. */
export type WindowSeries = Map<SeriesKey, SpanStats>;
/** Windows of one level by start time (Unix ms). */
export type LevelWindows = Map<number, WindowSeries>;

export const maxFutureMs = 5 * 60_000;

export interface SpanRollupOptions {
	alpha?: number;
	bounds?: Partial<SeriesBounds>;
}

export class SpanRollup {
	readonly alpha: number;
	readonly budget: SeriesBudget;
	refusedFuture = 0;
	private pending: LevelWindows = new Map();
	private readonly keySketch: QuantileSketch;

	constructor(options: SpanRollupOptions = {}) {
		this.alpha = options.alpha ?? defaultAlpha;
		this.budget = new SeriesBudget(options.bounds);
		this.keySketch = new QuantileSketch(this.alpha);
	}

	addSpans(spans: readonly SpanRecord[], nowMs = Infinity): void {
		this.addColumns(toSpanColumns(spans), nowMs);
	}

	/** Adds transactions to the 1 s deltas. `nowMs` is the clock used to refuse future spans. */
	addColumns(columns: SpanColumns, nowMs = Infinity): void {
		if (columns.length === 0) return;
		const { endMs, durationMs, error, group, groups } = columns;
		let batchEndMs = 0;
		for (let i = 0; i < columns.length; i++) if (endMs[i] > batchEndMs) batchEndMs = endMs[i];
		const admittedAtMs = Math.min(batchEndMs, nowMs);
		const keys: [SeriesKey, SeriesKey, SeriesKey][] = groups.map((g) => {
			const names = this.budget.resolve(g.service, g.endpoint, g.instance, admittedAtMs);
			return [
				serviceKey(names.service),
				endpointKey(names.service, names.endpoint),
				instanceKey(names.service, names.instance)
			];
		});
		const limitMs = nowMs + maxFutureMs;
		// per window of this batch: the stats objects each group feeds, resolved once
		const cache = new Map<number, { overall: SpanStats; byGroup: (SpanStats[] | undefined)[]; series: WindowSeries }>();
		let currentStart = NaN;
		let current: { overall: SpanStats; byGroup: (SpanStats[] | undefined)[]; series: WindowSeries } | undefined;
		const sketch = this.keySketch;
		for (let i = 0; i < columns.length; i++) {
			const end = endMs[i];
			if (!(end <= limitMs)) {
				this.refusedFuture++;
				continue;
			}
			const start = Math.floor(end / 1000) * 1000;
			if (start !== currentStart || !current) {
				currentStart = start;
				current = cache.get(start);
				if (!current) {
					let series = this.pending.get(start);
					if (!series) {
						series = new Map();
						this.pending.set(start, series);
					}
					current = { overall: this.stats(series, OVERALL_KEY), byGroup: [], series };
					cache.set(start, current);
				}
			}
			const g = group[i];
			let targets = current.byGroup[g];
			if (!targets) {
				const k = keys[g];
				targets = [this.stats(current.series, k[0]), this.stats(current.series, k[1]), this.stats(current.series, k[2])];
				current.byGroup[g] = targets;
			}
			const d = durationMs[i];
			const key = d > minIndexable ? sketch.keyOf(d) : 0;
			const isError = error[i] === 1;
			current.overall.addKeyed(d, key, isError);
			targets[0].addKeyed(d, key, isError);
			targets[1].addKeyed(d, key, isError);
			targets[2].addKeyed(d, key, isError);
		}
	}

	/** Number of 1 s windows with un-taken deltas. */
	get pendingWindows(): number {
		return this.pending.size;
	}

	/** The 1 s deltas accumulated since the last call; the rollup starts a new delta. */
	takeDeltas(): LevelWindows {
		const taken = this.pending;
		this.pending = new Map();
		return taken;
	}

	private stats(series: WindowSeries, key: SeriesKey): SpanStats {
		let stats = series.get(key);
		if (!stats) {
			stats = new SpanStats(this.alpha);
			series.set(key, stats);
		}
		return stats;
	}
}

/** Merges every window of `source` into `target` (source objects are not kept). */
export function mergeLevelWindows(target: LevelWindows, source: LevelWindows): void {
	for (const [startMs, series] of source) {
		let into = target.get(startMs);
		if (!into) {
			into = new Map();
			target.set(startMs, into);
		}
		for (const [key, stats] of series) {
			const existing = into.get(key);
			if (existing) existing.merge(stats);
			else {
				const copy = new SpanStats(stats.sketch.alpha);
				copy.merge(stats);
				into.set(key, copy);
			}
		}
	}
}

/** Finer windows merged into the windows of `level` (which must be coarser or equal). */
export function coarsen(windows: LevelWindows, level: RollupLevel): LevelWindows {
	const result: LevelWindows = new Map();
	for (const [startMs, series] of windows) {
		const coarseStart = windowStartMs(level, startMs);
		mergeLevelWindows(result, new Map([[coarseStart, series]]));
	}
	return result;
}

export function toWindowRecords(level: RollupLevel, windows: LevelWindows): RollupWindowRecord[] {
	const records: RollupWindowRecord[] = [];
	for (const [startMs, series] of windows) {
		const out: RollupWindowRecord['series'] = {};
		for (const [key, stats] of series) out[key] = stats.toData();
		records.push({ level, startMs, series: out });
	}
	return records.sort((a, b) => a.startMs - b.startMs);
}

export function fromWindowRecord(record: RollupWindowRecord): WindowSeries {
	const series: WindowSeries = new Map();
	for (const key in record.series) series.set(key, SpanStats.fromData(record.series[key]));
	return series;
}

/** Stored window + delta of the same level and start (the read-modify-merge step). */
export function mergeWindowRecord(stored: RollupWindowRecord | undefined, delta: RollupWindowRecord): RollupWindowRecord {
	if (!stored) return delta;
	if (stored.level !== delta.level || stored.startMs !== delta.startMs) {
		throw new RangeError(
			`Cannot merge window ${delta.level}@${delta.startMs} into ${stored.level}@${stored.startMs}`
		);
	}
	const series: RollupWindowRecord['series'] = { ...stored.series };
	for (const key in delta.series) series[key] = mergeStatsData(stored.series[key], delta.series[key]);
	const merged: RollupWindowRecord = { level: stored.level, startMs: stored.startMs, series };
	if (stored.activeMeasured || delta.activeMeasured) {
		const active: NonNullable<RollupWindowRecord['activeMeasured']> = { ...stored.activeMeasured };
		for (const key in delta.activeMeasured) {
			const add = delta.activeMeasured[key];
			const prev = active[key];
			active[key] = prev ? { sum: prev.sum + add.sum, n: prev.n + add.n } : add;
		}
		merged.activeMeasured = active;
	}
	return merged;
}

/** Window width of a level in seconds. */
export function levelWidthSec(level: RollupLevel): number {
	return levelWidthMs[level] / 1000;
}
