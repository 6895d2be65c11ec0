/**
 * The map's layout: asked of the layout worker whenever the drawn graph changes (stable:
 * known nodes keep their places, see domain/layout/stable-layout.ts), with the user's pins
 * on top, and kept in the store with the pins (map-docs.ts) so the next visit starts there.
 * Latest wins: an overtaken layout is never drawn. The layout is saved at most every
 * `saveEveryMs` (10 s) while it keeps changing.
 */
import type { Layout, LayoutGraph, Pins } from '$lib/domain/layout/types';
import type { LayoutStrategy } from '$lib/domain/layout/stable-layout';
import type { TelemetryStore } from '$lib/io/telemetry-store';
import type { LayoutClient } from '$lib/workers/layout-client';
import { clearPins, loadMapDocs, saveLayout, savePin } from './map-docs';

const saveEveryMs = 10_000;

export class MapLayout {
	layout = $state.raw<Layout | null>(null);
	pins = $state.raw<Pins>({});
	suggestTidy = $state(false);
	busy = $state(false);
	#group = '';
	#ready: Promise<void> = Promise.resolve();
	#savedAtMs = 0;
	#saveTimer: ReturnType<typeof setTimeout> | undefined;
	#pending: (() => void) | undefined;

	constructor(
		private readonly client: LayoutClient,
		private readonly store: () => Pick<TelemetryStore, 'readViewDoc' | 'writeViewDoc'> | null
	) {}

	/** Switches to a grouping's documents (pins and the last layout). */
	useGroup(group: string): Promise<void> {
		this.#group = group;
		const store = this.store();
		this.#ready = (async () => {
			const docs = store ? await loadMapDocs(store, group).catch(() => ({ pins: {}, layout: undefined })) : { pins: {}, layout: undefined };
			if (this.#group !== group) return;
			this.pins = docs.pins;
			this.layout = docs.layout ?? null;
		})();
		return this.#ready;
	}

	/** Lays the graph out; `hold` keeps these nodes where they are now (an expanded box pushing others aside). */
	async request(graph: LayoutGraph, options: { strategy?: LayoutStrategy; hold?: string[] } = {}): Promise<void> {
		await this.#ready;
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
		const store = this.store();
		this.pins = store ? await savePin(store, this.#group, this.pins, id, at) : { ...this.pins, [id]: at };
		await this.request(graph);
	}

	async releasePins(graph: LayoutGraph): Promise<void> {
		const store = this.store();
		if (store) await clearPins(store, this.#group);
		this.pins = {};
		await this.request(graph, { strategy: 'full' });
	}

	#scheduleSave(group: string, layout: Layout): void {
		const store = this.store();
		if (!store) return;
		clearTimeout(this.#saveTimer);
		const waitMs = Math.max(0, this.#savedAtMs + saveEveryMs - Date.now());
		this.#pending = () => {
			this.#pending = undefined;
			this.#savedAtMs = Date.now();
			void saveLayout(store, group, layout).catch(() => undefined);
		};
		this.#saveTimer = setTimeout(this.#pending, waitMs);
	}

	/** Stops, saving a layout still waiting to be saved. */
	dispose(): void {
		clearTimeout(this.#saveTimer);
		this.#pending?.();
	}
}
