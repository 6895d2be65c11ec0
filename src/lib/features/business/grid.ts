/**
 * Board grid editing (pure): where a new widget goes, moving and resizing a widget with
 * the others pushed down out of its way, keyboard steps, and pointer positions to cells.
 * Cells are in grid units (domain/docs/board.ts: 12 columns, rows from 0).
 */
import { gridColumns, maxGridRows, type GridCell } from '$lib/domain/docs/board';

export type Layout = Record<string, GridCell>;

function overlaps(a: GridCell, b: GridCell): boolean {
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Keeps a cell inside the grid: 1-12 columns wide, inside the columns, rows in range. */
export function clampCell(cell: GridCell): GridCell {
	const w = Math.min(gridColumns, Math.max(1, Math.round(cell.w)));
	const h = Math.min(12, Math.max(1, Math.round(cell.h)));
	const x = Math.min(gridColumns - w, Math.max(0, Math.round(cell.x)));
	const y = Math.min(maxGridRows - h, Math.max(0, Math.round(cell.y)));
	return { x, y, w, h };
}

/** The first free place (top to bottom, left to right) for a w × h widget. */
export function placeNew(layout: Layout, w: number, h: number): GridCell {
	const cells = Object.values(layout);
	for (let y = 0; y < maxGridRows - h; y++) {
		for (let x = 0; x + w <= gridColumns; x++) {
			const cell = { x, y, w, h };
			if (!cells.some((c) => overlaps(c, cell))) return cell;
		}
	}
	return { x: 0, y: maxGridRows - h, w, h };
}

/**
 * The layout with `id` at `cell`; widgets it now overlaps move down just below it, and so
 * on down the board. Returns only the cells that changed (what an edit must write).
 */
export function moveCell(layout: Layout, id: string, cell: GridCell): Layout {
	const next: Layout = { ...layout, [id]: clampCell(cell) };
	const queue = [id];
	// every push moves a cell strictly down; the bound only guards the bottom row's clamp
	for (let steps = 0; queue.length > 0 && steps < 10_000; steps++) {
		const key = queue.shift()!;
		const moved = next[key];
		const hit = Object.keys(next)
			.filter((k) => k !== key && k !== id && overlaps(next[k], moved))
			.sort((a, b) => next[a].y - next[b].y);
		for (const k of hit) {
			next[k] = clampCell({ ...next[k], y: moved.y + moved.h });
			queue.push(k);
		}
	}
	const changed: Layout = {};
	for (const [k, c] of Object.entries(next)) {
		const before = layout[k];
		if (!before || before.x !== c.x || before.y !== c.y || before.w !== c.w || before.h !== c.h) changed[k] = c;
	}
	return changed;
}

/** Arrow keys move by one cell; with Shift they resize (right / down grow). Undefined for other keys. */
export function keyStep(cell: GridCell, key: string, resize: boolean): GridCell | undefined {
	const d: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
	const step = d[key];
	if (!step) return undefined;
	const next = resize ? { ...cell, w: cell.w + step[0], h: cell.h + step[1] } : { ...cell, x: cell.x + step[0], y: cell.y + step[1] };
	return clampCell(next);
}

/** The cell under a pointer offset (px, from the grid's top-left) for a grid of `widthPx` and rows of `rowPx`. */
export function cellAt(offsetXPx: number, offsetYPx: number, widthPx: number, rowPx: number): { x: number; y: number } {
	const colPx = widthPx / gridColumns;
	return { x: Math.max(0, Math.min(gridColumns - 1, Math.floor(offsetXPx / colPx))), y: Math.max(0, Math.floor(offsetYPx / rowPx)) };
}

/** Rows the layout uses. */
export function layoutRows(layout: Layout): number {
	return Object.values(layout).reduce((rows, c) => Math.max(rows, c.y + c.h), 0);
}
