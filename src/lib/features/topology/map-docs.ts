/**
 * What the map keeps between visits, one set per grouping (boxes change the drawing):
 *
 * - the user's pins: a synced `layout` document per grouping (domain/docs/pins.ts), so a
 *   node pinned on one device is pinned in the same place on the user's other devices;
 * - the last layout: a cache of computed positions in the local store (TelemetryStore view
 *   document `topology.layout.<grouping>`), so a reload starts where the map was and new
 *   nodes are placed around it (the layout worker's incremental placement). It is not a
 *   user edit and is not synced: each device lays out around the same pins.
 *
 * Bounds: pins as in pins.ts (1,000 per grouping; past it a new pin is refused with
 * PinLimitError); a layout of more than `maxSavedLayoutNodes` (5,000) nodes is not saved.
 * What is read back is checked: anything malformed is dropped (the map then lays out
 * afresh), never trusted.
 */
import type { Box, Layout, Pins } from '$lib/domain/layout/types';
import { pinPatch, pinsDocId, pinsDocState, pinsDocType, releasePatch } from '$lib/domain/docs/pins';
import type { Documents } from '$lib/io/docs/documents';
import type { TelemetryStore } from '$lib/io/telemetry-store';

export const maxSavedLayoutNodes = 5_000;

export type LayoutCache = Pick<TelemetryStore, 'readViewDoc' | 'writeViewDoc'>;
export type PinDocs = Pick<Documents, 'store' | 'edit'>;

export const layoutKey = (group: string) => `topology.layout.${group || 'none'}`;
export const pinsDocOf = (group: string) => pinsDocId('topology', group);

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isBox(v: unknown): v is Box {
	const b = v as Box;
	return typeof v === 'object' && v !== null && finite(b.xPx) && finite(b.yPx) && finite(b.widthPx) && finite(b.heightPx);
}

export function readLayout(value: unknown): Layout | undefined {
	const l = value as Layout;
	if (typeof value !== 'object' || value === null || !finite(l.widthPx) || !finite(l.heightPx)) return undefined;
	if (typeof l.nodes !== 'object' || typeof l.edges !== 'object' || typeof l.groups !== 'object' || !l.nodes || !l.edges || !l.groups) return undefined;
	if (!Object.values(l.nodes).every(isBox) || !Object.values(l.groups).every(isBox)) return undefined;
	if (!Object.values(l.edges).every((pts) => Array.isArray(pts) && pts.every(finite))) return undefined;
	return {
		nodes: l.nodes,
		edges: l.edges,
		groups: l.groups,
		widthPx: l.widthPx,
		heightPx: l.heightPx,
		...(finite(l.incrementalPlacements) ? { incrementalPlacements: l.incrementalPlacements } : {})
	};
}

export async function loadLayout(cache: LayoutCache, group: string): Promise<Layout | undefined> {
	return readLayout(await cache.readViewDoc(layoutKey(group)));
}

/** Saves the layout unless it is past the bound; answers whether it was saved. */
export async function saveLayout(cache: LayoutCache, group: string, layout: Layout): Promise<boolean> {
	if (Object.keys(layout.nodes).length > maxSavedLayoutNodes) return false;
	await cache.writeViewDoc(layoutKey(group), layout);
	return true;
}

export async function loadPins(docs: PinDocs, group: string): Promise<Pins> {
	return pinsDocState(await docs.store.get(pinsDocOf(group))).pins;
}

/** Pins (or moves) a node; answers the grouping's pins after the edit. Throws PinLimitError past the bound. */
export async function savePin(docs: PinDocs, group: string, id: string, at: { xPx: number; yPx: number }): Promise<Pins> {
	const docId = pinsDocOf(group);
	const patch = pinPatch({ view: 'topology', group, state: pinsDocState(await docs.store.get(docId)), nodeId: id, at });
	await docs.edit(docId, pinsDocType, patch);
	return loadPins(docs, group);
}

/** Releases every pin of the grouping (on every device, once synced). */
export async function clearPins(docs: PinDocs, group: string): Promise<void> {
	const docId = pinsDocOf(group);
	const { pins } = pinsDocState(await docs.store.get(docId));
	if (Object.keys(pins).length > 0) await docs.edit(docId, pinsDocType, releasePatch(pins));
}
