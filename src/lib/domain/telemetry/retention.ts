/**
 * Retention arithmetic: what is old enough to delete at a given time, and how much to evict
 * when the storage budget is passed. Raw records go by their time (span end, point time,
 * log time); rollup windows by their END (start + width), so a window is kept whole until
 * all of it is past retention.
 */
import { levelWidthMs, rollupLevels, type RollupLevel } from './levels';
import type { Settings } from './settings';

const hourMs = 3_600_000;

export interface RetentionCutoffs {
	/** Delete raw chunks whose newest record is older than this (Unix ms). */
	spansBeforeMs: number;
	metricPointsBeforeMs: number;
	logsBeforeMs: number;
	/** Delete rollup windows whose START is before this, per level. */
	rollupStartBeforeMs: Record<RollupLevel, number>;
}

export function retentionCutoffs(settings: Settings, nowMs: number): RetentionCutoffs {
	const h = settings.retentionHours;
	const rollupHours: Record<RollupLevel, number> = { '1s': h.rollup1s, '10s': h.rollup10s, '1m': h.rollup1m, '1h': h.rollup1h };
	const rollupStartBeforeMs = {} as Record<RollupLevel, number>;
	for (const level of rollupLevels) {
		rollupStartBeforeMs[level] = nowMs - rollupHours[level] * hourMs - levelWidthMs[level];
	}
	return {
		spansBeforeMs: nowMs - h.spans * hourMs,
		metricPointsBeforeMs: nowMs - h.metricPoints * hourMs,
		logsBeforeMs: nowMs - h.logs * hourMs,
		rollupStartBeforeMs
	};
}

/**
 * Share of raw chunks to evict when usage passes the budget: enough to get back to 90 % of
 * the budget (so one pass makes room for a while), at most 50 % per pass (the next check
 * evicts more if needed). 0 when within budget.
 */
export function budgetEvictionFraction(usageBytes: number, budgetMb: number): number {
	const budgetBytes = budgetMb * 1024 * 1024;
	if (!(usageBytes > budgetBytes)) return 0;
	const excess = (usageBytes - 0.9 * budgetBytes) / usageBytes;
	return Math.min(0.5, excess);
}

/** Share of raw chunks evicted after a QuotaExceededError: the oldest 10 %. */
export const quotaEvictionFraction = 0.1;
