/**
 * Rollup levels: fixed-width windows aligned to the Unix epoch (UTC), keyed by START time.
 * A span belongs to the window that contains its END time (startUs + durationUs), so a
 * window's figures describe the transactions that finished in it.
 *
 *   1s   |----|----|----|          window [startMs, startMs + widthMs)
 *   10s  |-------------------|     = merge of its ten 1 s windows (never recomputed from spans)
 */

export const rollupLevels = ['1s', '10s', '1m', '1h'] as const;
export type RollupLevel = (typeof rollupLevels)[number];

export const levelWidthMs: Readonly<Record<RollupLevel, number>> = {
	'1s': 1_000,
	'10s': 10_000,
	'1m': 60_000,
	'1h': 3_600_000
};

/** Start (Unix ms) of the window of `level` that contains `timeMs`. */
export function windowStartMs(level: RollupLevel, timeMs: number): number {
	const widthMs = levelWidthMs[level];
	return Math.floor(timeMs / widthMs) * widthMs;
}

export function isRollupLevel(value: unknown): value is RollupLevel {
	return typeof value === 'string' && (rollupLevels as readonly string[]).includes(value);
}

/** The next coarser level, or undefined for the coarsest. */
export function coarserLevel(level: RollupLevel): RollupLevel | undefined {
	return rollupLevels[rollupLevels.indexOf(level) + 1];
}

/**
 * The finest level whose window count over `rangeMs` stays within `maxPoints` (a chart
 * needs no more points than it has pixels). Falls back to the coarsest level.
 */
export function pickLevel(rangeMs: number, maxPoints = 1_500): RollupLevel {
	for (const level of rollupLevels) {
		if (rangeMs / levelWidthMs[level] <= maxPoints) return level;
	}
	return '1h';
}
