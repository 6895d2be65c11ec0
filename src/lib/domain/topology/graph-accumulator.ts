/**
 * The service map's running totals: nodes, edges and instances with their traffic, under
 * the bounds documented in builder.ts (`maxNodes`, `maxEdges`, `maxInstancesPerService`).
 * Knows nothing of spans or pairing; the builder decides what to observe and when.
 */
import { cloneSketch, emptySketch, sketchAdd } from './latency-sketch';
import { serviceNodeId, type Peer } from './peer';
import { figuresOf, windowSecOf } from './figures';
import type { EdgeKind, GroupAttrs, InstanceSummary, NodeKind, TopologyEdge, TopologyNode, TopologyStats, Traffic } from './types';

export interface AccumulatorLimits {
	maxNodes: number;
	maxEdges: number;
	maxInstancesPerService: number;
}

interface InstanceAcc {
	firstSeenUs: number;
	lastSeenUs: number;
	traffic: Traffic;
}

export interface NodeAcc {
	id: string;
	kind: NodeKind;
	label: string;
	system?: string;
	attrs: GroupAttrs;
	traffic: Traffic;
	entryRequests: number;
	instances?: Map<string, InstanceAcc>;
}

interface EdgeAcc {
	id: string;
	from: string;
	to: string;
	kind: EdgeKind;
	traffic: Traffic;
}

type BoundStats = Pick<TopologyStats, 'foldedNodes' | 'droppedEdgeObservations' | 'foldedInstances'>;

const other = '(other)';
const emptyTraffic = (): Traffic => ({ count: 0, errors: 0, latency: emptySketch() });

export function observe(traffic: Traffic, durationUs: number, error: boolean): void {
	traffic.count++;
	if (error) traffic.errors++;
	sketchAdd(traffic.latency, durationUs);
}

function cloneTraffic(t: Traffic): Traffic {
	return { count: t.count, errors: t.errors, latency: cloneSketch(t.latency) };
}

export class GraphAccumulator {
	readonly stats: BoundStats = { foldedNodes: 0, droppedEdgeObservations: 0, foldedInstances: 0 };
	readonly #limits: AccumulatorLimits;
	readonly #nodes = new Map<string, NodeAcc>();
	readonly #edges = new Map<string, EdgeAcc>();

	constructor(limits: AccumulatorLimits) {
		this.#limits = limits;
	}

	serviceNode(service: string): NodeAcc {
		return this.#node(
			serviceNodeId(service),
			() => ({ id: serviceNodeId(service), kind: 'service', label: service, attrs: {}, traffic: emptyTraffic(), entryRequests: 0, instances: new Map() }),
			serviceNodeId(other)
		);
	}

	peerNode(peer: Peer): NodeAcc {
		const prefix = peer.id.slice(0, peer.id.indexOf(':') + 1);
		return this.#node(
			peer.id,
			() => ({ id: peer.id, kind: peer.kind, label: peer.label, ...(peer.system ? { system: peer.system } : {}), attrs: {}, traffic: emptyTraffic(), entryRequests: 0 }),
			`${prefix}${other}`
		);
	}

	/** Counts one call on the edge, and on its target when that is not a service (services count their own spans). */
	edge(from: string, to: string, kind: EdgeKind, durationUs: number, error: boolean): void {
		const id = `${from}->${to}`;
		let edge = this.#edges.get(id);
		if (!edge) {
			if (this.#edges.size >= this.#limits.maxEdges) {
				this.stats.droppedEdgeObservations++;
				return;
			}
			edge = { id, from, to, kind, traffic: emptyTraffic() };
			this.#edges.set(id, edge);
		}
		observe(edge.traffic, durationUs, error);
		const target = this.#nodes.get(to);
		if (target && target.kind !== 'service') observe(target.traffic, durationUs, error);
	}

	seeInstance(node: NodeAcc, instance: string, tUs: number): void {
		const acc = this.#instance(node, instance);
		if (!acc) return;
		if (tUs < acc.firstSeenUs) acc.firstSeenUs = tUs;
		if (tUs > acc.lastSeenUs) acc.lastSeenUs = tUs;
	}

	instanceTraffic(node: NodeAcc, instance: string): Traffic {
		return this.#instance(node, instance)?.traffic ?? emptyTraffic();
	}

	snapshot(fromUs: number, toUs: number, fadeAfterUs: number): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
		const windowSec = windowSecOf({ fromUs, toUs });
		const nodes = [...this.#nodes.values()].map((n): TopologyNode => {
			const instances: InstanceSummary[] | undefined = n.instances
				? [...n.instances].map(([instance, acc]) => ({
						instance,
						firstSeenUs: acc.firstSeenUs,
						lastSeenUs: acc.lastSeenUs,
						traffic: cloneTraffic(acc.traffic),
						figures: figuresOf(acc.traffic, windowSec),
						faded: toUs - acc.lastSeenUs > fadeAfterUs
					}))
				: undefined;
			instances?.sort((a, b) => b.lastSeenUs - a.lastSeenUs || (a.instance < b.instance ? -1 : 1));
			return {
				id: n.id,
				kind: n.kind,
				label: n.label,
				...(n.system === undefined ? {} : { system: n.system }),
				attrs: { ...n.attrs },
				traffic: cloneTraffic(n.traffic),
				figures: figuresOf(n.traffic, windowSec),
				entryRequests: n.entryRequests,
				...(instances ? { instances } : {})
			};
		});
		const edges = [...this.#edges.values()].map((e) => ({
			id: e.id,
			from: e.from,
			to: e.to,
			kind: e.kind,
			traffic: cloneTraffic(e.traffic),
			figures: figuresOf(e.traffic, windowSec)
		}));
		return { nodes, edges };
	}

	#node(id: string, make: () => NodeAcc, otherId: string): NodeAcc {
		let node = this.#nodes.get(id);
		if (node) return node;
		if (this.#nodes.size >= this.#limits.maxNodes) {
			this.stats.foldedNodes++;
			node = this.#nodes.get(otherId);
			if (node) return node;
			node = { ...make(), id: otherId, label: other };
			delete node.system;
		} else node = make();
		this.#nodes.set(node.id, node);
		return node;
	}

	#instance(node: NodeAcc, instance: string): InstanceAcc | undefined {
		const instances = node.instances;
		if (!instances) return undefined;
		let acc = instances.get(instance);
		if (acc) return acc;
		let key = instance;
		if (instances.size >= this.#limits.maxInstancesPerService) {
			this.stats.foldedInstances++;
			key = other;
			acc = instances.get(other);
			if (acc) return acc;
		}
		acc = { firstSeenUs: Infinity, lastSeenUs: -Infinity, traffic: emptyTraffic() };
		instances.set(key, acc);
		return acc;
	}
}
