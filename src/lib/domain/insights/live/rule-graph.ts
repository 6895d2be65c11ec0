/**
 * The service map as the rule engine and root-cause ranking see it: service nodes by service
 * name, peers by their topology id (db:, ext:, queue:), call edges between them.
 */
import type { TopologyGraph } from '../../topology/types';
import type { NodeKind } from '../rules/types';

export interface RuleGraph {
	nodes: { id: string; kind: NodeKind; host?: string }[];
	edges: [string, string][];
}

export const emptyRuleGraph: RuleGraph = { nodes: [], edges: [] };

const kinds: Record<string, NodeKind | undefined> = { service: 'service', database: 'database', external: 'external', queue: 'queue' };

function nodeId(id: string): string {
	return id.startsWith('svc:') ? id.slice(4) : id;
}

/** `hosts`: service name -> host id (host:<name>) of its instances, for host-scoped rules. */
export function ruleGraphOf(graph: TopologyGraph, hosts?: ReadonlyMap<string, string>): RuleGraph {
	const nodes: RuleGraph['nodes'] = [];
	for (const n of graph.nodes) {
		const kind = kinds[n.kind];
		if (!kind) continue;
		const id = nodeId(n.id);
		const host = kind === 'service' ? hosts?.get(id) : undefined;
		nodes.push({ id, kind, ...(host ? { host } : {}) });
	}
	const known = new Set(nodes.map((n) => n.id));
	const edges: [string, string][] = [];
	const seen = new Set<string>();
	for (const e of graph.edges) {
		const from = nodeId(e.from);
		const to = nodeId(e.to);
		const key = `${from}\u0000${to}`;
		if (from === to || !known.has(from) || !known.has(to) || seen.has(key)) continue;
		seen.add(key);
		edges.push([from, to]);
	}
	return { nodes, edges };
}

/** Edges between services only (root-cause ranking and causal topology filter). */
export function serviceEdges(graph: RuleGraph): [string, string][] {
	const services = new Set(graph.nodes.filter((n) => n.kind === 'service').map((n) => n.id));
	return graph.edges.filter(([a, b]) => services.has(a) && services.has(b));
}
