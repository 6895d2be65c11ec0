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
 *   (peer.ts), unless a service answers at that host (the `server.address` of its SERVER
 *   spans): then it is a call to that service (an unanswered call: refused, or its answer
 *   read out of order), or, where several services share the host, it is only counted
 *   (`stats.unansweredInternal`). A SERVER span whose parent never showed up counts as an
 *   entry request.
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
 * - service addresses: `maxNodes`; later addresses are not learned (calls to them that nobody
 *   answered stay external).
 * - resource attributes: the last `maxResources` (default 20,000) resources.
 * Span ids are assumed unique across the traces in flight (64 random bits).
 */
import type { ResourceRecord, SpanRecord } from '../../protocol/records';
import { StatusCode } from '../../protocol/records';
import { GraphAccumulator, observe, type NodeAcc } from './graph-accumulator';
import { databasePeer, externalPeer, queuePeer, spanRole, type Peer } from './peer';
import type { EdgeKind, GroupAttrs, TopologyGraph, TopologyStats } from './types';

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
	readonly #graph: GraphAccumulator;
	readonly #pendingCalls = new Map<string, PendingCall>();
	readonly #pendingServers = new Map<string, PendingServer[]>();
	readonly #resources = new Map<string, GroupAttrs>();
	/** server.address of SERVER spans -> the service answering there (null: several do). */
	readonly #serviceAt = new Map<string, string | null>();
	#pendingServerCount = 0;
	#newestEndUs = -Infinity;
	#firstObservedUs = Infinity;
	#lastObservedUs = -Infinity;
	readonly #stats = { spans: 0, outsideWindow: 0, forcedResolutions: 0, unansweredInternal: 0 };

	constructor(options: TopologyOptions = {}) {
		this.#options = {
			fromUs: options.fromUs,
			toUs: options.toUs,
			horizonUs: options.horizonUs ?? 60_000_000,
			maxPending: options.maxPending ?? 50_000,
			maxNodes: options.maxNodes ?? 5_000,
			maxEdges: options.maxEdges ?? 20_000,
			maxInstancesPerService: options.maxInstancesPerService ?? 500,
			maxResources: options.maxResources ?? 20_000
		};
		this.#graph = new GraphAccumulator(this.#options);
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
		const fromUs = this.#options.fromUs ?? (Number.isFinite(this.#firstObservedUs) ? this.#firstObservedUs : 0);
		const toUs = this.#options.toUs ?? (Number.isFinite(this.#lastObservedUs) ? this.#lastObservedUs : fromUs);
		const { nodes, edges } = this.#graph.snapshot(fromUs, toUs, options.fadeAfterUs ?? 120_000_000);
		const stats: TopologyStats = {
			...this.#stats,
			...this.#graph.stats,
			pendingClients: this.#pendingCalls.size,
			pendingServers: this.#pendingServerCount
		};
		return { fromUs, toUs, nodes, edges, stats };
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
		if (inWindow) {
			this.#extend(endUs);
			this.#graph.seeInstance(service, span.instance, endUs);
		}

		switch (role) {
			case 'server':
			case 'consumer': {
				if (inWindow) {
					observe(service.traffic, span.durationUs, error);
					observe(this.#graph.instanceTraffic(service, span.instance), span.durationUs, error);
				}
				const queue = role === 'consumer' ? queuePeer(span.attrs) : undefined;
				if (role === 'server') this.#learnAddress(span);
				if (queue) {
					this.#edge(this.#graph.peerNode(queue).id, service.id, 'consume', endUs, span.durationUs, error);
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
				const db = this.#graph.peerNode(databasePeer(span.attrs)!);
				this.#edge(service.id, db.id, 'database', endUs, span.durationUs, error);
				return;
			}
			case 'producer': {
				const queue = queuePeer(span.attrs);
				if (queue) {
					this.#edge(service.id, this.#graph.peerNode(queue).id, 'publish', endUs, span.durationUs, error);
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

	#learnAddress(span: SpanRecord): void {
		const address = span.attrs['server.address'];
		if (typeof address !== 'string' || address === '') return;
		const known = this.#serviceAt.get(address);
		if (known === undefined) {
			if (this.#serviceAt.size < this.#options.maxNodes) this.#serviceAt.set(address, span.service);
		} else if (known !== null && known !== span.service) this.#serviceAt.set(address, null);
	}

	#unanswered(call: PendingCall): void {
		const owner = call.kind === 'client' && call.fallback.kind === 'external' ? this.#serviceAt.get(call.fallback.label) : undefined;
		if (owner) {
			this.#edge(this.#serviceNode(call.service).id, this.#serviceNode(owner).id, 'call', call.endUs, call.durationUs, call.error);
			return;
		}
		if (owner === null) {
			this.#stats.unansweredInternal++;
			return;
		}
		const peer = this.#graph.peerNode(call.fallback);
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

	#extend(tUs: number): void {
		if (tUs < this.#firstObservedUs) this.#firstObservedUs = tUs;
		if (tUs > this.#lastObservedUs) this.#lastObservedUs = tUs;
	}

	#edge(from: string, to: string, kind: EdgeKind, tUs: number, durationUs: number, error: boolean): void {
		if (!this.#inWindow(tUs)) return;
		this.#extend(tUs);
		this.#graph.edge(from, to, kind, durationUs, error);
	}

	#serviceNode(service: string, resourceId?: string): NodeAcc {
		const node = this.#graph.serviceNode(service);
		if (resourceId !== undefined) {
			const attrs = this.#resources.get(resourceId);
			if (attrs && node.attrs !== attrs) node.attrs = attrs;
		}
		return node;
	}
}
