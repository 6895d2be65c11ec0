/**
 * Pinned node positions as a synced `layout` document, one per view and grouping
 * (`topology-pins.<group>`), so a node pinned on one device stays pinned, in the same place,
 * on every device of the user. Each pin is one field `nodes/<entry>` (entry: the node id
 * made safe for a field name, see `pinEntryKey`), so two devices pinning different nodes
 * both keep their pins, and two devices moving the same node keep the later move (the
 * other goes to the document's history).
 *
 * The pin's value carries the node id itself (`{ node, xPx, yPx }`); a value whose node
 * does not give back its entry is dropped on read, never trusted.
 *
 * Bounds: at most `maxPins` (1,000) live pins per grouping, and at most `maxPinFields`
 * (1,900) node fields in the document, released ones included (a released pin stays as a
 * removed field, which is what lets a release win over an older move from another
 * device); under the documents' 2,000-field bound with room for the plain fields. Past
 * either bound a new pin is refused with `PinLimitError` (moving a pinned node still works).
 */
import { deletedField, type DocRecord, type Json } from '../../protocol/sync';
import type { Pins } from '../layout/types';
import { isJsonObject } from './json';

export const pinsDocType = 'layout' as const;
export const maxPins = 1_000;
export const maxPinFields = 1_900;
/** Positions are rounded to whole pixels and bounded, so a hostile value cannot blow up a layout. */
export const maxPinCoordinatePx = 10_000_000;
const maxNodeIdChars = 2_000;
const maxEntryChars = 128;

export type PinnedView = 'topology';

export class PinLimitError extends Error {
	constructor(readonly limit: number) {
		super(`At most ${limit} nodes can be pinned in one grouping; release pinned nodes to pin others.`);
		this.name = 'PinLimitError';
	}
}

/** `topology-pins.none` for the ungrouped map, `topology-pins.<group>` otherwise. */
export function pinsDocId(view: PinnedView, group: string): string {
	return `${view}-pins.${group || 'none'}`;
}

