/**
 * What the layout worker exposes (layout.worker.ts wraps it with comlink): the service map
 * of a window, folded from the store inside the worker (the main thread never sees raw
 * spans), its diff against another window, and its stable layout with ELK in the worker.
 *
 * Latest wins: every call carries the caller's request number (increasing). A call yields
 * once before starting ELK, so requests already queued behind it are seen; if a newer one
 * has arrived it answers `superseded` without running ELK, and a call finishing after a
 * newer one arrived answers `superseded` too, so an old layout is never painted over a
 * new one and a burst of graph changes runs ELK for the last few only.
 */
import type { LogRecord, SpanRecord } from '../src/lib/protocol/records';
import type { ResourceRecord } from '../src/lib/protocol/records';
import { platformEventOf } from '../src/lib/domain/instances/platform-events';
import type { Layout, LayoutGraph, ElkEngine } from '../src/lib/domain/layout/types';
import { diffTopology, type DiffOptions, type TopologyDiff } from '../src/lib/domain/topology/diff';
import { designerDomainOf, ServiceDomains, type SpanDomainOf } from '../src/lib/domain/topology/domains';
import { ServiceEventTally, type ServicePlatformEvents } from '../src/lib/domain/topology/platform-events';
import type { BusinessDefinitions } from '../src/lib/domain/business/types';
import { foldTopology, pairingMarginMs, type FoldWindow } from '../src/lib/domain/topology/fold';
import type { TopologyGraph } from '../src/lib/domain/topology/types';
import { layoutQuality, type LayoutQuality } from '../src/lib/domain/layout/quality';
import { stableLayout, type StableLayoutOptions, type StableLayoutResult } from '../src/lib/domain/layout/stable-layout';

export type LayoutReply = ({ status: 'done' } & StableLayoutResult) | { status: 'superseded' };

/** The part of TelemetryStore (src/lib/io/telemetry-store.ts) the map reads. */
export interface MapSource {
	spanChunks(query: { fromMs: number; toMs: number }): AsyncIterable<SpanRecord[]>;
	resources(query?: { sinceMs?: number }): Promise<ResourceRecord[]>;
	logChunks(query: { fromMs: number; toMs: number }): AsyncIterable<LogRecord[]>;
	spansHeldFromMs(): Promise<number>;
}

export interface MapOptions {
	/** The designer's domains and business transactions, for `mappedDomains`. */
	designer?: Pick<BusinessDefinitions, 'domains' | 'transactions'>;
}

export interface MapReply {
	status: 'done';
	graph: TopologyGraph;
	/** service → business domain, from what the window's traces say (root `biz.domain`). */
	domains: Record<string, string>;
	/** service → business domain, from the designer's mapping (empty without one). */
	mappedDomains: Record<string, string>;
	/** service → its platform events in the window (Kubernetes / ECS events from log chunks). */
	events: Record<string, ServicePlatformEvents>;
	/** The log chunk bound was reached: older events of the window were not read. */
	eventsTruncated: boolean;
}

/** Log chunks read per map at most; past it the rest of the window's events are not read (`eventsTruncated`). */
export const maxMapLogChunks = 2_000;

export function createLayoutApi(elk: ElkEngine, openStore: (dbName: string) => MapSource) {
	let newest = 0;
	let newestMap = 0;
	// the designer's rules compiled once per distinct definitions
	let designerKey = '';
	let designerDomains: SpanDomainOf | undefined;
	const designerOf = (options: MapOptions): SpanDomainOf | undefined => {
		const key = options.designer ? JSON.stringify(options.designer) : '';
		if (key !== designerKey) {
			designerKey = key;
			designerDomains = options.designer ? designerDomainOf(options.designer) : undefined;
		}
		return designerDomains;
	};
	return {
		/**
		 * The map of [fromMs, toMs) from the store `dbName`, with the business domain of each
		 * service learned from the same spans (topology/domains.ts: from the traces, and from
		 * the designer's mapping when given) and the platform events of the window per service
		 * (topology/platform-events.ts). Latest wins per caller: a fold overtaken by a newer
		 * `mapForWindow` stops between chunks and answers `superseded`.
		 */
		async mapForWindow(request: number, dbName: string, window: Omit<FoldWindow, 'signal'>, options: MapOptions = {}): Promise<MapReply | { status: 'superseded' }> {
			newestMap = Math.max(newestMap, request);
			const store = openStore(dbName);
			const signal = { get aborted() { return request < newestMap; } };
			const tally = new ServiceDomains();
			const domainOf = designerOf(options);
			const mapped = domainOf ? new ServiceDomains({ domainOf }) : undefined;
			const chunks = store.spanChunks({ fromMs: window.fromMs - pairingMarginMs, toMs: window.toMs + pairingMarginMs });
			async function* tallied() {
				for await (const chunk of chunks) {
					tally.add(chunk);
					mapped?.add(chunk);
					yield chunk;
				}
			}
			const resources = await store.resources({ sinceMs: window.fromMs - pairingMarginMs });
			// rates are per second of the window the device collected: a window reaching back
			// before the oldest span held (a fresh install, data evicted) is counted from there
			const heldFromMs = await store.spansHeldFromMs();
			const fromMs = heldFromMs > window.fromMs && heldFromMs < window.toMs ? heldFromMs : window.fromMs;
			const graph = await foldTopology({ chunks: tallied(), resources }, { ...window, fromMs, signal });
			if (graph.cancelled) return { status: 'superseded' };
			const events = new ServiceEventTally(resources);
			let logChunks = 0;
			let eventsTruncated = false;
			for await (const logs of store.logChunks({ fromMs: window.fromMs, toMs: window.toMs })) {
				if (signal.aborted) return { status: 'superseded' };
				if (++logChunks > maxMapLogChunks) {
					eventsTruncated = true;
					break;
				}
				for (const log of logs) {
					const event = platformEventOf(log);
					if (event) events.add(event);
				}
			}
			return { status: 'done', graph, domains: tally.domains(), mappedDomains: mapped?.domains() ?? {}, events: events.result(), eventsTruncated };
		},
		diff(before: TopologyGraph, after: TopologyGraph, options?: DiffOptions): TopologyDiff {
			return diffTopology(before, after, options);
		},
		async layout(request: number, graph: LayoutGraph, options?: StableLayoutOptions): Promise<LayoutReply> {
			newest = Math.max(newest, request);
			await new Promise((resolve) => setTimeout(resolve, 0));
			if (request < newest) return { status: 'superseded' };
			const result = await stableLayout(elk, graph, options);
			if (request < newest) return { status: 'superseded' };
			return { status: 'done', ...result };
		},
		quality(layout: Layout, graph: LayoutGraph): LayoutQuality {
			return layoutQuality(layout, graph);
		}
	};
}

export type LayoutApi = ReturnType<typeof createLayoutApi>;
