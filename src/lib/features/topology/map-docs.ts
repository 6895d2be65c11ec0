/**
 * The map's documents in the local store (TelemetryStore view documents, kept in its meta
 * table): the user's pins and the last layout, one pair per grouping (boxes change the
 * drawing), so a reload, or the next visit, starts where the map was and new nodes are
 * placed around it (the layout worker's incremental placement).
 *
 * Bounds: at most `maxPins` (5,000) pins (the most recently dragged kept); a layout of more
 * than `maxSavedLayoutNodes` (5,000) nodes is not saved. What is read back is checked:
 * anything malformed is dropped (the map then lays out afresh), never trusted.
 */
import type { Box, Layout, Pins } from '$lib/domain/layout/types';
import type { TelemetryStore } from '$lib/io/telemetry-store';

export const maxPins = 5_000;
export const maxSavedLayoutNodes = 5_000;

type DocStore = Pick<TelemetryStore, 'readViewDoc' | 'writeViewDoc'>;

export const pinsKey = (group: string) => `topology.pins.${group || 'none'}`;
export const layoutKey = (group: string) => `topology.layout.${group || 'none'}`;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isBox(v: unknown): v is Box {
	const b = v as Box;
	return typeof v === 'object' && v !== null && finite(b.xPx) && finite(b.yPx) && finite(b.widthPx) && finite(b.heightPx);
}

export function readPins(value: unknown): Pins {
	const out: Pins = {};
	if (typeof value !== 'object' || value === null) return out;
	for (const [id, p] of Object.entries(value as Record<string, unknown>)) {
		const pin = p as { xPx?: unknown; yPx?: unknown };
		if (typeof p === 'object' && p !== null && finite(pin.xPx) && finite(pin.yPx)) out[id] = { xPx: pin.xPx, yPx: pin.yPx };
	}
	return out;
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

export async function loadMapDocs(store: DocStore, group: string): Promise<{ pins: Pins; layout: Layout | undefined }> {
	const [pins, layout] = await Promise.all([store.readViewDoc(pinsKey(group)), store.readViewDoc(layoutKey(group))]);
	return { pins: readPins(pins), layout: readLayout(layout) };
}

/** Adds (or moves) a pin, keeping the `maxPins` most recent; answers the pins saved. */
export async function savePin(store: DocStore, group: string, pins: Pins, id: string, at: { xPx: number; yPx: number }): Promise<Pins> {
	const next: Pins = { ...pins };
	delete next[id];
	next[id] = { xPx: Math.round(at.xPx), yPx: Math.round(at.yPx) };
	const ids = Object.keys(next);
	for (const old of ids.slice(0, Math.max(0, ids.length - maxPins))) delete next[old];
	await store.writeViewDoc(pinsKey(group), next);
	return next;
}

export async function clearPins(store: DocStore, group: string): Promise<void> {
	await store.writeViewDoc(pinsKey(group), {});
}

/** Saves the layout unless it is past the bound; answers whether it was saved. */
export async function saveLayout(store: DocStore, group: string, layout: Layout): Promise<boolean> {
	if (Object.keys(layout.nodes).length > maxSavedLayoutNodes) return false;
	await store.writeViewDoc(layoutKey(group), layout);
	return true;
}
