/**
 * Rollup deltas waiting for the next checkpoint, at every level. The rollup worker adds each
 * second's 1 s deltas here and periodically writes `records()` with the rollup cursor in one
 * transaction (store.checkpointRollups), then `clear()`s.
 *
 * Bound: `windowCount` grows with the spread of span end times between checkpoints (late
 * spans touch old windows). The caller checkpoints early when it passes `maxPendingWindows`.
 */
import { levelWidthMs, rollupLevels, windowStartMs, type RollupLevel } from './levels';
import { coarsenMetricWindows, type MetricWindows } from './metric-rollup';
import { mergeMetricStats } from './metric-stats';
import { coarsen, mergeLevelWindows, toWindowRecords, type LevelWindows } from './rollup';
import type { SeriesKey } from './series-key';
import type { MetricRollupRecord, RollupWindowRecord } from './types';

export const maxPendingWindows = 5_000;

type ActiveWindows = Map<number, Map<SeriesKey, { sum: number; n: number }>>;

export class PendingRollups {
	private windows = emptyLevels<LevelWindows>();
	private active = emptyLevels<ActiveWindows>();
	private metrics = emptyLevels<MetricWindows>();

	/** 1 s deltas (e.g. from SpanRollup.takeDeltas); merged into every level. */
	add(deltas1s: LevelWindows): void {
		if (deltas1s.size === 0) return;
		for (const level of rollupLevels) {
			mergeLevelWindows(this.windows[level], level === '1s' ? deltas1s : coarsen(deltas1s, level));
		}
	}

	/** 1 s metric deltas (MetricRollup.takeDeltas); merged into every level. */
	addMetrics(deltas1s: MetricWindows): void {
		if (deltas1s.size === 0) return;
		for (const level of rollupLevels) {
			const windows = level === '1s' ? deltas1s : coarsenMetricWindows(deltas1s, levelWidthMs[level]);
			const target = this.metrics[level];
			for (const [startMs, series] of windows) {
				let into = target.get(startMs);
				if (!into) target.set(startMs, (into = new Map()));
				for (const [key, stats] of series) into.set(key, mergeMetricStats(into.get(key), stats));
			}
		}
	}

	metricRecords(): MetricRollupRecord[] {
		const out: MetricRollupRecord[] = [];
		for (const level of rollupLevels) {
			const starts = [...this.metrics[level].keys()].sort((a, b) => a - b);
			for (const startMs of starts) {
				out.push({ level, startMs, series: Object.fromEntries(this.metrics[level].get(startMs)!) });
			}
		}
		return out;
	}

	/** One per-second sample of measured in-flight requests for a series. */
	addActive(timeMs: number, key: SeriesKey, value: number): void {
		for (const level of rollupLevels) {
			const startMs = windowStartMs(level, timeMs);
			let byKey = this.active[level].get(startMs);
			if (!byKey) {
				byKey = new Map();
				this.active[level].set(startMs, byKey);
			}
			const prev = byKey.get(key);
			if (prev) {
				prev.sum += value;
				prev.n += 1;
			} else byKey.set(key, { sum: value, n: 1 });
		}
	}

	get windowCount(): number {
		let n = 0;
		for (const level of rollupLevels) {
			n += this.windows[level].size + this.active[level].size + this.metrics[level].size;
		}
		return n;
	}

	records(): RollupWindowRecord[] {
		const out: RollupWindowRecord[] = [];
		for (const level of rollupLevels) {
			const records = new Map(toWindowRecords(level, this.windows[level]).map((r) => [r.startMs, r]));
			for (const [startMs, byKey] of this.active[level]) {
				let record = records.get(startMs);
				if (!record) {
					record = { level, startMs, series: {} };
					records.set(startMs, record);
				}
				record.activeMeasured = Object.fromEntries(byKey);
			}
			out.push(...[...records.values()].sort((a, b) => a.startMs - b.startMs));
		}
		return out;
	}

	clear(): void {
		this.windows = emptyLevels<LevelWindows>();
		this.active = emptyLevels<ActiveWindows>();
		this.metrics = emptyLevels<MetricWindows>();
	}
}

function emptyLevels<T extends Map<unknown, unknown>>(): Record<RollupLevel, T> {
	return { '1s': new Map(), '10s': new Map(), '1m': new Map(), '1h': new Map() } as Record<RollupLevel, T>;
}
