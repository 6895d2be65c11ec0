/**
 * Per-segment breakdown of one trace, InterMax-style: how the response time splits into
 * gateway → service → database / queue / external, per tier and per owner.
 *
 * Definition. Every span has one owner:
 * - a database call (topology/peer.ts `database` role)      → that database, tier `database`
 * - a message send (`producer` role)                        → that queue, tier `queue`
 * - an outgoing call answered by a SERVER span in the trace → the hop `caller → callee`,
 *   tier `network` (time the caller waited that the callee's server span does not cover:
 *   wire, connection pools, proxies, serialisation)
 * - an outgoing call nobody in the trace answered           → that external host, tier `external`
 * - anything else (server, consumer, internal spans)        → its service, tier `gateway` for
 *   gateway services, else `service`
 * `criticalUs` adds up the critical path segments by owner, so the entries (and the tiers)
 * sum exactly to the primary root's duration. `selfUs` adds up self times by owner: the
 * total work, which exceeds the duration when work ran in parallel.
 *
 * Gateways: the services named in `gatewayServices`; by default the primary root's service
 * when the trace reaches at least one other service (the entry point fans out).
 */
import type { SpanRecord } from '../../protocol/records';
import { StatusCode } from '../../protocol/records';
import { databasePeer, externalPeer, queuePeer, serviceNodeId, spanRole } from '../topology/peer';
import type { CriticalPath } from './critical-path';
import type { BreakdownEntry, PathEdge, SegmentBreakdown, Tier, TraceTree } from './types';

export interface SegmentOptions {
	gatewayServices?: readonly string[];
}

export const tiers: readonly Tier[] = ['gateway', 'service', 'network', 'database', 'queue', 'external'];

export function segmentBreakdown(
	spans: readonly SpanRecord[],
	tree: TraceTree,
	analysis: { selfUs: Float64Array; path: CriticalPath },
	options: SegmentOptions = {}
): SegmentBreakdown {
	const gateways = new Set(options.gatewayServices ?? defaultGateways(spans, tree));
	const entries: BreakdownEntry[] = [];
	const entryByKey = new Map<string, number>();
	const ownerOf = new Int32Array(tree.count).fill(-1);
	const entryFor = (key: string, label: string, tier: Tier): number => {
		let e = entryByKey.get(key);
		if (e === undefined) {
			e = entries.length;
			entries.push({ key, label, tier, criticalUs: 0, selfUs: 0, spanCount: 0, errorCount: 0 });
			entryByKey.set(key, e);
		}
		return e;
	};

	const isNetwork = new Uint8Array(tree.count);
	for (const i of tree.preorder) {
		const span = spans[i];
		let e: number;
		const role = spanRole(span);
		if (role === 'database') {
			const peer = databasePeer(span.attrs)!;
			e = entryFor(peer.id, peer.label, 'database');
		} else if (role === 'producer') {
			const peer = queuePeer(span.attrs) ?? { id: 'queue:/(unnamed)', label: '(unnamed)' };
			e = entryFor(peer.id, peer.label, 'queue');
		} else if (role === 'client') {
			const callee = serverChildOf(spans, tree, i);
			if (callee >= 0) {
				isNetwork[i] = 1;
				const from = span.service;
				const to = spans[callee].service;
				e = entryFor(`net:${from}->${to}`, `${from} → ${to}`, 'network');
			} else {
				const peer = externalPeer(span.attrs);
				e = entryFor(peer.id, peer.label, 'external');
			}
		} else {
			const tier: Tier = gateways.has(span.service) ? 'gateway' : 'service';
			e = entryFor(serviceNodeId(span.service), span.service, tier);
		}
		ownerOf[i] = e;
		const entry = entries[e];
		entry.spanCount++;
		if (span.status === StatusCode.Error) entry.errorCount++;
		entry.selfUs += analysis.selfUs[i];
	}

	for (const segment of analysis.path.segments) {
		const e = ownerOf[segment.spanIndex];
		if (e >= 0) entries[e].criticalUs += segment.endUs - segment.startUs;
	}

	const byTier = Object.fromEntries(tiers.map((t) => [t, { criticalUs: 0, selfUs: 0 }])) as SegmentBreakdown['byTier'];
	for (const entry of entries) {
		byTier[entry.tier].criticalUs += entry.criticalUs;
		byTier[entry.tier].selfUs += entry.selfUs;
	}
	const root = analysis.path.rootIndex;
	const totalUs = root >= 0 ? tree.endUs[root] - tree.startUs[root] : 0;
	const edges = pathEdges(tree, ownerOf, isNetwork, entries);
	entries.sort((a, b) => b.criticalUs - a.criticalUs || b.selfUs - a.selfUs || (a.key < b.key ? -1 : 1));
	return { totalUs, byTier, entries, edges };
}

function defaultGateways(spans: readonly SpanRecord[], tree: TraceTree): string[] {
	if (tree.primaryRoot < 0) return [];
	const entry = spans[tree.primaryRoot].service;
	for (const i of tree.preorder) if (spans[i].service !== entry) return [entry];
	return [];
}

/** The first child answering this call as a server (another process's handling of it), or -1. */
function serverChildOf(spans: readonly SpanRecord[], tree: TraceTree, i: number): number {
	for (let k = tree.childOffsets[i]; k < tree.childOffsets[i + 1]; k++) {
		const c = tree.childIndex[k];
		if (spanRole(spans[c]) === 'server') return c;
	}
	return -1;
}

/**
 * Owner-to-owner hops. A network hop is not a node of its own: the call appears as an edge
 * from the caller's owner to the callee's, with the caller-side (client span) duration.
 */
function pathEdges(
	tree: TraceTree,
	ownerOf: Int32Array,
	isNetwork: Uint8Array,
	entries: BreakdownEntry[]
): PathEdge[] {
	const edges = new Map<string, PathEdge>();
	const add = (from: number, to: number, durationUs: number) => {
		if (from < 0 || to < 0 || from === to) return;
		const key = `${entries[from].key}\u0000${entries[to].key}`;
		let edge = edges.get(key);
		if (!edge) {
			edge = { from: entries[from].key, to: entries[to].key, calls: 0, durationUs: 0 };
			edges.set(key, edge);
		}
		edge.calls++;
		edge.durationUs += durationUs;
	};
	for (const c of tree.preorder) {
		const p = tree.parentIndex[c];
		if (p < 0 || isNetwork[c]) continue;
		if (isNetwork[p]) add(ownerOf[tree.parentIndex[p]] ?? -1, ownerOf[c], tree.endUs[p] - tree.startUs[p]);
		else add(ownerOf[p], ownerOf[c], tree.endUs[c] - tree.startUs[c]);
	}
	return [...edges.values()];
}