/** 53-bit FNV-style hash as 14 hex digits (only for node ids too long to spell out). */
function hashText(text: string): string {
	let h1 = 0xdeadbeef;
	let h2 = 0x41c6ce57;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ c, 2654435761);
		h2 = Math.imul(h2 ^ c, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/**
 * The field entry of a node id: `[A-Za-z0-9.:-]` kept, `_` doubled, any other character as
 * `_hh` (code < 256) or `_uhhhh`; an id longer than 128 characters that way becomes
 * `_x<hash>`. Distinct ids give distinct entries (`_` is never followed by x except here).
 */
export function pinEntryKey(nodeId: string): string {
	let out = '';
	for (let i = 0; i < nodeId.length; i++) {
		const ch = nodeId[i];
		const code = nodeId.charCodeAt(i);
		if (/[A-Za-z0-9.:-]/.test(ch)) out += ch;
		else if (ch === '_') out += '__';
		else if (code < 256) out += '_' + code.toString(16).padStart(2, '0');
		else out += '_u' + code.toString(16).padStart(4, '0');
		if (out.length > maxEntryChars) return '_x' + hashText(nodeId);
	}
	return out;
}

const coordinate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= maxPinCoordinatePx;

/** Why `value` cannot be a pin field (undefined when it can). */
export function pinValueProblem(value: Json): string | undefined {
	if (!isJsonObject(value)) return 'must be { node, xPx, yPx }';
	if (typeof value.node !== 'string' || value.node === '' || value.node.length > maxNodeIdChars) return `node must be a node id of 1-${maxNodeIdChars} characters`;
	if (!coordinate(value.xPx) || !coordinate(value.yPx)) return `xPx and yPx must be numbers within ±${maxPinCoordinatePx}`;
	return undefined;
}

/** Field checks of a `layout` document (domain/docs/schemas.ts). */
export function layoutFieldProblem(key: string, value: Json): string | undefined {
	switch (key) {
		case 'view':
			return value === 'topology' ? undefined : 'view must be topology';
		case 'group':
			return typeof value === 'string' && /^[A-Za-z]{1,32}$/.test(value) ? undefined : 'group must be 1-32 letters';
		case 'nodes': {
			const problem = pinValueProblem(value);
			return problem ? `a pin ${problem}` : undefined;
		}
		default:
			return `a layout has no field "${key}"`;
	}
}

/** The pins a document body holds (its `nodes` entries); malformed or mismatched entries are left out. */
export function pinsFromBody(body: Readonly<Record<string, Json>> | undefined): Pins {
	const out: Pins = {};
	const nodes = body?.nodes;
	if (!isJsonObject(nodes)) return out;
	for (const [entry, value] of Object.entries(nodes)) {
		if (value === null || pinValueProblem(value) !== undefined) continue;
		const pin = value as { node: string; xPx: number; yPx: number };
		if (pinEntryKey(pin.node) !== entry) continue;
		out[pin.node] = { xPx: pin.xPx, yPx: pin.yPx };
	}
	return out;
}

export interface PinsDocState {
	/** Live pins (pinsFromBody of the document). */
	pins: Pins;
	/** Entries of the node fields the document holds, released ones included (see the module comment). */
	entries: ReadonlySet<string>;
}

/** Pins and node fields of a stored pins document (undefined: none yet). A deleted document pins nothing. */
export function pinsDocState(record: DocRecord | undefined): PinsDocState {
	const entries = new Set<string>();
	const nodes: Record<string, Json> = {};
	if (!record) return { pins: {}, entries };
	for (const [field, state] of Object.entries(record.fields)) {
		if (!field.startsWith('nodes/')) continue;
		const entry = field.slice('nodes/'.length);
		entries.add(entry);
		nodes[entry] = state.v;
	}
	// imported by schemas.ts, so it reads the tombstone itself rather than through validate.ts
	const deleted = record.fields[deletedField]?.v === true;
	return { pins: deleted ? {} : pinsFromBody({ nodes }), entries };
}

/**
 * The patch that pins `nodeId` at `at` (rounded to whole pixels). Throws PinLimitError when
 * the node is not pinned yet and a bound is reached.
 */
export function pinPatch(options: { view: PinnedView; group: string; state: PinsDocState; nodeId: string; at: { xPx: number; yPx: number } }): Record<string, Json> {
	const { state, nodeId } = options;
	const entry = pinEntryKey(nodeId);
	if (!(nodeId in state.pins)) {
		if (Object.keys(state.pins).length >= maxPins) throw new PinLimitError(maxPins);
		if (!state.entries.has(entry) && state.entries.size >= maxPinFields) throw new PinLimitError(maxPinFields);
	}
	const clamp = (v: number) => Math.max(-maxPinCoordinatePx, Math.min(maxPinCoordinatePx, Math.round(v)));
	return {
		view: options.view,
		group: options.group || 'none',
		nodes: { [entry]: { node: nodeId, xPx: clamp(options.at.xPx), yPx: clamp(options.at.yPx) } }
	};
}

/** The patch that releases every live pin (each becomes a removed field). */
export function releasePatch(pins: Pins): Record<string, Json> {
	return { nodes: Object.fromEntries(Object.keys(pins).map((id) => [pinEntryKey(id), null])) };
}

/**
 * The patch that moves pins kept before documents existed (the map's old local view
 * document: `{ [nodeId]: { xPx, yPx } }`) into the document: nodes the document already
 * holds (pinned or released on some device) keep their state, and the bounds hold.
 * Malformed entries are dropped. Undefined when there is nothing to add.
 */
export function migratedPinsPatch(options: { view: PinnedView; group: string; legacy: unknown; state: PinsDocState }): Record<string, Json> | undefined {
	const { legacy, state } = options;
	if (!isJsonObject(legacy)) return undefined;
	const nodes: Record<string, Json> = {};
	let live = Object.keys(state.pins).length;
	let fields = state.entries.size;
	for (const [nodeId, p] of Object.entries(legacy)) {
		if (live >= maxPins || fields >= maxPinFields) break;
		if (nodeId === '' || nodeId.length > maxNodeIdChars || !isJsonObject(p) || !coordinate(p.xPx) || !coordinate(p.yPx)) continue;
		const entry = pinEntryKey(nodeId);
		if (state.entries.has(entry) || entry in nodes) continue;
		nodes[entry] = { node: nodeId, xPx: Math.round(p.xPx), yPx: Math.round(p.yPx) };
		live++;
		fields++;
	}
	if (Object.keys(nodes).length === 0) return undefined;
	return { view: options.view, group: options.group || 'none', nodes };
}
