/**
 * The small path graph of one trace (InterMax-style): owners (gateway, services,
 * databases, queues, hosts) as boxes in columns by call depth, hops as arrows. Columns: an
 * owner sits one column right of its deepest caller (longest path from an owner nobody
 * calls); a cycle is cut at the first owner met again. At most `maxNodes` (40) owners, by
 * critical time; hops to the rest are left out.
 */
import type { BreakdownEntry, PathEdge, SegmentBreakdown } from '$lib/domain/trace/types';

export interface PathNode {
	key: string;
	label: string;
	tier: BreakdownEntry['tier'];
	criticalUs: number;
	column: number;
	row: number;
}

export interface PathGraph {
	nodes: PathNode[];
	edges: PathEdge[];
	columns: number;
	rows: number;
}

export function pathGraph(breakdown: SegmentBreakdown, maxNodes = 40): PathGraph {
	const kept = breakdown.entries.filter((e) => e.tier !== 'network').slice(0, maxNodes);
	const keys = new Set(kept.map((e) => e.key));
	const edges = breakdown.edges.filter((e) => keys.has(e.from) && keys.has(e.to));
	const callers = new Map<string, string[]>();
	for (const e of edges) (callers.get(e.to) ?? callers.set(e.to, []).get(e.to)!).push(e.from);
	const column = new Map<string, number>();
	const visiting = new Set<string>();
	const depthOf = (key: string): number => {
		const known = column.get(key);
		if (known !== undefined) return known;
		if (visiting.has(key)) return 0;
		visiting.add(key);
		let depth = 0;
		for (const c of callers.get(key) ?? []) depth = Math.max(depth, depthOf(c) + 1);
		visiting.delete(key);
		column.set(key, depth);
		return depth;
	};
	const perColumn: number[] = [];
	const nodes = kept.map((e) => {
		const c = depthOf(e.key);
		const row = perColumn[c] ?? 0;
		perColumn[c] = row + 1;
		return { key: e.key, label: e.label, tier: e.tier, criticalUs: e.criticalUs, column: c, row };
	});
	return { nodes, edges, columns: perColumn.length, rows: Math.max(0, ...perColumn) };
}
