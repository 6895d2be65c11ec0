/**
 * The map's data: the window's graph folded from stored spans in the layout worker (and the
 * compared window's, with their diff, in diff mode), the services' domains (from the traces,
 * and from the designer's mapping when one is passed), the window's platform events per
 * service, and when it was read. Latest wins: a read overtaken by a newer one is dropped
 * (the worker stops its fold).
 */
import type { TopologyDiff } from '$lib/domain/topology/diff';
import type { ServicePlatformEvents } from '$lib/domain/topology/platform-events';
import type { TopologyGraph } from '$lib/domain/topology/types';
import type { LayoutClient, MapOptions } from '$lib/workers/layout-client';

export interface TimeWindow {
	fromMs: number;
	toMs: number;
}

export class MapData {
	status = $state<'idle' | 'loading' | 'done' | 'error'>('idle');
	graph = $state.raw<TopologyGraph | null>(null);
	before = $state.raw<TopologyGraph | null>(null);
	diff = $state.raw<TopologyDiff | null>(null);
	domains = $state.raw<Record<string, string>>({});
	mappedDomains = $state.raw<Record<string, string>>({});
	events = $state.raw<Record<string, ServicePlatformEvents>>({});
	eventsTruncated = $state(false);
	error = $state<string | null>(null);
	/** When the last read finished (Unix ms) and how long it took (ms). */
	readAtMs = $state(0);
	readMs = $state(0);
	#token = 0;

	async load(client: LayoutClient, dbName: string, window: TimeWindow, before?: TimeWindow, options?: MapOptions): Promise<void> {
		const token = ++this.#token;
		const startedMs = performance.now();
		if (!this.graph) this.status = 'loading';
		try {
			const current = await client.map(dbName, window, options);
			if (token !== this.#token || !current) return;
			let compared: TopologyGraph | null = null;
			let diff: TopologyDiff | null = null;
			if (before) {
				const answer = await client.map(dbName, before);
				if (token !== this.#token || !answer) return;
				compared = answer.graph;
				diff = await client.diff(answer.graph, current.graph);
				if (token !== this.#token) return;
			}
			this.graph = current.graph;
			this.domains = current.domains;
			this.mappedDomains = current.mappedDomains;
			this.events = current.events;
			this.eventsTruncated = current.eventsTruncated;
			this.before = compared;
			this.diff = diff;
			this.status = 'done';
			this.error = null;
			this.readAtMs = Date.now();
			this.readMs = performance.now() - startedMs;
		} catch (error) {
			if (token !== this.#token) return;
			this.status = 'error';
			this.error = (error as Error).message ?? String(error);
		}
	}
}
