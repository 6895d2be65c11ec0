/**
 * The service map's view model: from the window's graph (and the compared window's, in
 * diff mode) to what is drawn and what the layout worker lays out.
 *
 * Order: vanished items joined in (diff) → filters (search, minimum traffic, hidden kinds)
 * → focus (N hops up and down) → grouping (boxes; collapsed boxes become one node) →
 * health (fixed thresholds, or the compared window as baseline in diff mode) → sizes.
 *
 * Vanished nodes and edges (traffic only in the compared window) keep the compared
 * window's figures, so filters treat them by the traffic they had; they are drawn faded.
 * An expanded service lists its instances inside its box (at most `maxListedInstances`,
 * newest first; instances that scaled away are drawn faded), so its box grows taller.
 *
 * Business domains: a service's domain is the designer's (services mapped through business
 * transactions) when it has one, else what the traces say; boxes are named by the
 * designer's domain names. Platform events of the window mark the affected service nodes
 * (a collapsed box: its member services' events added up).
 */
import type { LayoutGraph } from '$lib/domain/layout/types';
import type { Change, TopologyDiff } from '$lib/domain/topology/diff';
import { collapseGroups, groupTopology, type Grouping } from '$lib/domain/topology/group';
import { baselinesOf, graphHealth, type Health, type HealthReason } from '$lib/domain/topology/health';
import type { EdgeKind, Figures, InstanceSummary, NodeKind, TopologyGraph } from '$lib/domain/topology/types';
import { filterTopology, focusTopology } from '$lib/domain/topology/view';
import type { PlatformEventCategory } from '$lib/domain/instances/platform-events';
import type { ServicePlatformEvents } from '$lib/domain/topology/platform-events';
import type { TopologyView } from './topology-view';

export const nodeWidthPx = 184;
export const nodeHeightPx = 58;
export const instanceRowPx = 16;
export const maxListedInstances = 8;

export interface MapNode {
	id: string;
	kind: NodeKind;
	label: string;
	system?: string;
	figures: Figures;
	health: Health;
	reasons: HealthReason[];
	change: Change | undefined;
	vanished: boolean;
	/** Expanded group box the node is drawn in. */
	groupId?: string;
	/** Collapsed group: how many nodes it stands for. */
	memberCount?: number;
	/** Expanded service: its instances as listed (faded ones included). */
	instances?: InstanceSummary[];
	/** Platform events of the window on this service (a collapsed box: on its members). */
	events?: NodeEvents;
	moreInstances: number;
	widthPx: number;
	heightPx: number;
}

export interface NodeEvents {
	count: number;
	warnings: number;
	/** The category to name on the badge: the commonest warning one, else the commonest. */
	top: PlatformEventCategory;
}

export interface MapEdge {
	id: string;
	from: string;
	to: string;
	kind: EdgeKind;
	figures: Figures;
	health: Health;
	change: Change | undefined;
	vanished: boolean;
}

export interface MapGroup {
	id: string;
	label: string;
	collapsed: boolean;
	memberCount: number;
}

export interface MapModel {
	nodes: MapNode[];
	edges: MapEdge[];
	/** Every group of the grouping (for the collapse controls); drawn as boxes when expanded. */
	groups: MapGroup[];
	layoutGraph: LayoutGraph;
	/** Nodes and edges of the window before filters, for "n of m shown". */
	totalNodes: number;
	totalEdges: number;
}

export interface MapInput {
	graph: TopologyGraph;
	/** The compared window (diff mode). */
	before?: TopologyGraph;
	diff?: TopologyDiff;
	/** service → business domain, from what traces say (for grouping by domain). */
	domains: Record<string, string>;
	/** service → business domain, from the designer's mapping: wins over `domains`. */
	mappedDomains?: Record<string, string>;
	/** Domain id → the name to show (the designer's name in the user's language). */
	domainNames?: Record<string, string>;
	/** service → its platform events in the window. */
	events?: Record<string, ServicePlatformEvents>;
	view: Pick<TopologyView, 'group' | 'collapsed' | 'q' | 'minRps' | 'hide' | 'focus' | 'hops' | 'expand'>;
}

