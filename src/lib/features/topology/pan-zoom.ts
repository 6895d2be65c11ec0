/**
 * Pan and zoom of the map: screen = layout × k + (x, y). Zoom stays within [0.1, 3] and
 * keeps the point under the pointer fixed; fitting centres the layout with `paddingPx`
 * around it, never enlarging past 1.2.
 */
import type { Layout } from '$lib/domain/layout/types';

export interface ViewTransform {
	x: number;
	y: number;
	k: number;
}

export const minZoom = 0.1;
export const maxZoom = 3;

export function zoomAt(view: ViewTransform, factor: number, at: { xPx: number; yPx: number }): ViewTransform {
	const k = Math.min(maxZoom, Math.max(minZoom, view.k * factor));
	const ratio = k / view.k;
	return { k, x: at.xPx - (at.xPx - view.x) * ratio, y: at.yPx - (at.yPx - view.y) * ratio };
}

export function fitTransform(layout: Pick<Layout, 'nodes' | 'groups'>, size: { widthPx: number; heightPx: number }, paddingPx = 24): ViewTransform {
	let x0 = Infinity;
	let y0 = Infinity;
	let x1 = -Infinity;
	let y1 = -Infinity;
	for (const b of [...Object.values(layout.nodes), ...Object.values(layout.groups)]) {
		x0 = Math.min(x0, b.xPx);
		y0 = Math.min(y0, b.yPx);
		x1 = Math.max(x1, b.xPx + b.widthPx);
		y1 = Math.max(y1, b.yPx + b.heightPx);
	}
	if (!Number.isFinite(x0)) return { x: paddingPx, y: paddingPx, k: 1 };
	const width = Math.max(1, x1 - x0);
	const height = Math.max(1, y1 - y0);
	const k = Math.min(1.2, Math.max(minZoom, Math.min((size.widthPx - 2 * paddingPx) / width, (size.heightPx - 2 * paddingPx) / height)));
	return { k, x: (size.widthPx - width * k) / 2 - x0 * k, y: (size.heightPx - height * k) / 2 - y0 * k };
}
