/**
 * Health colours for nodes and edges.
 *
 * Without a baseline, fixed thresholds: error rate ≥ 2 % warns, ≥ 10 % is critical; p95 ≥
 * 1 s warns, ≥ 3 s is critical. With a baseline (the same node or edge in a reference
 * window, e.g. the same hour last week), the baseline replaces the threshold for each figure
 * it has:
 * - latency warns when p95 ≥ 1.5 × baseline and at least 20 ms above it; critical at 3 × and
 *   100 ms above;
 * - errors warn when the rate ≥ 2 × baseline and at least 2 points above it; critical at
 *   3 × and 10 points above.
 * The absolute margins keep near-zero baselines from flapping (1 error in 500 against 0).
 * Fewer than `minRequests` (10) in the window: `unknown` (too little to judge);
 * none: `idle`.
 */
import type { Figures, TopologyGraph } from './types';

export type Health = 'ok' | 'warn' | 'crit' | 'unknown' | 'idle';
export type HealthReason = 'errors' | 'latency';

export interface HealthThresholds {
	minRequests: number;
	errorRateWarn: number;
	errorRateCrit: number;
	p95WarnMs: number;
	p95CritMs: number;
}

export const defaultHealthThresholds: HealthThresholds = {
	minRequests: 10,
	errorRateWarn: 0.02,
	errorRateCrit: 0.1,
	p95WarnMs: 1000,
	p95CritMs: 3000
};

export interface HealthBaseline {
	errorRate?: number;
	p95Ms?: number;
}

export interface HealthVerdict {
	health: Health;
	/** The figures at warn or crit level. */
	reasons: HealthReason[];
}

const rank: Record<Health, number> = { idle: 0, unknown: 1, ok: 2, warn: 3, crit: 4 };

export function healthOf(
	figures: Figures,
	options: { thresholds?: Partial<HealthThresholds>; baseline?: HealthBaseline } = {}
): HealthVerdict {
	const t = { ...defaultHealthThresholds, ...options.thresholds };
	if (figures.requests === 0) return { health: 'idle', reasons: [] };
	if (figures.requests < t.minRequests) return { health: 'unknown', reasons: [] };
	const base = options.baseline ?? {};
	let health: Health = 'ok';
	const reasons: HealthReason[] = [];
	const raise = (level: Health, reason: HealthReason) => {
		if (level === 'ok') return;
		reasons.push(reason);
		if (rank[level] > rank[health]) health = level;
	};

	const e = figures.errorRate;
	if (base.errorRate !== undefined && Number.isFinite(base.errorRate)) {
		const b = base.errorRate;
		raise(e >= 3 * b && e - b >= 0.1 ? 'crit' : e >= 2 * b && e - b >= 0.02 ? 'warn' : 'ok', 'errors');
	} else raise(e >= t.errorRateCrit ? 'crit' : e >= t.errorRateWarn ? 'warn' : 'ok', 'errors');

	const p = figures.p95Ms;
	if (Number.isFinite(p)) {
		if (base.p95Ms !== undefined && Number.isFinite(base.p95Ms)) {
			const b = base.p95Ms;
			raise(p >= 3 * b && p - b >= 100 ? 'crit' : p >= 1.5 * b && p - b >= 20 ? 'warn' : 'ok', 'latency');
		} else raise(p >= t.p95CritMs ? 'crit' : p >= t.p95WarnMs ? 'warn' : 'ok', 'latency');
	}
	return { health, reasons };
}

/** Baselines per node and edge id from a reference graph (figures with too little traffic are left out). */
export function baselinesOf(reference: TopologyGraph, minRequests = defaultHealthThresholds.minRequests): Map<string, HealthBaseline> {
	const out = new Map<string, HealthBaseline>();
	for (const item of [...reference.nodes, ...reference.edges]) {
		if (item.figures.requests < minRequests) continue;
		out.set(item.id, { errorRate: item.figures.errorRate, p95Ms: item.figures.p95Ms });
	}
	return out;
}

/** Verdicts for every node and edge id of `graph`. */
export function graphHealth(
	graph: TopologyGraph,
	options: { thresholds?: Partial<HealthThresholds>; baselines?: Map<string, HealthBaseline> } = {}
): Map<string, HealthVerdict> {
	const out = new Map<string, HealthVerdict>();
	for (const item of [...graph.nodes, ...graph.edges]) {
		out.set(item.id, healthOf(item.figures, { thresholds: options.thresholds, baseline: options.baselines?.get(item.id) }));
	}
	return out;
}
