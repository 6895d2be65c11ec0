/**
 * The layout worker from the main thread (workers/layout-api.ts): the map of a window
 * folded in the worker, window diffs, and the stable ELK layout. Typed and latest-wins:
 * each call carries the next request number, and an answer overtaken by a newer call of
 * the same kind comes back as `undefined` (nothing to paint).
 */
import * as Comlink from 'comlink';
import type { LayoutApi } from '../../../workers/layout.worker';
import type { MapOptions, MapReply } from '../../../workers/layout-api';
import type { Layout, LayoutGraph } from '../domain/layout/types';
import type { StableLayoutOptions, StableLayoutResult } from '../domain/layout/stable-layout';
import type { DiffOptions, TopologyDiff } from '../domain/topology/diff';
import type { FoldWindow } from '../domain/topology/fold';
import type { TopologyGraph } from '../domain/topology/types';
import type { LayoutQuality } from '../domain/layout/quality';
import { whenDone } from './latest-wins';

export type MapAnswer = Omit<MapReply, 'status'>;
export type { MapOptions };

export interface LayoutClient {
	/** The window's map, business domains per service and platform events per service (workers/layout-api.ts). */
	map(dbName: string, window: Omit<FoldWindow, 'signal'>, options?: MapOptions): Promise<MapAnswer | undefined>;
	diff(before: TopologyGraph, after: TopologyGraph, options?: DiffOptions): Promise<TopologyDiff>;
	layout(graph: LayoutGraph, options?: StableLayoutOptions): Promise<StableLayoutResult | undefined>;
	quality(layout: Layout, graph: LayoutGraph): Promise<LayoutQuality>;
	close(): void;
}

export function createLayoutClient(): LayoutClient {
	const worker = new Worker(new URL('../../../workers/layout.worker.ts', import.meta.url), { type: 'module', name: 'meridian-layout' });
	const api = Comlink.wrap<LayoutApi>(worker);
	let mapRequest = 0;
	let layoutRequest = 0;
	return {
		map: async (dbName, window, options) => whenDone(await api.mapForWindow(++mapRequest, dbName, window, options)),
		diff: (before, after, options) => api.diff(before, after, options),
		layout: async (graph, options) => whenDone(await api.layout(++layoutRequest, graph, options)),
		quality: (layout, graph) => api.quality(layout, graph),
		close() {
			api[Comlink.releaseProxy]();
			worker.terminate();
		}
	};
}

let shared: LayoutClient | undefined;

/** One layout worker per tab (ELK is large to start), started on first use. */
export function sharedLayoutClient(): LayoutClient {
	return (shared ??= createLayoutClient());
}