/** The window's graph with the compared window's vanished nodes and edges added (marked by `vanished`). */
const warningCategories: readonly PlatformEventCategory[] = ['oom', 'crash-loop', 'failed-scheduling'];

/** The badge of a node standing for `services` (one, or a collapsed box's members). */
export function nodeEvents(services: readonly string[], events: Record<string, ServicePlatformEvents> | undefined): NodeEvents | undefined {
	if (!events) return undefined;
	let count = 0;
	let warnings = 0;
	const byCategory = new Map<PlatformEventCategory, number>();
	for (const service of services) {
		const e = events[service];
		if (!e) continue;
		count += e.count;
		warnings += e.warnings;
		for (const [category, n] of Object.entries(e.byCategory) as [PlatformEventCategory, number][]) byCategory.set(category, (byCategory.get(category) ?? 0) + n);
	}
	if (count === 0) return undefined;
	const ranked = [...byCategory].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
	const top = ranked.find(([c]) => warningCategories.includes(c)) ?? ranked[0];
	return { count, warnings, top: top[0] };
}

function withVanished(graph: TopologyGraph, before: TopologyGraph | undefined, diff: TopologyDiff | undefined): { graph: TopologyGraph; vanished: Set<string> } {
	const vanished = new Set<string>();
	if (!before || !diff) return { graph, vanished };
	for (const d of [...diff.nodes, ...diff.edges]) if (d.change === 'vanished') vanished.add(d.id);
	const nodeIds = new Set(graph.nodes.map((n) => n.id));
	const edgeIds = new Set(graph.edges.map((e) => e.id));
	const nodes = [...graph.nodes, ...before.nodes.filter((n) => !nodeIds.has(n.id) && vanished.has(n.id))];
	const present = new Set(nodes.map((n) => n.id));
	// an edge that vanished needs both ends on the map (a node may still have other traffic)
	for (const e of before.edges) {
		if (edgeIds.has(e.id) || !vanished.has(e.id)) continue;
		for (const end of [e.from, e.to]) {
			if (present.has(end)) continue;
			const node = before.nodes.find((n) => n.id === end);
			if (node) {
				nodes.push(node);
				present.add(end);
				vanished.add(end);
			}
		}
	}
	const edges = [...graph.edges, ...before.edges.filter((e) => !edgeIds.has(e.id) && vanished.has(e.id))];
	return { graph: { ...graph, nodes, edges }, vanished };
}

