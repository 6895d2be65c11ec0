/**
 * How DexieKpiWindowStore keeps a KPI window: every target's statistics packed into one
 * Float64Array and one Int32Array (sketch keys), with the target and attribute keys in one
 * string list, instead of an object per target with two typed arrays per sketch. A 1 min
 * window of the 50-rule benchmark holds about 200 targets: structured clone (IndexedDB's
 * copy on every read and write) handled 400 ArrayBuffers and 600 objects per window; packed
 * it handles two buffers. Records without `f` are read as stored (the unpacked form of
 * before), so no upgrade step is needed.
 *
 *   names: [target, attrKey..., target, attrKey..., ...]   (attribute count per target in f)
 *   f, per target: count, successes, sumMs, minMs, maxMs, alpha, zeroCount, attrs, buckets,
 *                  (attr sum, attr n) × attrs
 *   k: the sketch keys of every target, in order (Int16Array when every key fits, else Int32Array)
 *   c: their counts (Uint16Array when every count is a whole number below 65,536, else Float64Array)
 *
 * A day of the 50-rule benchmark's 1 min windows (about 50 targets each, 37 buckets a
 * sketch): 16 MB packed with 16-bit keys and counts, 38 MB with 32-bit keys and 64-bit
 * counts; IndexedDB in Chromium here writes about 60 MB/s.
 */
import type { BizStatsData } from '../../domain/business/stats';
import type { KpiWindowRecord } from '../../domain/business/windows';

export interface PackedKpiWindow {
	level: KpiWindowRecord['level'];
	startMs: number;
	names: string[];
	f: Float64Array;
	k: Int16Array | Int32Array;
	c: Uint16Array | Float64Array;
	conversions: Record<string, number[]>;
}

const head = 9;

export function packWindow(w: KpiWindowRecord): PackedKpiWindow {
	const names: string[] = [];
	let floats = 0;
	let buckets = 0;
	let shortKeys = true;
	let shortCounts = true;
	for (const key in w.targets) {
		const s = w.targets[key];
		floats += head + 2 * Object.keys(s.attrs).length;
		buckets += s.sketch.keys.length;
		for (let b = 0; b < s.sketch.keys.length; b++) {
			const k = s.sketch.keys[b];
			const c = s.sketch.counts[b];
			if (k < -32_768 || k > 32_767) shortKeys = false;
			if (!(Number.isInteger(c) && c >= 0 && c < 65_536)) shortCounts = false;
		}
	}
	const f = new Float64Array(floats);
	const k = shortKeys ? new Int16Array(buckets) : new Int32Array(buckets);
	const c = shortCounts ? new Uint16Array(buckets) : new Float64Array(buckets);
	let i = 0;
	let j = 0;
	for (const key in w.targets) {
		const s = w.targets[key];
		const attrKeys = Object.keys(s.attrs);
		names.push(key, ...attrKeys);
		const n = s.sketch.keys.length;
		f[i++] = s.count;
		f[i++] = s.successes;
		f[i++] = s.sumMs;
		f[i++] = s.minMs;
		f[i++] = s.maxMs;
		f[i++] = s.sketch.alpha;
		f[i++] = s.sketch.zeroCount;
		f[i++] = attrKeys.length;
		f[i++] = n;
		for (const a of attrKeys) {
			f[i++] = s.attrs[a].sum;
			f[i++] = s.attrs[a].n;
		}
		k.set(s.sketch.keys, j);
		c.set(s.sketch.counts, j);
		j += n;
	}
	return { level: w.level, startMs: w.startMs, names, f, k, c, conversions: w.conversions };
}

/** Where one target's figures sit in a packed window. */
interface Part {
	window: PackedKpiWindow;
	name: number;
	names: number;
	f: number;
	floats: number;
	k: number;
	buckets: number;
}

function parts(window: PackedKpiWindow): Part[] {
	const out: Part[] = [];
	let name = 0;
	let i = 0;
	let j = 0;
	while (name < window.names.length) {
		const attrCount = window.f[i + 7];
		const buckets = window.f[i + 8];
		out.push({ window, name, names: 1 + attrCount, f: i, floats: head + 2 * attrCount, k: j, buckets });
		name += 1 + attrCount;
		i += head + 2 * attrCount;
		j += buckets;
	}
	return out;
}

