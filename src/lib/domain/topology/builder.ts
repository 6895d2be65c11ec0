/**
 * Incremental service-map derivation: fold chunks of spans in any order (the store iterates
 * chunks), read a graph out at any time.
 *
 * Derivation
 * - Service nodes from SERVER and CONSUMER spans (their traffic), and from the callers of
 *   edges. Instances per service from `span.instance`.
 * - `call` edges from CLIENT → SERVER parent/child pairs. Either side may arrive first: the
 *   other waits in a pending map (client spans by span id, server spans by parent id).
 * - A CLIENT span nobody answered within `horizonUs` becomes an `external` edge to its host
 *   (peer.ts); a SERVER span whose parent never showed up counts as an entry request.
 * - Database calls and messages to a named queue become edges at once (no pairing needed):
 *   service → database, service → queue (`publish`), queue → service (`consume`), so
 *   PRODUCER → queue → CONSUMER appears as two edges through the queue node. A PRODUCER
 *   without a destination pairs with its CONSUMER child like a call (`message` edge).
 * - Internal spans are ignored.
 *
 * Window: each observation is timed by its span's end; observations outside
 * [`fromUs`, `toUs`) are not counted, but their spans still pair with others. Rates divide
 * by the window (or by the observed extent, at least 1 s, when no window is given).
 *
 * Bounds (memory stays bounded on millions of spans)
 * - pending maps: `maxPending` entries each (default 50,000). An entry resolves when the
 *   newest span end seen passes its end by `horizonUs` (default 60 s); when a map is full
 *   the oldest entry resolves at once (`stats.forcedResolutions`). Sweeps follow arrival
 *   order, so an entry may outlive its horizon until older ones have gone.
 * - nodes: `maxNodes` (default 5,000); later nodes fold into their kind's `(other)` node
 *   (`stats.foldedNodes` counts observations). Edges: `maxEdges` (default 20,000); later
 *   edge observations are dropped (`stats.droppedEdgeObservations`).
 * - instances: `maxInstancesPerService` (default 500); later ones fold into `(other)`.
 * - resource attributes: the last `maxResources` (default 20,000) resources.
 * Span ids are assumed unique across the traces in flight (64 random bits).
 */
import type { ResourceRecord, SpanRecord } from '../../protocol/records';
import { StatusCode } from '../../protocol/records';
import { cloneSketch, emptySketch, sketchAdd } from './latency-sketch';
import { databasePeer, externalPeer, queuePeer, serviceNodeId, spanRole, type Peer } from './peer';
import { figuresOf, windowSecOf } from './figures';
import type { EdgeKind, GroupAttrs, InstanceSummary, NodeKind, TopologyGraph, TopologyStats, Traffic } from './types';

export interface TopologyOptions {
	fromUs?: number;
	toUs?: number;
	horizonUs?: number;
	maxPending?: number;
	maxNodes?: number;
	maxEdges?: number;
	maxInstancesPerService?: number;
	maxResources?: number;
}

export interface SnapshotOptions {
	/** An instance not seen for this long before the window's end is faded. Default 120 s. */
	fadeAfterUs?: number;
}

interface PendingCall {
	service: string;
	endUs: number;
	durationUs: number;
	error: boolean;
	/** Where the call went when nobody answers it. */
	fallback: Peer;
	kind: 'client' | 'producer';
}

interface PendingServer {
	service: string;
	endUs: number;
	error: boolean;
}

interface InstanceAcc {
	firstSeenUs: number;
	lastSeenUs: number;
	traffic: Traffic;
}

