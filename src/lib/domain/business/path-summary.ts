/**
 * A business transaction's path across the services that serve it: the per-segment
 * breakdowns of sample traces (domain/trace/segments.ts) averaged, for the board's segment
 * table, transaction path and domain topology widgets.
 *
 * Each entry's `meanCriticalMs` is its critical-path time averaged over ALL sample traces
 * (0 where a trace did not reach it), so the entries add up to the mean response time;
 * `reach` is the share of traces that reached it. Edges add calls and callee time.
 */
import type { SegmentBreakdown, Tier } from '../trace/types';
import { tiers } from '../trace/segments';

export interface PathSegment {
	key: string;
	label: string;
	tier: Tier;
	meanCriticalMs: number;
	meanSelfMs: number;
	/** Share of the mean response time, in [0, 1]. */
	share: number;
	/** Share of sample traces that reached this owner, in [0, 1]. */
	reach: number;
	errors: number;
}

export interface PathEdgeSummary {
	from: string;
	to: string;
	calls: number;
	meanDurationMs: number;
}

export interface PathSummary {
	traces: number;
	meanTotalMs: number;
	/** In tier order (gateway, service, network, database, queue, external), then by time. */
	segments: PathSegment[];
	edges: PathEdgeSummary[];
}

export function summarisePaths(breakdowns: readonly SegmentBreakdown[]): PathSummary {
	const n = breakdowns.length;
	const byKey = new Map<string, PathSegment & { seen: number }>();
	const edges = new Map<string, { from: string; to: string; calls: number; durationUs: number }>();
	let totalUs = 0;
	for (const b of breakdowns) {
		totalUs += b.totalUs;
		for (const e of b.entries) {
			let s = byKey.get(e.key);
			if (!s) byKey.set(e.key, (s = { key: e.key, label: e.label, tier: e.tier, meanCriticalMs: 0, meanSelfMs: 0, share: 0, reach: 0, errors: 0, seen: 0 }));
			s.meanCriticalMs += e.criticalUs;
			s.meanSelfMs += e.selfUs;
			s.errors += e.errorCount;
			s.seen++;
		}
		for (const e of b.edges) {
			const key = e.from + '\u0000' + e.to;
			const into = edges.get(key) ?? { from: e.from, to: e.to, calls: 0, durationUs: 0 };
			into.calls += e.calls;
			into.durationUs += e.durationUs;
			edges.set(key, into);
		}
	}
	const meanTotalMs = n > 0 ? totalUs / n / 1000 : 0;
	const segments = [...byKey.values()].map(({ seen, ...s }) => {
		const meanCriticalMs = s.meanCriticalMs / n / 1000;
		return { ...s, meanCriticalMs, meanSelfMs: s.meanSelfMs / n / 1000, share: meanTotalMs > 0 ? meanCriticalMs / meanTotalMs : 0, reach: seen / n };
	});
	segments.sort((a, b) => tiers.indexOf(a.tier) - tiers.indexOf(b.tier) || b.meanCriticalMs - a.meanCriticalMs || (a.key < b.key ? -1 : 1));
	return {
		traces: n,
		meanTotalMs,
		segments,
		edges: [...edges.values()].map((e) => ({ from: e.from, to: e.to, calls: e.calls, meanDurationMs: e.calls > 0 ? e.durationUs / e.calls / 1000 : 0 }))
	};
}
