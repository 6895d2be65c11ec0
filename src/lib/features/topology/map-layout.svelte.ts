/**
 * The map's layout: asked of the layout worker whenever the drawn graph changes (stable:
 * known nodes keep their places, see domain/layout/stable-layout.ts), with the user's pins
 * on top. Pins are synced documents (map-docs.ts): a pin made on another device arrives
 * through `pinsChanged` and the map lays out again around it. The last layout is cached
 * locally so the next visit starts there. Latest wins: an overtaken layout is never drawn.
 * The layout is saved at most every `saveEveryMs` (10 s) while it keeps changing.
 */
import { PinLimitError } from '$lib/domain/docs/pins';
import type { Layout, LayoutGraph, Pins } from '$lib/domain/layout/types';
import type { LayoutStrategy } from '$lib/domain/layout/stable-layout';
import type { LayoutClient } from '$lib/workers/layout-client';
import { clearPins, loadLayout, loadPins, pinsDocOf, saveLayout, savePin, type LayoutCache, type PinDocs } from './map-docs';

const saveEveryMs = 10_000;

export type PinProblem = { kind: 'limit'; max: number } | { kind: 'failed'; message: string };

function samePins(a: Pins, b: Pins): boolean {
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	return keys.every((k) => b[k] && b[k].xPx === a[k].xPx && b[k].yPx === a[k].yPx);
}

export class MapLayout {
	layout = $state.raw<Layout | null>(null);
	pins = $state.raw<Pins>({});
	suggestTidy = $state(false);
	busy = $state(false);
	/** Why the last pin or release did not stick (shown until the next one). */
	pinProblem = $state.raw<PinProblem | null>(null);
	#group = '';
	#ready: Promise<void> = Promise.resolve();
	#lastGraph: LayoutGraph | undefined;
	#savedAtMs = 0;
	#saveTimer: ReturnType<typeof setTimeout> | undefined;
	#pending: (() => void) | undefined;

	constructor(
		private readonly client: LayoutClient,
		private readonly cache: () => LayoutCache | null,
		/** Resolves once old local pins are moved into documents (view-doc-migration.ts). */
		private readonly docs: () => Promise<PinDocs | null>
	) {}

	/** Switches to a grouping's pins and last layout. */
	useGroup(group: string): Promise<void> {
		this.#group = group;
		const cache = this.cache();
		this.#ready = (async () => {
			const [layout, pins] = await Promise.all([
				cache ? loadLayout(cache, group).catch(() => undefined) : undefined,
				this.docs().then((docs) => (docs ? loadPins(docs, group) : {}), () => ({}))
			]);
			if (this.#group !== group) return;
			this.pins = pins;
			this.layout = layout ?? null;
		})();
		return this.#ready;
	}

	/** Documents changed (here, in another tab or on another device): re-read the pins when they are this grouping's. */
	async pinsChanged(docIds: readonly string[]): Promise<void> {
		const group = this.#group;
		if (!docIds.includes(pinsDocOf(group))) return;
		await this.#ready;
		const docs = await this.docs().catch(() => null);
		if (!docs) return;
		const pins = await loadPins(docs, group).catch(() => undefined);
		if (!pins || group !== this.#group || samePins(pins, this.pins)) return;
		this.pins = pins;
		if (this.#lastGraph) await this.request(this.#lastGraph);
	}

	/** Lays the graph out; `hold` keeps these nodes where they are now (an expanded box pushing others aside). */
	async request(graph: LayoutGraph, options: { strategy?: LayoutStrategy; hold?: string[] } = {}): Promise<void> {
		await this.#ready;
		this.#lastGraph = graph;
		const group = this.#group;
		const previous = this.layout ?? undefined;
		const held: Pins = {};
		for (const id of options.hold ?? []) {
			const box = previous?.nodes[id];
			if (box) held[id] = { xPx: box.xPx, yPx: box.yPx };
		}
		this.busy = true;
		try {
			const result = await this.client.layout(graph, { previous, pins: { ...held, ...this.pins }, ...(options.strategy ? { strategy: options.strategy } : {}) });
			if (!result || group !== this.#group) return;
			this.layout = result.layout;
			this.suggestTidy = result.suggestTidy;
			this.#scheduleSave(group, result.layout);
		} finally {
			this.busy = false;
		}
	}

	/** Pins a node where the user dropped it, then lays out again around it. */
	async pin(graph: LayoutGraph, id: string, at: { xPx: number; yPx: number }): Promise<void> {
		const group = this.#group;
		this.pinProblem = null;
		try {
			const docs = await this.docs();
			const pins = docs ? await savePin(docs, group, id, at) : { ...this.pins, [id]: at };
			if (group === this.#group) this.pins = pins;
		} catch (error) {
			this.pinProblem = error instanceof PinLimitError ? { kind: 'limit', max: error.limit } : { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
		}
		await this.request(graph);
	}

	async releasePins(graph: LayoutGraph): Promise<void> {
		this.pinProblem = null;
		try {
			const docs = await this.docs();
			if (docs) await clearPins(docs, this.#group);
			this.pins = {};
		} catch (error) {
			this.pinProblem = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
		}
		await this.request(graph, { strategy: 'full' });
	}

	#scheduleSave(group: string, layout: Layout): void {
		const cache = this.cache();
		if (!cache) return;
		clearTimeout(this.#saveTimer);
		const waitMs = Math.max(0, this.#savedAtMs + saveEveryMs - Date.now());
		this.#pending = () => {
			this.#pending = undefined;
			this.#savedAtMs = Date.now();
			void saveLayout(cache, group, layout).catch(() => undefined);
		};
		this.#saveTimer = setTimeout(this.#pending, waitMs);
	}

	/** Stops, saving a layout still waiting to be saved. */
	dispose(): void {
		clearTimeout(this.#saveTimer);
		this.#pending?.();
	}
}
