/**
 * Stable incremental placement: nodes already laid out keep their boxes exactly (0 px
 * displacement); each new node goes into the layer column next to its neighbours, at the
 * free height closest to the median of their centres. Vanished nodes leave their space
 * empty until the next full layout.
 *
 * Rule for a new node n (direction RIGHT, columns = distinct x of placed nodes):
 * - with placed callers: the column right of its rightmost caller (a new column past the
 *   last one if needed);
 * - else with placed callees: the column left of its leftmost callee;
 * - else: the first column, below everything.
 * New nodes are placed one by one, most-connected-to-placed first, so a chain of new nodes
 * grows from the known part. The free height never overlaps another box (nodes and other
 * groups' boxes, with `gapPx` around them).
 *
 * Routes: an edge between two unmoved nodes keeps its previous route; other edges get a
 * straight route from the source's right side to the target's left side (or centre to
 * centre when the target is not to the right).
 */
import { boxesOverlap } from './quality';
import type { Box, Layout, LayoutGraph, Pins } from './types';

export interface PlaceOptions {
	/** Free space kept around boxes. Default 24 px (ELK's node spacing in elk-options.ts). */
	gapPx?: number;
	/** Column step when there is only one column. Default 64 px plus the widest node. */
	layerGapPx?: number;
}

const groupPadding = { top: 28, left: 12, bottom: 12, right: 12 };

export function placeIncrementally(graph: LayoutGraph, previous: Layout, options: PlaceOptions = {}): { layout: Layout; placed: string[] } {
	const gapPx = options.gapPx ?? 24;
	const nodes: Record<string, Box> = {};
	const fresh: string[] = [];
	const sizes = new Map(graph.nodes.map((n) => [n.id, n]));
	for (const n of graph.nodes) {
		const old = previous.nodes[n.id];
		if (old) nodes[n.id] = { xPx: old.xPx, yPx: old.yPx, widthPx: n.widthPx, heightPx: n.heightPx };
		else fresh.push(n.id);
	}
	const widest = graph.nodes.reduce((w, n) => Math.max(w, n.widthPx), 0);
	const columns = columnsOf(Object.values(nodes));
	const step = columnStep(columns, options.layerGapPx ?? widest + 64);

	const callers = new Map<string, string[]>();
	const callees = new Map<string, string[]>();
	for (const e of graph.edges) {
		if (e.from === e.to) continue;
		(callers.get(e.to) ?? callers.set(e.to, []).get(e.to)!).push(e.from);
		(callees.get(e.from) ?? callees.set(e.from, []).get(e.from)!).push(e.to);
	}
	const groupOf = new Map(graph.nodes.filter((n) => n.groupId !== undefined).map((n) => [n.id, n.groupId!]));
	const placed: string[] = [];
	const waiting = new Set(fresh);
	while (waiting.size > 0) {
		let best = '';
		let bestLinks = -1;
		for (const id of waiting) {
			const links = (callers.get(id) ?? []).filter((p) => nodes[p]).length + (callees.get(id) ?? []).filter((s) => nodes[s]).length;
			if (links > bestLinks) {
				best = id;
				bestLinks = links;
			}
		}
		waiting.delete(best);
		const size = sizes.get(best)!;
		const preds = (callers.get(best) ?? []).map((p) => nodes[p]).filter(Boolean);
		const succs = (callees.get(best) ?? []).map((s) => nodes[s]).filter(Boolean);
		let xPx: number;
		let targetY: number;
		if (preds.length > 0) {
			xPx = columnAfter(columns, Math.max(...preds.map((b) => b.xPx)), step);
		} else if (succs.length > 0) {
			xPx = columnBefore(columns, Math.min(...succs.map((b) => b.xPx)), step);
		} else {
			xPx = columns[0] ?? 16;
		}
		const neighbours = [...preds, ...succs];
		if (neighbours.length > 0) targetY = median(neighbours.map((b) => b.yPx + b.heightPx / 2)) - size.heightPx / 2;
		else targetY = Object.values(nodes).reduce((y, b) => Math.max(y, b.yPx + b.heightPx + gapPx), 16);
		const obstacles = obstaclesFor(nodes, previous, groupOf.get(best));
		const yPx = freeY({ xPx, widthPx: size.widthPx, heightPx: size.heightPx, targetY, obstacles, gapPx });
		nodes[best] = { xPx, yPx, widthPx: size.widthPx, heightPx: size.heightPx };
		if (!columns.some((c) => Math.abs(c - xPx) < 2)) {
			columns.push(xPx);
			columns.sort((a, b) => a - b);
		}
		placed.push(best);
	}

	const layout = finishLayout(graph, nodes, previous, new Set(placed));
	return { layout, placed };
}

/**
 * Puts pinned nodes where the user left them. A node that now overlaps a pinned one moves
 * to the nearest free height in its own column (the only case where a known node moves).
 */
export function applyPins(graph: LayoutGraph, layout: Layout, pins: Pins, options: PlaceOptions = {}): { layout: Layout; moved: string[] } {
	const gapPx = options.gapPx ?? 24;
	const nodes: Record<string, Box> = { ...layout.nodes };
	const moved = new Set<string>();
	for (const [id, pin] of Object.entries(pins)) {
		const box = nodes[id];
		if (!box || !Number.isFinite(pin.xPx) || !Number.isFinite(pin.yPx)) continue;
		if (box.xPx !== pin.xPx || box.yPx !== pin.yPx) moved.add(id);
		nodes[id] = { ...box, xPx: pin.xPx, yPx: pin.yPx };
	}
	const pinned = Object.keys(pins).filter((id) => nodes[id]);
	for (const [id, box] of Object.entries(nodes)) {
		if (pins[id] || !pinned.some((p) => boxesOverlap(box, nodes[p], gapPx / 2))) continue;
		const others = Object.entries(nodes).filter(([o]) => o !== id).map(([, b]) => b);
		nodes[id] = { ...box, yPx: freeY({ xPx: box.xPx, widthPx: box.widthPx, heightPx: box.heightPx, targetY: box.yPx, obstacles: others, gapPx }) };
		moved.add(id);
	}
	if (moved.size === 0) return { layout, moved: [] };
	return { layout: finishLayout(graph, nodes, layout, moved), moved: [...moved] };
}

