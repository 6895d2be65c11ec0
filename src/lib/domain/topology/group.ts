/**
 * Grouping the map into boxes, and collapsing boxes into single nodes.
 *
 * A service's group comes from its resource attributes (`service.namespace`,
 * `k8s.namespace.name`, `cloud.region`) or, for business domains, from the caller's mapping
 * (service → domain, a user document). A database, queue or external host joins a group
 * when every service it talks to is in that group (a database per service stays inside its
 * service's box; a shared one stays outside).
 *
 * A collapsed group becomes one node of kind `group`. Its traffic is that of its entry
 * services (members called from outside the group, or receiving entry requests): the
 * requests the group as a whole served. Edges inside the group disappear; edges crossing
 * its border are merged per (from, to).
 */
import { figuresOf, mergeTraffic, windowSecOf } from './figures';
import type { TopologyEdge, TopologyGraph, TopologyNode } from './types';

export type GroupBy = 'domain' | 'namespace' | 'k8sNamespace' | 'cloudRegion';

export interface TopologyGroup {
	/** `group:<by>:<value>` */
	id: string;
	label: string;
	members: string[];
}

export interface Grouping {
	by: GroupBy;
	groups: TopologyGroup[];
	/** Node id → group id; nodes outside every group are absent. */
	groupOf: Map<string, string>;
}

export interface GroupOptions {
	by: GroupBy;
	/** For `domain`: the business domain of a service, undefined when unmapped. */
	domainOf?: (service: string) => string | undefined;
}

export function groupTopology(graph: TopologyGraph, options: GroupOptions): Grouping {
	const valueOf = (node: TopologyNode): string | undefined => {
		if (options.by === 'domain') return options.domainOf?.(node.label);
		return node.attrs[options.by];
	};
	const groupOf = new Map<string, string>();
	const labels = new Map<string, string>();
	for (const node of graph.nodes) {
		if (node.kind !== 'service') continue;
		const value = valueOf(node);
		if (value === undefined || value === '') continue;
		const id = `group:${options.by}:${value}`;
		groupOf.set(node.id, id);
		labels.set(id, value);
	}
	const neighbourGroups = new Map<string, Set<string | undefined>>();
	const kindOf = new Map(graph.nodes.map((n) => [n.id, n.kind]));
	const note = (peer: string, service: string) => {
		if (kindOf.get(peer) === 'service' || kindOf.get(service) !== 'service') return;
		let set = neighbourGroups.get(peer);
		if (!set) neighbourGroups.set(peer, (set = new Set()));
		set.add(groupOf.get(service));
	};
	for (const edge of graph.edges) {
		note(edge.to, edge.from);
		note(edge.from, edge.to);
	}
	for (const [peer, groups] of neighbourGroups) {
		if (groups.size !== 1) continue;
		const only = [...groups][0];
		if (only !== undefined) groupOf.set(peer, only);
	}
	const members = new Map<string, string[]>();
	for (const node of graph.nodes) {
		const g = groupOf.get(node.id);
		if (g === undefined) continue;
		const list = members.get(g);
		if (list) list.push(node.id);
		else members.set(g, [node.id]);
	}
	const groups = [...members].map(([id, m]) => ({ id, label: labels.get(id)!, members: m }));
	groups.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
	return { by: options.by, groups, groupOf };
}

export function collapseGroups(graph: TopologyGraph, grouping: Grouping, collapsed: Iterable<string>): TopologyGraph {
	const closed = new Set(collapsed);
	const target = (id: string): string => {
		const g = grouping.groupOf.get(id);
		return g !== undefined && closed.has(g) ? g : id;
	};
	const windowSec = windowSecOf(graph);
	const entryServices = new Set<string>();
	for (const edge of graph.edges) if (target(edge.from) !== target(edge.to)) entryServices.add(edge.to);

	const nodes: TopologyNode[] = [];
	for (const node of graph.nodes) if (target(node.id) === node.id) nodes.push(node);
	for (const group of grouping.groups) {
		if (!closed.has(group.id)) continue;
		const memberNodes = graph.nodes.filter((n) => grouping.groupOf.get(n.id) === group.id);
		const entries = memberNodes.filter((n) => n.kind === 'service' && (entryServices.has(n.id) || n.entryRequests > 0));
		const traffic = mergeTraffic(entries.map((n) => n.traffic));
		nodes.push({
			id: group.id,
			kind: 'group',
			label: group.label,
			attrs: {},
			traffic,
			figures: figuresOf(traffic, windowSec),
			entryRequests: entries.reduce((a, n) => a + n.entryRequests, 0),
			members: memberNodes.map((n) => n.id)
		});
	}

	const merged = new Map<string, { edge: TopologyEdge; parts: TopologyEdge[] }>();
	for (const edge of graph.edges) {
		const from = target(edge.from);
		const to = target(edge.to);
		if (from === to && from !== edge.from) continue;
		const id = `${from}->${to}`;
		const entry = merged.get(id);
		if (entry) entry.parts.push(edge);
		else merged.set(id, { edge: { ...edge, id, from, to }, parts: [edge] });
	}
	const edges = [...merged.values()].map(({ edge, parts }) => {
		if (parts.length === 1) return edge;
		const traffic = mergeTraffic(parts.map((p) => p.traffic));
		return { ...edge, traffic, figures: figuresOf(traffic, windowSec) };
	});
	return { ...graph, nodes, edges };
}