function joinParts(level: KpiWindowRecord['level'], startMs: number, list: Part[], conversions: Record<string, number[]>): PackedKpiWindow {
	let floats = 0;
	let buckets = 0;
	let wideKeys = false;
	let wideCounts = false;
	for (const p of list) {
		floats += p.floats;
		buckets += p.buckets;
		if (p.window.k instanceof Int32Array) wideKeys = true;
		if (p.window.c instanceof Float64Array) wideCounts = true;
	}
	const names: string[] = [];
	const f = new Float64Array(floats);
	const k = wideKeys ? new Int32Array(buckets) : new Int16Array(buckets);
	const c = wideCounts ? new Float64Array(buckets) : new Uint16Array(buckets);
	let i = 0;
	let j = 0;
	for (const p of list) {
		for (let n = 0; n < p.names; n++) names.push(p.window.names[p.name + n]);
		f.set(p.window.f.subarray(p.f, p.f + p.floats), i);
		k.set(p.window.k.subarray(p.k, p.k + p.buckets), j);
		c.set(p.window.c.subarray(p.k, p.k + p.buckets), j);
		i += p.floats;
		j += p.buckets;
	}
	return { level, startMs, names, f, k, c, conversions };
}

/**
 * windows.ts `replaceTargets` over stored windows, packed: the targets kept are copied as
 * they are stored, never unpacked. Returns packed windows sorted by start, without those
 * left empty.
 */
export function replacePackedTargets(
	stored: readonly (PackedKpiWindow | KpiWindowRecord)[],
	fresh: readonly KpiWindowRecord[],
	affected: { targets: readonly string[]; conversions: readonly string[] }
): PackedKpiWindow[] {
	const targets = new Set(affected.targets);
	const conversions = new Set(affected.conversions);
	const out = new Map<number, { level: KpiWindowRecord['level']; parts: Part[]; conversions: Record<string, number[]> }>();
	for (const s of stored) {
		const packed = 'f' in s ? s : packWindow(s);
		const kept = { level: packed.level, parts: parts(packed).filter((p) => !targets.has(packed.names[p.name])), conversions: {} as Record<string, number[]> };
		for (const [id, steps] of Object.entries(packed.conversions)) if (!conversions.has(id)) kept.conversions[id] = steps;
		out.set(packed.startMs, kept);
	}
	for (const w of fresh) {
		let into = out.get(w.startMs);
		if (!into) out.set(w.startMs, (into = { level: w.level, parts: [], conversions: {} }));
		const chosen: KpiWindowRecord = { ...w, targets: {}, conversions: {} };
		for (const key in w.targets) if (targets.has(key)) chosen.targets[key] = w.targets[key];
		into.parts.push(...parts(packWindow(chosen)));
		for (const [id, steps] of Object.entries(w.conversions)) if (conversions.has(id)) into.conversions[id] = steps;
	}
	return [...out]
		.filter(([, w]) => w.parts.length > 0 || Object.keys(w.conversions).length > 0)
		.sort((a, b) => a[0] - b[0])
		.map(([startMs, w]) => joinParts(w.level, startMs, w.parts, w.conversions));
}

/** The window a stored record holds, packed or (written before packing) as it was. */
export function unpackWindow(stored: PackedKpiWindow | KpiWindowRecord): KpiWindowRecord {
	if (!('f' in stored)) return stored;
	const { names, f, k, c } = stored;
	const targets: Record<string, BizStatsData> = {};
	for (const p of parts(stored)) {
		const stats: BizStatsData = {
			count: f[p.f],
			successes: f[p.f + 1],
			sumMs: f[p.f + 2],
			minMs: f[p.f + 3],
			maxMs: f[p.f + 4],
			sketch: { alpha: f[p.f + 5], zeroCount: f[p.f + 6], keys: Int32Array.from(k.subarray(p.k, p.k + p.buckets)), counts: Float64Array.from(c.subarray(p.k, p.k + p.buckets)) },
			attrs: {}
		};
		for (let a = 1; a < p.names; a++) stats.attrs[names[p.name + a]] = { sum: f[p.f + head + 2 * (a - 1)], n: f[p.f + head + 2 * (a - 1) + 1] };
		targets[names[p.name]] = stats;
	}
	return { level: stored.level, startMs: stored.startMs, targets, conversions: stored.conversions };
}
