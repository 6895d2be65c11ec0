/**
 * Reconnection delays for a database that stopped answering: exponential growth with "equal
 * jitter", so a fleet of collectors does not retry in step and a delay never collapses to 0.
 *
 *   attempt    1     2     3     4    ...   n
 *   ceiling    base  2b    4b    8b   ...   min(max, base * 2^(n-1))
 *   delay      uniform in [ceiling / 2, ceiling]
 */

export interface BackoffOptions {
	/** Ceiling of the first retry; default 1,000 ms. */
	baseMs?: number;
	/** Largest ceiling; default 300,000 ms (5 min). */
	maxMs?: number;
	/** Uniform random in [0, 1); injectable for tests. */
	random?: () => number;
}

export const DEFAULT_BACKOFF_BASE_MS = 1_000;
export const DEFAULT_BACKOFF_MAX_MS = 300_000;

/** Delay before retry number `attempt` (1 = the first retry after a failure). */
export function backoffDelayMs(attempt: number, options: BackoffOptions = {}): number {
	const baseMs = Math.max(1, options.baseMs ?? DEFAULT_BACKOFF_BASE_MS);
	const maxMs = Math.max(baseMs, options.maxMs ?? DEFAULT_BACKOFF_MAX_MS);
	const random = options.random ?? Math.random;
	const n = Math.max(1, Math.floor(Number.isFinite(attempt) ? attempt : 1));
	// 2^(n-1) overflows to Infinity for large n; min() keeps the ceiling finite.
	const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(n - 1, 1023));
	const r = Math.min(Math.max(random(), 0), 1);
	return Math.round(ceiling / 2 + (r * ceiling) / 2);
}
