import { compileFilter, passes, type ScatterFilter } from './filter';
import type { ScatterStore } from './store';

export interface DataRect {
	fromMs: number;
	toMs: number;
	minDurationMs: number;
	maxDurationMs: number;
}

export interface Selection {
	/** Row ids of the selected points, oldest first, at most `limit`. */
	rowIds: Uint32Array;
	/** All points in the rectangle (may exceed `limit`: the list says "first N of total"). */
	total: number;
	errors: number;
}

/** Points inside the rectangle (bounds inclusive) that pass the filter. One linear scan. */
export function selectRect(store: ScatterStore, rect: DataRect, options: { filter?: ScatterFilter; limit?: number } = {}): Selection {
	const limit = Math.max(0, options.limit ?? 10_000);
	const f = compileFilter(store, options.filter);
	const { endMs, durationMs, flags, rowIds } = store;
	const out = new Uint32Array(Math.min(limit, store.size));
	let kept = 0;
	let total = 0;
	let errors = 0;
	const allocated = endMs.length;
	const start = store.start;
	for (let k = 0; k < store.size; k++) {
		const i = (start + k) % allocated;
		const t = endMs[i];
		if (t < rect.fromMs || t > rect.toMs) continue;
		const d = durationMs[i];
		if (d < rect.minDurationMs || d > rect.maxDurationMs) continue;
		if (!passes(store, f, i)) continue;
		total++;
		errors += flags[i] & 1;
		if (kept < limit) out[kept++] = rowIds[i];
	}
	return { rowIds: out.slice(0, kept), total, errors };
}

/** The longest duration (ms) among points ending in [fromMs, toMs) that pass the filter; 0 when none. */
export function maxDurationMs(store: ScatterStore, range: { fromMs: number; toMs: number }, filter?: ScatterFilter): number {
	const f = compileFilter(store, filter);
	const { endMs, durationMs } = store;
	let max = 0;
	for (let i = 0; i < store.size; i++) {
		const t = endMs[i];
		if (t < range.fromMs || t >= range.toMs || durationMs[i] <= max) continue;
		if (passes(store, f, i)) max = durationMs[i];
	}
	return max;
}
