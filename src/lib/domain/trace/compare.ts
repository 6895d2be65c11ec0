/**
 * Comparison of one trace against the baseline of similar traces (same root operation,
 * over a window the caller chooses). Per span path (paths.ts):
 * - `new`: the path never occurs in the baseline;
 * - `missing`: it occurs in at least `missingPresence` (default half) of baseline traces but
 *   not in this one;
 * - `slower`: its total duration here is above the baseline's 90th percentile, at least
 *   `slowerRatio` (1.5) times the baseline median and at least `minDeltaUs` (1 ms) longer;
 * - `faster`: the mirror image (below the 10th percentile, ≤ median / 1.5, ≥ 1 ms shorter);
 * - `unchanged` otherwise.
 * Ancestors of a slow span are slower too; `selfDeltaUs` (self time against the baseline's
 * median self time) tells the span that grew from the ones that only waited for it.
 *
 * Bounds: a baseline keeps at most `maxTraces` traces (default 500; the caller passes the
 * most relevant first, later ones are counted in `skippedTraces`) and `maxPaths` paths
 * (default 20,000; further paths are counted in `skippedPaths` and compare as `new`).
 */
import type { PathTotals } from './paths';

export interface PathBaseline {
	service: string;
	name: string;
	depth: number;
	/** Share of baseline traces containing the path, 0..1. */
	presence: number;
	/** Over the traces containing the path: per-trace totals. */
	p10DurationUs: number;
	medianDurationUs: number;
	p90DurationUs: number;
	medianSelfUs: number;
	medianCount: number;
}

export interface TraceBaseline {
	rootKey: string;
	traceCount: number;
	medianRootDurationUs: number;
	paths: Record<string, PathBaseline>;
	skippedTraces: number;
	skippedPaths: number;
}

export interface BaselineTrace {
	rootKey: string;
	rootDurationUs: number;
	paths: Map<string, PathTotals>;
}

export interface BaselineOptions {
	maxTraces?: number;
	maxPaths?: number;
}

export function buildBaseline(rootKey: string, traces: Iterable<BaselineTrace>, options: BaselineOptions = {}): TraceBaseline {
	const maxTraces = options.maxTraces ?? 500;
	const maxPaths = options.maxPaths ?? 20_000;
	const samples = new Map<string, { first: PathTotals; durationUs: number[]; selfUs: number[]; count: number[] }>();
	const rootDurations: number[] = [];
	let skippedTraces = 0;
	let skippedPaths = 0;
	for (const trace of traces) {
		if (trace.rootKey !== rootKey) continue;
		if (rootDurations.length >= maxTraces) {
			skippedTraces++;
			continue;
		}
		rootDurations.push(trace.rootDurationUs);
		for (const [path, totals] of trace.paths) {
			let s = samples.get(path);
			if (!s) {
				if (samples.size >= maxPaths) {
					skippedPaths++;
					continue;
				}
				s = { first: totals, durationUs: [], selfUs: [], count: [] };
				samples.set(path, s);
			}
			s.durationUs.push(totals.durationUs);
			s.selfUs.push(totals.selfUs);
			s.count.push(totals.count);
		}
	}
	const traceCount = rootDurations.length;
	const paths: Record<string, PathBaseline> = {};
	for (const [path, s] of samples) {
		const durations = Float64Array.from(s.durationUs).sort();
		paths[path] = {
			service: s.first.service,
			name: s.first.name,
			depth: s.first.depth,
			presence: s.durationUs.length / traceCount,
			p10DurationUs: quantileSorted(durations, 0.1),
			medianDurationUs: quantileSorted(durations, 0.5),
			p90DurationUs: quantileSorted(durations, 0.9),
			medianSelfUs: quantileSorted(Float64Array.from(s.selfUs).sort(), 0.5),
			medianCount: quantileSorted(Float64Array.from(s.count).sort(), 0.5)
		};
	}
	return {
		rootKey,
		traceCount,
		medianRootDurationUs: quantileSorted(Float64Array.from(rootDurations).sort(), 0.5),
		paths,
		skippedTraces,
		skippedPaths
	};
}

export type PathChange = 'slower' | 'faster' | 'new' | 'missing' | 'unchanged';