export function buildMapModel(input: MapInput): MapModel {
	const { view } = input;
	const joined = withVanished(input.graph, input.before, input.diff);
	const minRate = Number(view.minRps);
	let graph = filterTopology(joined.graph, {
		search: view.q,
		minRequestsPerSec: Number.isFinite(minRate) ? minRate : 0,
		hideKinds: view.hide.filter((k): k is NodeKind => k === 'database' || k === 'queue' || k === 'external')
	});
	if (view.focus && graph.nodes.some((n) => n.id === view.focus)) {
		graph = focusTopology(graph, { nodeId: view.focus, upHops: view.hops, downHops: view.hops });
	}

	let grouping: Grouping | undefined;
	const collapsed = new Set(view.collapsed);
	if (view.group) {
		grouping = groupTopology(graph, { by: view.group, domainOf: (service) => input.mappedDomains?.[service] ?? input.domains[service] });
		graph = collapseGroups(graph, grouping, collapsed);
	}

	const baselines = input.before ? baselinesOf(input.before) : undefined;
	const health = graphHealth(graph, { baselines });
	const changeOf = new Map<string, Change>();
	for (const d of [...(input.diff?.nodes ?? []), ...(input.diff?.edges ?? [])]) changeOf.set(d.id, d.change);
	const expanded = new Set(view.expand);
	const groupLabel = (label: string) => (view.group === 'domain' ? (input.domainNames?.[label] ?? label) : label);
	const labelOf = new Map(input.graph.nodes.map((n) => [n.id, n.label]));
	const eventsOf = (n: TopologyGraph['nodes'][number]): { events?: NodeEvents } => {
		const services = n.kind === 'service' ? [n.label] : n.kind === 'group' ? (n.members ?? []).filter((m) => m.startsWith('svc:')).map((m) => labelOf.get(m) ?? m.slice(4)) : [];
		const events = nodeEvents(services, input.events);
		return events ? { events } : {};
	};

	const nodes: MapNode[] = graph.nodes.map((n) => {
		const groupId = grouping?.groupOf.get(n.id);
		const open = n.kind === 'service' && expanded.has(n.id) && (n.instances?.length ?? 0) > 0;
		const listed = open ? n.instances!.slice(0, maxListedInstances) : undefined;
		const more = open ? Math.max(0, n.instances!.length - maxListedInstances) : 0;
		const extraRows = listed ? listed.length + (more > 0 ? 1 : 0) : 0;
		const verdict = health.get(n.id)!;
		return {
			id: n.id,
			kind: n.kind,
			label: n.kind === 'group' ? groupLabel(n.label) : n.label,
			...(n.system ? { system: n.system } : {}),
			figures: n.figures,
			health: verdict.health,
			reasons: verdict.reasons,
			change: changeOf.get(n.id),
			vanished: joined.vanished.has(n.id),
			...(groupId !== undefined && !collapsed.has(groupId) && n.kind !== 'group' ? { groupId } : {}),
			...(n.kind === 'group' ? { memberCount: n.members?.length ?? 0 } : {}),
			...(listed ? { instances: listed } : {}),
			...eventsOf(n),
			moreInstances: more,
			widthPx: nodeWidthPx,
			heightPx: nodeHeightPx + extraRows * instanceRowPx + (extraRows > 0 ? 6 : 0)
		};
	});
	const edges: MapEdge[] = graph.edges.map((e) => ({
		id: e.id,
		from: e.from,
		to: e.to,
		kind: e.kind,
		figures: e.figures,
		health: health.get(e.id)!.health,
		change: changeOf.get(e.id),
		vanished: joined.vanished.has(e.id)
	}));
	const groups: MapGroup[] = (grouping?.groups ?? []).map((g) => ({ id: g.id, label: groupLabel(g.label), collapsed: collapsed.has(g.id), memberCount: g.members.length }));
	const openGroups = groups.filter((g) => !g.collapsed && nodes.some((n) => n.groupId === g.id));
	const layoutGraph: LayoutGraph = {
		nodes: nodes.map((n) => ({ id: n.id, widthPx: n.widthPx, heightPx: n.heightPx, ...(n.groupId ? { groupId: n.groupId } : {}) })),
		edges: edges.map((e) => ({ id: e.id, from: e.from, to: e.to })),
		...(openGroups.length > 0 ? { groups: openGroups.map((g) => ({ id: g.id })) } : {})
	};
	return { nodes, edges, groups, layoutGraph, totalNodes: joined.graph.nodes.length, totalEdges: joined.graph.edges.length };
}

/** Whether two layout graphs need a new layout: other nodes, edges, groups or sizes. */
export function sameLayoutGraph(a: LayoutGraph | undefined, b: LayoutGraph): boolean {
	if (!a || a.nodes.length !== b.nodes.length || a.edges.length !== b.edges.length) return false;
	if ((a.groups?.length ?? 0) !== (b.groups?.length ?? 0)) return false;
	for (let i = 0; i < a.nodes.length; i++) {
		const x = a.nodes[i];
		const y = b.nodes[i];
		if (x.id !== y.id || x.widthPx !== y.widthPx || x.heightPx !== y.heightPx || x.groupId !== y.groupId) return false;
	}
	for (let i = 0; i < a.edges.length; i++) if (a.edges[i].id !== b.edges[i].id) return false;
	return (a.groups ?? []).every((g, i) => g.id === b.groups![i].id);
}
