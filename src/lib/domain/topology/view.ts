/**
 * Views of a map: filters and N-hop focus. Both return a sub-graph (nodes and edges are the
 * input's objects, not copies).
 */
import type { NodeKind, TopologyGraph } from './types';

export interface TopologyFilter {
	/** Case-insensitive substring of a node's label or id; matches are kept with their direct neighbours. */
	search?: string;
	/** Edges below this rate are hidden; so are nodes below it left without edges. */
	minRequestsPerSec?: number;
	hideKinds?: readonly NodeKind[];
}

export function filterTopology(graph: TopologyGraph, filter: TopologyFilter): TopologyGraph {
	const hidden = new Set(filter.hideKinds ?? []);
	const minRate = filter.minRequestsPerSec ?? 0;
	let nodes = graph.nodes.filter((n) => !hidden.has(n.kind));
	let ids = new Set(nodes.map((n) => n.id));
	let edges = graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to) && e.figures.requestsPerSec >= minRate);
	if (minRate > 0) {
		const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
		nodes = nodes.filter((n) => linked.has(n.id) || n.figures.requestsPerSec >= minRate);
		ids = new Set(nodes.map((n) => n.id));
	}
	const needle = filter.search?.trim().toLowerCase();
	if (needle) {
		const matches = new Set(
			nodes.filter((n) => n.label.toLowerCase().includes(needle) || n.id.toLowerCase().includes(needle)).map((n) => n.id)
		);
		const keep = new Set(matches);
		for (const e of edges) {
			if (matches.has(e.from)) keep.add(e.to);
			if (matches.has(e.to)) keep.add(e.from);
		}
		nodes = nodes.filter((n) => keep.has(n.id));
		ids = keep;
		edges = edges.filter((e) => keep.has(e.from) && keep.has(e.to) && (matches.has(e.from) || matches.has(e.to)));
	}
	return { ...graph, nodes, edges };
}

export interface FocusOptions {
	nodeId: string;
	/** Hops along callers (upstream). */
	upHops: number;
	/** Hops along callees (downstream). */
	downHops: number;
}

/** The node, its callers up to `upHops` away and its callees up to `downHops` away, and the edges walked. */
export function focusTopology(graph: TopologyGraph, options: FocusOptions): TopologyGraph {
	const outgoing = new Map<string, string[]>();
	const incoming = new Map<string, string[]>();
	for (const e of graph.edges) {
		(outgoing.get(e.from) ?? outgoing.set(e.from, []).get(e.from)!).push(e.to);
		(incoming.get(e.to) ?? incoming.set(e.to, []).get(e.to)!).push(e.from);
	}
	const walk = (links: Map<string, string[]>, hops: number): Set<string> => {
		const seen = new Set([options.nodeId]);
		let frontier = [options.nodeId];
		for (let h = 0; h < hops && frontier.length > 0; h++) {
			const next: string[] = [];
			for (const id of frontier)
				for (const n of links.get(id) ?? [])
					if (!seen.has(n)) {
						seen.add(n);
						next.push(n);
					}
			frontier = next;
		}
		return seen;
	};
	const up = walk(incoming, Math.max(0, options.upHops));
	const down = walk(outgoing, Math.max(0, options.downHops));
	const keep = new Set([...up, ...down]);
	const nodes = graph.nodes.filter((n) => keep.has(n.id));
	if (nodes.length === 0) return { ...graph, nodes: [], edges: [] };
	const edges = graph.edges.filter((e) => (up.has(e.from) && up.has(e.to)) || (down.has(e.from) && down.has(e.to)));
	return { ...graph, nodes, edges };
}
