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
import type { SpanRecord } from '../src/lib/protocol/records';
import type { ResourceRecord } from '../src/lib/protocol/records';
import type { Layout, LayoutGraph, ElkEngine } from '../src/lib/domain/layout/types';
import { diffTopology, type DiffOptions, type TopologyDiff } from '../src/lib/domain/topology/diff';
import { ServiceDomains } from '../src/lib/domain/topology/domains';
import { foldTopology, pairingMarginMs, type FoldWindow } from '../src/lib/domain/topology/fold';
import type { TopologyGraph } from '../src/lib/domain/topology/types';
import { layoutQuality, type LayoutQuality } from '../src/lib/domain/layout/quality';
import { stableLayout, type StableLayoutOptions, type StableLayoutResult } from '../src/lib/domain/layout/stable-layout';

export type LayoutReply = ({ status: 'done' } & StableLayoutResult) | { status: 'superseded' };

/** The part of TelemetryStore (src/lib/io/telemetry-store.ts) the map reads. */
export interface MapSource {
	spanChunks(query: { fromMs: number; toMs: number }): AsyncIterable<SpanRecord[]>;
	resources(query?: { sinceMs?: number }): Promise<ResourceRecord[]>;
}

export function createLayoutApi(elk: ElkEngine, openStore: (dbName: string) => MapSource) {
	let newest = 0;
	let newestMap = 0;
	return {
		/**
		 * The map of [fromMs, toMs) from the store `dbName`, with the business domain of each
		 * service learned from the same spans (topology/domains.ts). Latest wins per caller: a
		 * fold overtaken by a newer `mapForWindow` stops between chunks and answers `superseded`.
		 */
		async mapForWindow(
			request: number,
			dbName: string,
			window: Omit<FoldWindow, 'signal'>
		): Promise<{ status: 'done'; graph: TopologyGraph; domains: Record<string, string> } | { status: 'superseded' }> {
			newestMap = Math.max(newestMap, request);
			const store = openStore(dbName);
			const signal = { get aborted() { return request < newestMap; } };
			const tally = new ServiceDomains();
			const chunks = store.spanChunks({ fromMs: window.fromMs - pairingMarginMs, toMs: window.toMs + pairingMarginMs });
			async function* tallied() {
				for await (const chunk of chunks) {
					tally.add(chunk);
					yield chunk;
				}
			}
			const graph = await foldTopology(
				{ chunks: tallied(), resources: await store.resources({ sinceMs: window.fromMs - pairingMarginMs }) },
				{ ...window, signal }
			);
			return graph.cancelled ? { status: 'superseded' } : { status: 'done', graph, domains: tally.domains() };
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
