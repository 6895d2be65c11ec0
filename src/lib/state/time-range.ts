/**
 * The time ranges a view offers. `live` follows the live feed (the last 300 s, pushed once
 * a second); the others read rollups from the store for a range ending now, at the finest
 * level that keeps the chart within 1,500 points (see pickLevel), refreshed once per window
 * of that level but at least every 5 s.
 */
import { levelWidthMs, pickLevel, type RollupLevel } from '../domain/telemetry/levels';

export const timeRangeKeys = ['live', '5m', '1h', '24h'] as const;
export type TimeRangeKey = (typeof timeRangeKeys)[number];

export const timeRangeDurationMs: Readonly<Record<TimeRangeKey, number>> = {
	live: 300_000,
	'5m': 300_000,
	'1h': 3_600_000,
	'24h': 86_400_000
};

export interface ResolvedRange {
	key: TimeRangeKey;
	level: RollupLevel;
	stepSec: number;
	/** Half-open [fromMs, toMs), both on window boundaries of `level`. */
	fromMs: number;
	toMs: number;
	/** How often the view re-reads the range. */
	refreshMs: number;
}

/** Fastest history refresh: IndexedDB reads are cheap but not free. */
const minRefreshMs = 5_000;

/**
 * The range ending with the last complete window before `nowMs` (the window containing
 * `nowMs` is still filling; drawn, it would show a false drop at the right edge), starting
 * `duration` earlier.
 */
export function resolveTimeRange(key: TimeRangeKey, nowMs: number): ResolvedRange {
	const durationMs = timeRangeDurationMs[key];
	const level: RollupLevel = key === 'live' ? '1s' : pickLevel(durationMs);
	const widthMs = levelWidthMs[level];
	const toMs = Math.floor(nowMs / widthMs) * widthMs;
	return {
		key,
		level,
		stepSec: widthMs / 1000,
		fromMs: toMs - durationMs,
		toMs,
		refreshMs: key === 'live' ? 1_000 : Math.max(minRefreshMs, widthMs)
	};
}