interface NodeAcc {
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

const emptyTraffic = (): Traffic => ({ count: 0, errors: 0, latency: emptySketch() });
const other = '(other)';

function groupAttrsOf(resource: ResourceRecord): GroupAttrs {
	const attrs: GroupAttrs = {};
	if (resource.namespace) attrs.namespace = resource.namespace;
	const k8s = resource.attrs['k8s.namespace.name'];
	if (typeof k8s === 'string' && k8s) attrs.k8sNamespace = k8s;
	const region = resource.attrs['cloud.region'];
	if (typeof region === 'string' && region) attrs.cloudRegion = region;
	return attrs;
}

export class TopologyBuilder {
	readonly #options: Required<Omit<TopologyOptions, 'fromUs' | 'toUs'>> & Pick<TopologyOptions, 'fromUs' | 'toUs'>;
	readonly #nodes = new Map<string, NodeAcc>();
	readonly #edges = new Map<string, EdgeAcc>();
	readonly #pendingCalls = new Map<string, PendingCall>();
	readonly #pendingServers = new Map<string, PendingServer[]>();
	readonly #resources = new Map<string, GroupAttrs>();
	#pendingServerCount = 0;
	#newestEndUs = -Infinity;
	#firstObservedUs = Infinity;
	#lastObservedUs = -Infinity;
	readonly #stats: TopologyStats = {
		spans: 0,
		outsideWindow: 0,
		pendingClients: 0,
		pendingServers: 0,
		forcedResolutions: 0,
		foldedNodes: 0,
		droppedEdgeObservations: 0,
		foldedInstances: 0
	};

