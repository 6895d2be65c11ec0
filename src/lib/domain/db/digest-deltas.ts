/**
 * Top SQL between two polls. The servers keep cumulative statistics per statement
 * (performance_schema digests, pg_stat_statements); the collector turns them into the
 * increase since its previous poll, merges native rows that share one Meridian digest,
 * and keeps the statements that cost the most time.
 *
 * A row absent from the previous poll is counted in full when the server says it is new
 * (`isNew`), otherwise it only becomes the baseline: its cumulative values may cover days.
 * A row whose call count went down was reset or evicted and re-added: it counts from zero.
 */
import { OTHER_DIGEST } from './names';

/** Cumulative statistics of one native row (one server digest / queryid). */
export interface DigestCounters {
	/** Native identity: schema + digest (MySQL), dbid + userid + queryid (PostgreSQL). */
	key: string;
	/** Meridian digest (`sqlDigest` of the text). */
	digest: string;
	namespace?: string;
	calls: number;
	durationMs: number;
	rowsExamined?: number;
	rowsReturned?: number;
	errors?: number;
	noIndex?: number;
	/** Cumulative maximum, not summed. */
	maxDurationMs?: number;
	/** The row appeared after the previous poll (MySQL FIRST_SEEN, or a complete read of the view). */
	isNew?: boolean;
}

/** Increase of one (namespace, digest) over the interval. */
export interface DigestDelta {
	digest: string;
	namespace?: string;
	calls: number;
	durationMs: number;
	rowsExamined?: number;
	rowsReturned?: number;
	errors?: number;
	noIndex?: number;
	maxDurationMs?: number;
	/** Native keys merged into this delta. */
	keys: string[];
}

const SUMMED = ['calls', 'durationMs', 'rowsExamined', 'rowsReturned', 'errors', 'noIndex'] as const;

function increase(prev: number | undefined, next: number | undefined, reset: boolean): number | undefined {
	if (next === undefined || !Number.isFinite(next)) return undefined;
	if (reset || prev === undefined) return Math.max(0, next);
	return Math.max(0, next - prev);
}

/**
 * Deltas for the rows that ran since `prev`, merged per (namespace, digest), in input order
 * of first appearance. `prev` is not modified; call `rememberDigests` to advance it.
 */
export function digestDeltas(prev: ReadonlyMap<string, DigestCounters>, rows: readonly DigestCounters[]): DigestDelta[] {
	const merged = new Map<string, DigestDelta>();
	for (const row of rows) {
		const before = prev.get(row.key);
		if (!before && !row.isNew) continue;
		const reset = before !== undefined && row.calls < before.calls;
		const calls = increase(before?.calls, row.calls, reset) ?? 0;
		if (calls === 0) continue;
		const id = `${row.namespace ?? ''}\u0000${row.digest}`;
		let delta = merged.get(id);
		if (!delta) {
			delta = { digest: row.digest, namespace: row.namespace, calls: 0, durationMs: 0, keys: [] };
			merged.set(id, delta);
		}
		delta.keys.push(row.key);
		for (const field of SUMMED) {
			const value = increase(before?.[field], row[field], reset);
			if (value !== undefined) delta[field] = (delta[field] ?? 0) + value;
		}
		if (row.maxDurationMs !== undefined) delta.maxDurationMs = Math.max(delta.maxDurationMs ?? 0, row.maxDurationMs);
	}
	return [...merged.values()];
}

/**
 * Advances the baseline with the rows read; the map stays within `maxEntries` by dropping
 * the rows updated longest ago (Map order is update order).
 */
export function rememberDigests(prev: Map<string, DigestCounters>, rows: readonly DigestCounters[], maxEntries = 20_000): void {
	for (const row of rows) {
		prev.delete(row.key);
		prev.set(row.key, { ...row, isNew: undefined });
	}
	let excess = prev.size - maxEntries;
	for (const key of prev.keys()) {
		if (excess-- <= 0) break;
		prev.delete(key);
	}
}

/**
 * The `limit` deltas with the most time in the interval (ties: more calls, then digest), and
 * the rest summed into one `other` delta (absent when nothing is left over).
 */
export function topDigests(deltas: readonly DigestDelta[], limit: number): { top: DigestDelta[]; other?: DigestDelta } {
	const sorted = [...deltas].sort(
		(a, b) => b.durationMs - a.durationMs || b.calls - a.calls || (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0)
	);
	const top = sorted.slice(0, Math.max(0, limit));
	const rest = sorted.slice(top.length);
	if (rest.length === 0) return { top };
	const other: DigestDelta = { digest: OTHER_DIGEST, calls: 0, durationMs: 0, keys: [] };
	for (const d of rest) {
		other.keys.push(...d.keys);
		for (const field of SUMMED) {
			if (d[field] !== undefined) other[field] = (other[field] ?? 0) + d[field]!;
		}
		if (d.maxDurationMs !== undefined) other.maxDurationMs = Math.max(other.maxDurationMs ?? 0, d.maxDurationMs);
	}
	return { top, other };
}
