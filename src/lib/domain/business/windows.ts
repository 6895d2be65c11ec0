/**
 * KPI windows: the business counterpart of the span rollups, on the same levels (1 s,
 * 10 s, 1 min, 1 h; domain/telemetry/levels.ts), aligned to the Unix epoch and keyed by
 * start. A span belongs to the window of its END time; a conversion journey to the window
 * of its first step. Coarser windows are merges of finer ones, never recomputed from
 * spans, so a 1 h window equals the merge of its sixty 1 min windows.
 */
import { coarserLevel, levelWidthMs, windowStartMs, type RollupLevel } from '../telemetry/levels';
import { mergeStatsData, StatsMerger, type BizStatsData } from './stats';

export interface KpiWindowRecord {
	level: RollupLevel;
	/** Unix ms. */
	startMs: number;
	/** Statistics by target key (`t:<transactionId>`, `d:<domainId>`); absent = nothing matched. */
	targets: Record<string, BizStatsData>;
	/** Journeys per step by conversion KPI id: [started, reached step 2, ...]. */
	conversions: Record<string, number[]>;
}

/** Merges two windows of the same level and start; the inputs are not modified. */
export function mergeKpiWindows(a: KpiWindowRecord, b: KpiWindowRecord): KpiWindowRecord {
	const targets: Record<string, BizStatsData> = { ...a.targets };
	for (const [key, stats] of Object.entries(b.targets)) targets[key] = mergeStatsData(targets[key], stats);
	const conversions: Record<string, number[]> = {};
	for (const [id, steps] of Object.entries(a.conversions)) conversions[id] = [...steps];
	for (const [id, steps] of Object.entries(b.conversions)) {
		const into = conversions[id];
		if (!into) conversions[id] = [...steps];
		else for (let i = 0; i < steps.length; i++) into[i] = (into[i] ?? 0) + steps[i];
	}
	return { level: a.level, startMs: a.startMs, targets, conversions };
}

/**
 * Windows of `level` made by merging `finer` ones (any finer level), sorted by start.
 * Throws a RangeError when asked for a level that is not coarser.
 */
export function coarsenKpiWindows(finer: readonly KpiWindowRecord[], level: RollupLevel): KpiWindowRecord[] {
	const out = new Map<number, { targets: Map<string, StatsMerger>; conversions: Record<string, number[]> }>();
	for (const w of finer) {
		if (levelWidthMs[w.level] >= levelWidthMs[level]) throw new RangeError(`Cannot coarsen ${w.level} windows into ${level}.`);
		const startMs = windowStartMs(level, w.startMs);
		let into = out.get(startMs);
		if (!into) out.set(startMs, (into = { targets: new Map(), conversions: {} }));
		for (const key in w.targets) {
			let merger = into.targets.get(key);
			if (!merger) into.targets.set(key, (merger = new StatsMerger()));
			merger.add(w.targets[key]);
		}
		for (const [id, steps] of Object.entries(w.conversions)) {
			const sum = (into.conversions[id] ??= []);
			for (let i = 0; i < steps.length; i++) sum[i] = (sum[i] ?? 0) + steps[i];
		}
	}
	return [...out]
		.sort((a, b) => a[0] - b[0])
		.map(([startMs, w]) => {
			const targets: Record<string, BizStatsData> = {};
			for (const [key, merger] of w.targets) targets[key] = merger.toData();
			return { level, startMs, targets, conversions: w.conversions };
		});
}

/** Every coarser level of `windows` (e.g. 1 s -> 10 s, 1 min, 1 h), each made from the next finer. */
export function coarserLevels(windows: readonly KpiWindowRecord[], from: RollupLevel): Map<RollupLevel, KpiWindowRecord[]> {
	const out = new Map<RollupLevel, KpiWindowRecord[]>([[from, [...windows]]]);
	let level = from;
	let current = [...windows];
	for (let next = coarserLevel(level); next; next = coarserLevel(level)) {
		current = coarsenKpiWindows(current, next);
		out.set(next, current);
		level = next;
	}
	return out;
}

/** Merges deltas into stored windows by (level, startMs): the read-modify-merge of a store. */
export function mergeInto(stored: Map<string, KpiWindowRecord>, deltas: readonly KpiWindowRecord[]): void {
	for (const d of deltas) {
		const key = d.level + ':' + d.startMs;
		const current = stored.get(key);
		stored.set(key, current ? mergeKpiWindows(current, d) : d);
	}
}

/**
 * Stored windows with the `affected` targets and conversions replaced by those of `fresh`
 * (a re-evaluation of part of the model, BusinessModel.subset). Both lists are windows of
 * one level; the result is sorted by start, and windows left empty are dropped.
 */
export function replaceTargets(
	stored: readonly KpiWindowRecord[],
	fresh: readonly KpiWindowRecord[],
	affected: { targets: readonly string[]; conversions: readonly string[] }
): KpiWindowRecord[] {
	const targets = new Set(affected.targets);
	const conversions = new Set(affected.conversions);
	const out = new Map<number, KpiWindowRecord>();
	for (const w of stored) {
		const kept: KpiWindowRecord = { level: w.level, startMs: w.startMs, targets: {}, conversions: {} };
		for (const [key, stats] of Object.entries(w.targets)) if (!targets.has(key)) kept.targets[key] = stats;
		for (const [id, steps] of Object.entries(w.conversions)) if (!conversions.has(id)) kept.conversions[id] = steps;
		out.set(w.startMs, kept);
	}
	for (const w of fresh) {
		let into = out.get(w.startMs);
		if (!into) out.set(w.startMs, (into = { level: w.level, startMs: w.startMs, targets: {}, conversions: {} }));
		for (const [key, stats] of Object.entries(w.targets)) if (targets.has(key)) into.targets[key] = stats;
		for (const [id, steps] of Object.entries(w.conversions)) if (conversions.has(id)) into.conversions[id] = steps;
	}
	return [...out.values()]
		.filter((w) => Object.keys(w.targets).length > 0 || Object.keys(w.conversions).length > 0)
		.sort((a, b) => a.startMs - b.startMs);
}
