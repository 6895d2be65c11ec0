/**
 * The service map's model. A graph is plain data (Maps inside sketches included), so it
 * crosses `postMessage` and can be stored as a snapshot for time travel.
 */
import type { LatencySketch } from './latency-sketch';

export type NodeKind = 'service' | 'database' | 'queue' | 'external' | 'group';

/**
 * - `call`: CLIENT span of one service answered by a SERVER span of another (or the same).
 * - `message`: PRODUCER → CONSUMER without a named destination.
 * - `database`, `external`: a service's calls to a database / an unanswered outgoing call.
 * - `publish`, `consume`: service → queue and queue → service.
 */
export type EdgeKind = 'call' | 'message' | 'database' | 'publish' | 'consume' | 'external';

/** Raw, mergeable traffic: what the builder accumulates. */
export interface Traffic {
	count: number;
	errors: number;
	latency: LatencySketch;
}

/** Figures derived from traffic over the graph's window. */
export interface Figures {
	requests: number;
	errors: number;
	requestsPerSec: number;
	/** 0..1; 0 without traffic. */
	errorRate: number;
	/** NaN without traffic. */
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
}

/** Resource attributes the map groups by (the latest seen for the service). */
export interface GroupAttrs {
	namespace?: string;
	k8sNamespace?: string;
	cloudRegion?: string;
}

export interface InstanceSummary {
	instance: string;
	firstSeenUs: number;
	lastSeenUs: number;
	traffic: Traffic;
	figures: Figures;
	/** Not seen for `fadeAfterUs` before the window's end: scaled away or restarted. */
	faded: boolean;
}

export interface TopologyNode {
	/** `svc:<service>`, or a peer id from peer.ts, or `group:<key>:<value>`. */
	id: string;
	kind: NodeKind;
	label: string;
	/** Database or messaging system. */
	system?: string;
	attrs: GroupAttrs;
	/** Service: requests it handled (SERVER and CONSUMER spans). Others: calls they received. */
	traffic: Traffic;
	figures: Figures;
	/** Service: requests with no known caller (roots, or callers outside the data). */
	entryRequests: number;
	/** Service only, by last seen descending. */
	instances?: InstanceSummary[];
	/** Group only: the member node ids. */
	members?: string[];
}

export interface TopologyEdge {
	/** `<from>-><to>` */
	id: string;
	from: string;
	to: string;
	kind: EdgeKind;
	/** As the caller saw it (client, producer or database span); consume edges from consumer spans. */
	traffic: Traffic;
	figures: Figures;
}

export interface TopologyStats {
	spans: number;
	/** Spans whose observation time fell outside the window. */
	outsideWindow: number;
	pendingClients: number;
	pendingServers: number;
	/** Pending spans resolved early because a pending map was full (their pairing may be lost). */
	forcedResolutions: number;
	/** CLIENT spans nobody answered, to a host several services answer at (no edge drawn). */
	unansweredInternal: number;
	/** Observations of nodes beyond `maxNodes`, counted into their kind's `(other)` node. */
	foldedNodes: number;
	/** Edge observations dropped because `maxEdges` was reached. */
	droppedEdgeObservations: number;
	/** Observations of instances beyond `maxInstancesPerService`, counted into the service's `(other)` instance. */
	foldedInstances: number;
}

export interface TopologyGraph {
	/** The window in Unix µs (the data's extent when the builder had none). */
	fromUs: number;
	toUs: number;
	nodes: TopologyNode[];
	edges: TopologyEdge[];
	stats: TopologyStats;
}
