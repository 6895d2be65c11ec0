/**
 * Difference of two windows of the map (time travel: "what changed since yesterday").
 * An edge or node is `new` when it has traffic only in `after`, `vanished` when only in
 * `before`, `changed` when a figure moved past a threshold, else `same`:
 * - traffic: requests per second × 2 or ÷ 2 (`rateRatio`);
 * - errors: error rate moved by ≥ 5 points (`errorRatePoints`);
 * - latency: p95 × 1.5 or ÷ 1.5 (`latencyRatio`).
 * Figures with fewer than `minRequests` (10) on either side are not compared (noise).
 */
import type { Figures, TopologyEdge, TopologyGraph, TopologyNode } from './types';

export type Change = 'new' | 'vanished' | 'changed' | 'same';
export type ChangeReason = 'traffic' | 'errors' | 'latency';

export interface ItemDiff {
	id: string;
	change: Change;
	reasons: ChangeReason[];
	before?: Figures;
	after?: Figures;
}

export interface EdgeDiff extends ItemDiff {
	from: string;
	to: string;
}

export interface TopologyDiff {
	nodes: ItemDiff[];
	edges: EdgeDiff[];
	counts: Record<Change, { nodes: number; edges: number }>;
}

export interface DiffOptions {
	rateRatio?: number;
	errorRatePoints?: number;
	latencyRatio?: number;
	minRequests?: number;
}

export function diffTopology(before: TopologyGraph, after: TopologyGraph, options: DiffOptions = {}): TopologyDiff {
	const o = { rateRatio: 2, errorRatePoints: 0.05, latencyRatio: 1.5, minRequests: 10, ...options };
	const compare = (b: Figures | undefined, a: Figures | undefined): { change: Change; reasons: ChangeReason[] } => {
		const hadTraffic = (b?.requests ?? 0) > 0;
		const hasTraffic = (a?.requests ?? 0) > 0;
		if (!hadTraffic && !hasTraffic) return { change: 'same', reasons: [] };
		if (!hadTraffic) return { change: 'new', reasons: [] };
		if (!hasTraffic) return { change: 'vanished', reasons: [] };
		const reasons: ChangeReason[] = [];
		if (b!.requests >= o.minRequests && a!.requests >= o.minRequests) {
			const rate = a!.requestsPerSec / b!.requestsPerSec;
			if (rate >= o.rateRatio || rate <= 1 / o.rateRatio) reasons.push('traffic');
			if (Math.abs(a!.errorRate - b!.errorRate) >= o.errorRatePoints) reasons.push('errors');
			const latency = a!.p95Ms / b!.p95Ms;
			if (latency >= o.latencyRatio || latency <= 1 / o.latencyRatio) reasons.push('latency');
		}
		return { change: reasons.length > 0 ? 'changed' : 'same', reasons };
	};
	const counts = Object.fromEntries(
		(['new', 'vanished', 'changed', 'same'] as Change[]).map((c) => [c, { nodes: 0, edges: 0 }])
	) as TopologyDiff['counts'];

	const nodes: ItemDiff[] = [];
	for (const [id, pair] of pairUp(before.nodes, after.nodes)) {
		const verdict = compare(pair.before?.figures, pair.after?.figures);
		counts[verdict.change].nodes++;
		nodes.push({ id, ...verdict, ...figuresOfPair(pair) });
	}
	const edges: EdgeDiff[] = [];
	for (const [id, pair] of pairUp(before.edges, after.edges)) {
		const verdict = compare(pair.before?.figures, pair.after?.figures);
		counts[verdict.change].edges++;
		const edge = (pair.after ?? pair.before)!;
		edges.push({ id, from: edge.from, to: edge.to, ...verdict, ...figuresOfPair(pair) });
	}
	return { nodes, edges, counts };
}

function pairUp<T extends TopologyNode | TopologyEdge>(before: T[], after: T[]): Map<string, { before?: T; after?: T }> {
	const out = new Map<string, { before?: T; after?: T }>();
	for (const item of before) out.set(item.id, { before: item });
	for (const item of after) {
		const pair = out.get(item.id);
		if (pair) pair.after = item;
		else out.set(item.id, { after: item });
	}
	return out;
}

function figuresOfPair(pair: { before?: { figures: Figures }; after?: { figures: Figures } }) {
	return {
		...(pair.before ? { before: pair.before.figures } : {}),
		...(pair.after ? { after: pair.after.figures } : {})
	};
}