	constructor(options: TopologyOptions = {}) {
		this.#options = {
			horizonUs: 60_000_000,
			maxPending: 50_000,
			maxNodes: 5_000,
			maxEdges: 20_000,
			maxInstancesPerService: 500,
			maxResources: 20_000,
			...options
		};
	}

	addResources(resources: Iterable<ResourceRecord>): void {
		for (const resource of resources) {
			this.#resources.delete(resource.id);
			this.#resources.set(resource.id, groupAttrsOf(resource));
			if (this.#resources.size > this.#options.maxResources) {
				this.#resources.delete(this.#resources.keys().next().value!);
			}
		}
	}

	/** Folds a chunk in. Spans of one trace may be spread over any number of chunks. */
	add(spans: Iterable<SpanRecord>, resources?: Iterable<ResourceRecord>): void {
		if (resources) this.addResources(resources);
		for (const span of spans) this.#addSpan(span);
		this.#expire(false);
	}

	/** Resolves every pending span as if its horizon had passed (end of a historical fold). */
	flushPending(): void {
		this.#expire(true);
	}

	snapshot(options: SnapshotOptions = {}): TopologyGraph {
		const fadeAfterUs = options.fadeAfterUs ?? 120_000_000;
		const fromUs = this.#options.fromUs ?? (Number.isFinite(this.#firstObservedUs) ? this.#firstObservedUs : 0);
		const toUs = this.#options.toUs ?? (Number.isFinite(this.#lastObservedUs) ? this.#lastObservedUs : fromUs);
		const windowSec = windowSecOf({ fromUs, toUs });
		const nodes = [...this.#nodes.values()].map((n) => {
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
		return {
			fromUs,
			toUs,
			nodes,
			edges,
			stats: { ...this.#stats, pendingClients: this.#pendingCalls.size, pendingServers: this.#pendingServerCount }
		};
	}

	/** `flushPending()` then `snapshot()`. */
	finish(options?: SnapshotOptions): TopologyGraph {
		this.flushPending();
		return this.snapshot(options);
	}

	#addSpan(span: SpanRecord): void {
		this.#stats.spans++;
		const role = spanRole(span);
		if (role === 'internal') return;
		const endUs = span.startUs + span.durationUs;
		if (endUs > this.#newestEndUs) this.#newestEndUs = endUs;
		const inWindow = this.#inWindow(endUs);
		if (!inWindow) this.#stats.outsideWindow++;
		const error = span.status === StatusCode.Error;
		const service = this.#serviceNode(span.service, span.resourceId);
		if (inWindow) this.#seeInstance(service, span.instance, endUs);

		switch (role) {
			case 'server':
			case 'consumer': {
				if (inWindow) {
					this.#observe(service.traffic, span.durationUs, error);
					this.#observe(this.#instanceTraffic(service, span.instance), span.durationUs, error);
				}
				const queue = role === 'consumer' ? queuePeer(span.attrs) : undefined;
				if (queue) {
					this.#edge(this.#peerNode(queue).id, service.id, 'consume', endUs, span.durationUs, error);
				} else if (span.parentSpanId === '') {
					if (inWindow) service.entryRequests++;
				} else {
					const call = this.#pendingCalls.get(span.parentSpanId);
					if (call) {
						this.#pendingCalls.delete(span.parentSpanId);
						this.#pair(call, { service: span.service, endUs, error });
					} else this.#waitForCaller(span.parentSpanId, { service: span.service, endUs, error });
				}
				return;
			}
			case 'database': {
				const db = this.#peerNode(databasePeer(span.attrs)!);
				this.#edge(service.id, db.id, 'database', endUs, span.durationUs, error);
				return;
			}
			case 'producer': {
				const queue = queuePeer(span.attrs);
				if (queue) {
					this.#edge(service.id, this.#peerNode(queue).id, 'publish', endUs, span.durationUs, error);
					return;
				}
				this.#call(span, endUs, error, 'producer', { kind: 'queue', id: 'queue:/(unnamed)', label: '(unnamed)' });
				return;
			}
			case 'client':
				this.#call(span, endUs, error, 'client', externalPeer(span.attrs));
		}
	}

	#call(span: SpanRecord, endUs: number, error: boolean, kind: PendingCall['kind'], fallback: Peer): void {
		const call: PendingCall = { service: span.service, endUs, durationUs: span.durationUs, error, fallback, kind };
		const servers = this.#pendingServers.get(span.spanId);
		if (servers) {
			this.#pendingServers.delete(span.spanId);
			this.#pendingServerCount -= servers.length;
			for (const server of servers) this.#pair(call, server);
			return;
		}
		this.#pendingCalls.set(span.spanId, call);
		if (this.#pendingCalls.size > this.#options.maxPending) {
			const [oldestId, oldest] = this.#pendingCalls.entries().next().value!;
			this.#pendingCalls.delete(oldestId);
			this.#stats.forcedResolutions++;
			this.#unanswered(oldest);
		}
	}

	#waitForCaller(parentSpanId: string, server: PendingServer): void {
		const list = this.#pendingServers.get(parentSpanId);
		if (list) list.push(server);
		else this.#pendingServers.set(parentSpanId, [server]);
		this.#pendingServerCount++;
		if (this.#pendingServers.size > this.#options.maxPending) {
			const [oldestId, oldest] = this.#pendingServers.entries().next().value!;
			this.#pendingServers.delete(oldestId);
			this.#pendingServerCount -= oldest.length;
			this.#stats.forcedResolutions += oldest.length;
			for (const s of oldest) this.#uncalled(s);
		}
	}

	#pair(call: PendingCall, server: PendingServer): void {
		const from = this.#serviceNode(call.service).id;
		const to = this.#serviceNode(server.service).id;
		const kind: EdgeKind = call.kind === 'producer' ? 'message' : 'call';
		this.#edge(from, to, kind, call.endUs, call.durationUs, call.error || server.error);
	}

	#unanswered(call: PendingCall): void {
		const peer = this.#peerNode(call.fallback);
		const kind: EdgeKind = call.kind === 'producer' ? 'publish' : 'external';
		this.#edge(this.#serviceNode(call.service).id, peer.id, kind, call.endUs, call.durationUs, call.error);
	}

	#uncalled(server: PendingServer): void {
		if (this.#inWindow(server.endUs)) this.#serviceNode(server.service).entryRequests++;
	}

	#expire(all: boolean): void {
		const limitUs = this.#newestEndUs - this.#options.horizonUs;
		for (const [id, call] of this.#pendingCalls) {
			if (!all && call.endUs >= limitUs) break;
			this.#pendingCalls.delete(id);
			this.#unanswered(call);
		}
		for (const [id, servers] of this.#pendingServers) {
			if (!all && servers[0].endUs >= limitUs) break;
			this.#pendingServers.delete(id);
			this.#pendingServerCount -= servers.length;
			for (const s of servers) this.#uncalled(s);
		}
	}

	#inWindow(tUs: number): boolean {
		const { fromUs, toUs } = this.#options;
		return (fromUs === undefined || tUs >= fromUs) && (toUs === undefined || tUs < toUs);
	}

	#observe(traffic: Traffic, durationUs: number, error: boolean): void {
		traffic.count++;
		if (error) traffic.errors++;
		sketchAdd(traffic.latency, durationUs);
	}

	#edge(from: string, to: string, kind: EdgeKind, tUs: number, durationUs: number, error: boolean): void {
		if (!this.#inWindow(tUs)) return;
		if (tUs < this.#firstObservedUs) this.#firstObservedUs = tUs;
		if (tUs > this.#lastObservedUs) this.#lastObservedUs = tUs;
		const id = `${from}->${to}`;
		let edge = this.#edges.get(id);
		if (!edge) {
			if (this.#edges.size >= this.#options.maxEdges) {
				this.#stats.droppedEdgeObservations++;
				return;
			}
			edge = { id, from, to, kind, traffic: emptyTraffic() };
			this.#edges.set(id, edge);
		}
		this.#observe(edge.traffic, durationUs, error);
		const target = this.#nodes.get(to);
		if (target && target.kind !== 'service') this.#observe(target.traffic, durationUs, error);
	}

	#node(id: string, make: () => NodeAcc, otherId: string, otherLabel: string): NodeAcc {
		let node = this.#nodes.get(id);
		if (node) return node;
		if (this.#nodes.size >= this.#options.maxNodes) {
			this.#stats.foldedNodes++;
			node = this.#nodes.get(otherId);
			if (node) return node;
			node = { ...make(), id: otherId, label: otherLabel };
			delete node.system;
		} else node = make();
		this.#nodes.set(node.id, node);
		return node;
	}

	#serviceNode(service: string, resourceId?: string): NodeAcc {
		const node = this.#node(
			serviceNodeId(service),
			() => ({ id: serviceNodeId(service), kind: 'service', label: service, attrs: {}, traffic: emptyTraffic(), entryRequests: 0, instances: new Map() }),
			serviceNodeId(other),
			other
		);
		if (resourceId !== undefined) {
			const attrs = this.#resources.get(resourceId);
			if (attrs && node.attrs !== attrs) node.attrs = attrs;
		}
		return node;
	}

	#peerNode(peer: Peer): NodeAcc {
		const prefix = peer.id.slice(0, peer.id.indexOf(':') + 1);
		return this.#node(
			peer.id,
			() => ({ id: peer.id, kind: peer.kind, label: peer.label, ...(peer.system ? { system: peer.system } : {}), attrs: {}, traffic: emptyTraffic(), entryRequests: 0 }),
			`${prefix}${other}`,
			other
		);
	}

	#seeInstance(node: NodeAcc, instance: string, tUs: number): void {
		if (tUs < this.#firstObservedUs) this.#firstObservedUs = tUs;
		if (tUs > this.#lastObservedUs) this.#lastObservedUs = tUs;
		const acc = this.#instance(node, instance);
		if (!acc) return;
		if (tUs < acc.firstSeenUs) acc.firstSeenUs = tUs;
		if (tUs > acc.lastSeenUs) acc.lastSeenUs = tUs;
	}

	#instanceTraffic(node: NodeAcc, instance: string): Traffic {
		return this.#instance(node, instance)?.traffic ?? emptyTraffic();
	}

	#instance(node: NodeAcc, instance: string): InstanceAcc | undefined {
		const instances = node.instances;
		if (!instances) return undefined;
		let acc = instances.get(instance);
		if (acc) return acc;
		let key = instance;
		if (instances.size >= this.#options.maxInstancesPerService) {
			this.#stats.foldedInstances++;
			key = other;
			acc = instances.get(other);
			if (acc) return acc;
		}
		acc = { firstSeenUs: Infinity, lastSeenUs: -Infinity, traffic: emptyTraffic() };
		instances.set(key, acc);
		return acc;
	}
}

function cloneTraffic(t: Traffic): Traffic {
	return { count: t.count, errors: t.errors, latency: cloneSketch(t.latency) };
}