function finishLayout(graph: LayoutGraph, nodes: Record<string, Box>, previous: Layout, changed: Set<string>): Layout {
	const edges: Record<string, number[]> = {};
	for (const e of graph.edges) {
		const a = nodes[e.from];
		const b = nodes[e.to];
		if (!a || !b) continue;
		const old = previous.edges[e.id];
		edges[e.id] = old && !changed.has(e.from) && !changed.has(e.to) ? old : straightRoute(a, b);
	}
	const groups: Record<string, Box> = {};
	for (const g of graph.groups ?? []) {
		const members = graph.nodes.filter((n) => n.groupId === g.id && nodes[n.id]).map((n) => nodes[n.id]);
		if (members.length === 0) continue;
		const fit = bounds(members);
		const box: Box = {
			xPx: fit.xPx - groupPadding.left,
			yPx: fit.yPx - groupPadding.top,
			widthPx: fit.widthPx + groupPadding.left + groupPadding.right,
			heightPx: fit.heightPx + groupPadding.top + groupPadding.bottom
		};
		const old = previous.groups[g.id];
		groups[g.id] = old ? bounds([old, box]) : box;
	}
	const all = bounds([...Object.values(nodes), ...Object.values(groups)]);
	return {
		...(previous.incrementalPlacements === undefined ? {} : { incrementalPlacements: previous.incrementalPlacements }),
		nodes,
		edges,
		groups,
		widthPx: Math.max(previous.widthPx, all.xPx + all.widthPx + 16),
		heightPx: Math.max(previous.heightPx, all.yPx + all.heightPx + 16)
	};
}

export function straightRoute(a: Box, b: Box): number[] {
	if (b.xPx >= a.xPx + a.widthPx) return [a.xPx + a.widthPx, a.yPx + a.heightPx / 2, b.xPx, b.yPx + b.heightPx / 2];
	return [a.xPx + a.widthPx / 2, a.yPx + a.heightPx / 2, b.xPx + b.widthPx / 2, b.yPx + b.heightPx / 2];
}

function bounds(boxes: Box[]): Box {
	if (boxes.length === 0) return { xPx: 0, yPx: 0, widthPx: 0, heightPx: 0 };
	let x0 = Infinity;
	let y0 = Infinity;
	let x1 = -Infinity;
	let y1 = -Infinity;
	for (const b of boxes) {
		x0 = Math.min(x0, b.xPx);
		y0 = Math.min(y0, b.yPx);
		x1 = Math.max(x1, b.xPx + b.widthPx);
		y1 = Math.max(y1, b.yPx + b.heightPx);
	}
	return { xPx: x0, yPx: y0, widthPx: x1 - x0, heightPx: y1 - y0 };
}

/** Distinct left edges of the boxes (within 2 px), ascending. */
function columnsOf(boxes: Box[]): number[] {
	const xs = boxes.map((b) => b.xPx).sort((a, b) => a - b);
	const columns: number[] = [];
	for (const x of xs) if (columns.length === 0 || x - columns[columns.length - 1] >= 2) columns.push(x);
	return columns;
}

function columnStep(columns: number[], fallback: number): number {
	if (columns.length < 2) return fallback;
	return median(columns.slice(1).map((c, i) => c - columns[i]));
}

function columnAfter(columns: number[], x: number, step: number): number {
	const next = columns.find((c) => c > x + 1);
	return next ?? x + step;
}

function columnBefore(columns: number[], x: number, step: number): number {
	let before: number | undefined;
	for (const c of columns) if (c < x - 1) before = c;
	return before ?? x - step;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function obstaclesFor(nodes: Record<string, Box>, previous: Layout, ownGroup: string | undefined): Box[] {
	const out = Object.values(nodes);
	for (const [id, box] of Object.entries(previous.groups)) if (id !== ownGroup) out.push(box);
	return out;
}

/**
 * The top y closest to `targetY` where a box of this size at `xPx` keeps `gapPx` from every
 * obstacle that shares its horizontal extent.
 */
export function freeY(options: { xPx: number; widthPx: number; heightPx: number; targetY: number; obstacles: Box[]; gapPx: number }): number {
	const { xPx, widthPx, heightPx, targetY, gapPx } = options;
	const blocked = options.obstacles
		.filter((b) => b.xPx < xPx + widthPx + gapPx && xPx < b.xPx + b.widthPx + gapPx)
		.map((b) => [b.yPx - gapPx - heightPx, b.yPx + b.heightPx + gapPx] as const);
	const isFree = (y: number) => blocked.every(([lo, hi]) => y <= lo || y >= hi);
	if (isFree(targetY)) return targetY;
	let best = Number.NaN;
	for (const [lo, hi] of blocked)
		for (const candidate of [lo, hi])
			if (isFree(candidate) && (Number.isNaN(best) || Math.abs(candidate - targetY) < Math.abs(best - targetY))) best = candidate;
	return best;
}
