import type { Int64 } from './types';

/**
 * OTLP nanosecond times → Unix microseconds, rounded to the nearest (records keep
 * microseconds). Numbers (what the protobuf decoder returns: float64, within ±128 ns for
 * current dates) are rounded rather than floored, so a whole-microsecond time that float64
 * stored a few ns low still lands on its own microsecond; decimal strings are rounded
 * exactly, so both encodings give the same record.
 * Returns 0 for an absent or non-positive time, which callers treat as "not given".
 */
export function nanosToMicros(nanos: Int64 | undefined): number {
	if (typeof nanos === 'number') return nanos > 0 ? Math.round(nanos / 1000) : 0;
	if (typeof nanos === 'string') {
		if (nanos.charCodeAt(0) === 45) return 0;
		if (nanos.length <= 3) return Number(nanos) >= 500 ? 1 : 0;
		const us = Number(nanos.slice(0, -3)) + (nanos.charCodeAt(nanos.length - 3) >= 53 ? 1 : 0);
		return Number.isFinite(us) && us > 0 ? us : 0;
	}
	return 0;
}

/** Int64 counts → numbers (exact below 2^53). NaN for text that is not an integer. */
export function int64ToNumber(v: Int64 | undefined): number {
	if (v === undefined) return 0;
	return typeof v === 'number' ? v : Number(v);
}
