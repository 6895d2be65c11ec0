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
import { toSpanColumns, type SpanColumns, type SpanGroup } from './span-columns';
import { SpanStats, mergeStatsData } from './span-stats';
import type { RollupWindowRecord } from './types';

/** Series of one window. */
export type WindowSeries = Map<SeriesKey, SpanStats>;
/** Windows of one level by start time (Unix ms). */
export type LevelWindows = Map<number, WindowSeries>;

export const maxFutureMs = 5 * 60_000;
/** Group resolutions cached at most (cleared when full). */
const maxCachedGroups = 50_000;
const groupRecheckMs = 10_000;

interface GroupEntry {
	keys: [SeriesKey, SeriesKey, SeriesKey];
	slots: Int32Array;
	generation: number;
	checkedMs: number;
}

export interface SpanRollupOptions {
	alpha?: number;
	bounds?: Partial<SeriesBounds>;
}

export class SpanRollup {
	readonly alpha: number;
	readonly budget: SeriesBudget;
	refusedFuture = 0;
	/**
	 * Pending 1 s windows as arrays indexed by series slot: a span touches four cells by array
	 * index, not by string-keyed map lookups. Slots live until the next takeDeltas (which
	 * turns them back into keys), so their number stays bounded by the series budget.
	 */
	private pending = new Map<number, (SpanStats | undefined)[]>();
	private slotOf = new Map<SeriesKey, number>([[OVERALL_KEY, 0]]);
	private slotKeys: SeriesKey[] = [OVERALL_KEY];
	/** Bumped by takeDeltas: cached group slots of an older generation are stale. */
	private generation = 0;
	private readonly groupCache = new Map<string, GroupEntry>();
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
		// three slots per group: service, endpoint, instance series
		const slots = new Int32Array(groups.length * 3);
		groups.forEach((g, i) => {
			const resolved = this.resolveGroup(g, admittedAtMs);
			slots[i * 3] = resolved.slots[0];
			slots[i * 3 + 1] = resolved.slots[1];
			slots[i * 3 + 2] = resolved.slots[2];
		});
		const limitMs = nowMs + maxFutureMs;
		const alpha = this.alpha;
		const sketch = this.keySketch;
		let currentStart = NaN;
		let cells: (SpanStats | undefined)[] = [];
		for (let i = 0; i < columns.length; i++) {
			const end = endMs[i];
			if (!(end <= limitMs)) {
				this.refusedFuture++;
				continue;
			}
			const start = Math.floor(end / 1000) * 1000;
			if (start !== currentStart) {
				currentStart = start;
				let found = this.pending.get(start);
				if (!found) this.pending.set(start, (found = []));
				cells = found;
			}
			const d = durationMs[i];
			const key = d > minIndexable ? sketch.keyOf(d) : 0;
			const isError = error[i] === 1;
			const base = group[i] * 3;
			(cells[0] ??= new SpanStats(alpha)).addKeyed(d, key, isError);
			(cells[slots[base]] ??= new SpanStats(alpha)).addKeyed(d, key, isError);
			(cells[slots[base + 1]] ??= new SpanStats(alpha)).addKeyed(d, key, isError);
			(cells[slots[base + 2]] ??= new SpanStats(alpha)).addKeyed(d, key, isError);
		}
	}

	/** Number of 1 s windows with un-taken deltas. */
	get pendingWindows(): number {
		return this.pending.size;
	}

	/** The 1 s deltas accumulated since the last call; the rollup starts a new delta. */
	takeDeltas(): LevelWindows {
		const taken: LevelWindows = new Map();
		for (const [startMs, cells] of this.pending) {
			const series: WindowSeries = new Map();
			cells.forEach((stats, slot) => {
				if (stats) series.set(this.slotKeys[slot], stats);
			});
			taken.set(startMs, series);
		}
		this.pending = new Map();
		this.slotOf = new Map([[OVERALL_KEY, 0]]);
		this.slotKeys = [OVERALL_KEY];
		this.generation++;
		return taken;
	}

	/**
	 * Series slots of a (service, endpoint, instance) group. Admission is asked again when the
	 * cached answer is 10 s (data time) old, which keeps last-seen times fresh for the
	 * budget's 1 h idle rule without asking per batch.
	 */
	private resolveGroup(group: SpanGroup, atMs: number): GroupEntry {
		const { service, endpoint, instance } = group;
		const id = group.id ?? service + '\u0000' + endpoint + '\u0000' + instance;
		let entry = this.groupCache.get(id);
		if (!entry || atMs - entry.checkedMs > groupRecheckMs || atMs < entry.checkedMs) {
			const names = this.budget.resolve(service, endpoint, instance, atMs);
			const keys: [SeriesKey, SeriesKey, SeriesKey] = [
				serviceKey(names.service),
				endpointKey(names.service, names.endpoint),
				instanceKey(names.service, names.instance)
			];
			if (this.groupCache.size >= maxCachedGroups) this.groupCache.clear();
			entry = { keys, slots: new Int32Array(3), generation: -1, checkedMs: atMs };
			this.groupCache.set(id, entry);
		}
		if (entry.generation !== this.generation) {
			entry.slots[0] = this.slot(entry.keys[0]);
			entry.slots[1] = this.slot(entry.keys[1]);
			entry.slots[2] = this.slot(entry.keys[2]);
			entry.generation = this.generation;
		}
		return entry;
	}

	private slot(key: SeriesKey): number {
		let slot = this.slotOf.get(key);
		if (slot === undefined) {
			slot = this.slotKeys.length;
			this.slotKeys.push(key);
			this.slotOf.set(key, slot);
		}
		return slot;
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
				const copy = new SpanStats(stats.alpha);
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