export interface PathComparison {
	path: string;
	service: string;
	name: string;
	depth: number;
	change: PathChange;
	/** 0 for a missing path. */
	durationUs: number;
	/** Baseline median; 0 for a new path. */
	baselineDurationUs: number;
	deltaUs: number;
	/** durationUs / baselineDurationUs; Infinity for new, 0 for missing. */
	ratio: number;
	selfUs: number;
	baselineSelfUs: number;
	selfDeltaUs: number;
	count: number;
	baselineCount: number;
	/** Share of baseline traces containing the path (0 for new). */
	presence: number;
	/** Span positions in the compared trace (empty for missing). */
	spanIndices: number[];
}

export interface TraceComparison {
	rootKey: string;
	baselineTraces: number;
	durationUs: number;
	baselineDurationUs: number;
	/** Changed paths first (by |selfDeltaUs| descending), then unchanged ones by path. */
	paths: PathComparison[];
	counts: Record<PathChange, number>;
}

export interface CompareOptions {
	slowerRatio?: number;
	minDeltaUs?: number;
	missingPresence?: number;
}

export function compareTrace(trace: BaselineTrace, baseline: TraceBaseline, options: CompareOptions = {}): TraceComparison {
	const slowerRatio = options.slowerRatio ?? 1.5;
	const minDeltaUs = options.minDeltaUs ?? 1000;
	const missingPresence = options.missingPresence ?? 0.5;
	const out: PathComparison[] = [];
	for (const [path, t] of trace.paths) {
		const b = baseline.paths[path];
		if (!b) {
			out.push({
				path, service: t.service, name: t.name, depth: t.depth, change: 'new',
				durationUs: t.durationUs, baselineDurationUs: 0, deltaUs: t.durationUs, ratio: Infinity,
				selfUs: t.selfUs, baselineSelfUs: 0, selfDeltaUs: t.selfUs,
				count: t.count, baselineCount: 0, presence: 0, spanIndices: t.spanIndices
			});
			continue;
		}
		const deltaUs = t.durationUs - b.medianDurationUs;
		const ratio = b.medianDurationUs > 0 ? t.durationUs / b.medianDurationUs : t.durationUs > 0 ? Infinity : 1;
		let change: PathChange = 'unchanged';
		if (t.durationUs > b.p90DurationUs && ratio >= slowerRatio && deltaUs >= minDeltaUs) change = 'slower';
		else if (t.durationUs < b.p10DurationUs && ratio <= 1 / slowerRatio && -deltaUs >= minDeltaUs) change = 'faster';
		out.push({
			path, service: t.service, name: t.name, depth: t.depth, change,
			durationUs: t.durationUs, baselineDurationUs: b.medianDurationUs, deltaUs, ratio,
			selfUs: t.selfUs, baselineSelfUs: b.medianSelfUs, selfDeltaUs: t.selfUs - b.medianSelfUs,
			count: t.count, baselineCount: b.medianCount, presence: b.presence, spanIndices: t.spanIndices
		});
	}
	for (const [path, b] of Object.entries(baseline.paths)) {
		if (trace.paths.has(path) || b.presence < missingPresence) continue;
		out.push({
			path, service: b.service, name: b.name, depth: b.depth, change: 'missing',
			durationUs: 0, baselineDurationUs: b.medianDurationUs, deltaUs: -b.medianDurationUs, ratio: 0,
			selfUs: 0, baselineSelfUs: b.medianSelfUs, selfDeltaUs: -b.medianSelfUs,
			count: 0, baselineCount: b.medianCount, presence: b.presence, spanIndices: []
		});
	}
	const counts: Record<PathChange, number> = { slower: 0, faster: 0, new: 0, missing: 0, unchanged: 0 };
	for (const c of out) counts[c.change]++;
	out.sort((a, b) => {
		const changedA = a.change === 'unchanged' ? 1 : 0;
		const changedB = b.change === 'unchanged' ? 1 : 0;
		if (changedA !== changedB) return changedA - changedB;
		if (changedA === 0) return Math.abs(b.selfDeltaUs) - Math.abs(a.selfDeltaUs) || (a.path < b.path ? -1 : 1);
		return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
	});
	return {
		rootKey: baseline.rootKey,
		baselineTraces: baseline.traceCount,
		durationUs: trace.rootDurationUs,
		baselineDurationUs: baseline.medianRootDurationUs,
		paths: out,
		counts
	};
}

/** Linear interpolation between closest ranks; NaN for no data. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
	const n = sorted.length;
	if (n === 0) return Number.NaN;
	const pos = (n - 1) * Math.min(1, Math.max(0, q));
	const lo = Math.floor(pos);
	const hi = Math.min(n - 1, lo + 1);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
