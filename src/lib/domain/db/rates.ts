/**
 * Per-second rates from monotonic server counters (SHOW GLOBAL STATUS, pg_stat_database),
 * read at two polls. A counter that went down was reset (server restart, stats reset): it
 * counted from zero since, so its increase is its new value.
 *
 *   prev poll ─────────── next poll          increase = next - prev
 *   prev poll ── reset ── next poll          increase = next        (reset detected: next < prev)
 */

export interface CounterSample {
	/** Poll time, Unix microseconds. */
	timeUs: number;
	values: Record<string, number>;
	/**
	 * Seconds since the server started, when known: after a restart within the interval the
	 * increase is spread over the uptime rather than the whole interval.
	 */
	uptimeSec?: number;
}

/** Increase of one counter between two reads, never negative. */
export function counterIncrease(prev: number, next: number): number {
	if (!Number.isFinite(prev) || !Number.isFinite(next)) return 0;
	return next >= prev ? next - prev : Math.max(0, next);
}

/**
 * True when the uptime shows the server restarted between the samples: every counter then
 * started again from zero. Without uptimes, resets are detected per counter instead.
 */
export function restartedBetween(prev: CounterSample, next: CounterSample): boolean {
	if (next.uptimeSec === undefined) return false;
	const intervalSec = (next.timeUs - prev.timeUs) / 1e6;
	if (prev.uptimeSec !== undefined && next.uptimeSec < prev.uptimeSec) return true;
	return next.uptimeSec < intervalSec;
}

/**
 * Rates per second for every counter present in both samples. Empty when there is no
 * previous sample or the interval is not positive (clock went back).
 */
export function counterRates(prev: CounterSample | undefined, next: CounterSample): Record<string, number> {
	const rates: Record<string, number> = {};
	if (!prev) return rates;
	const intervalSec = (next.timeUs - prev.timeUs) / 1e6;
	if (!(intervalSec > 0)) return rates;
	const restarted = restartedBetween(prev, next);
	// After a restart the counters grew over the uptime only (at least 1 s, as uptimes are whole seconds).
	const spanSec = restarted ? Math.min(intervalSec, Math.max(1, next.uptimeSec ?? intervalSec)) : intervalSec;
	for (const [name, value] of Object.entries(next.values)) {
		if (!(name in prev.values)) continue;
		const increase = restarted ? Math.max(0, value) : counterIncrease(prev.values[name], value);
		rates[name] = increase / spanSec;
	}
	return rates;
}

/** Sum of the named counters' increases; undefined when any is missing from either sample. */
export function sumIncrease(prev: CounterSample | undefined, next: CounterSample, names: string[]): number | undefined {
	if (!prev) return undefined;
	let total = 0;
	for (const name of names) {
		if (!(name in prev.values) || !(name in next.values)) return undefined;
		total += counterIncrease(prev.values[name], next.values[name]);
	}
	return total;
}

/** hits / (hits + misses) over an interval; undefined when nothing was read. */
export function hitRatio(hitsIncrease: number, missesIncrease: number): number | undefined {
	const total = hitsIncrease + missesIncrease;
	if (!(total > 0)) return undefined;
	return Math.min(1, Math.max(0, hitsIncrease / total));
}
