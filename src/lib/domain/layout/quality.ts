/**
 * Layout quality figures, used to choose ELK options and the incremental strategy:
 * - crossings: pairs of edge segments that cross (segments of one edge, or sharing an end
 *   point, do not count). Edges are drawn as their routes when the layout has them, else
 *   as straight lines between box centres. O(s²) in segments with a bounding-box reject.
 * - edge length: total drawn length in px.
 * - overlaps: pairs of node boxes that intersect.
 * - displacement: how far nodes present in both layouts moved (top-left corners, px).
 */
import type { Box, Layout, LayoutGraph } from './types';

export interface LayoutQuality {
	crossings: number;
	edgeLengthPx: number;
	overlaps: number;
}

type Segment = [number, number, number, number, number];

function segmentsOf(layout: Layout, graph: LayoutGraph, useRoutes: boolean): Segment[] {
	const segments: Segment[] = [];
	graph.edges.forEach((edge, e) => {
		const a = layout.nodes[edge.from];
		const b = layout.nodes[edge.to];
		if (!a || !b || edge.from === edge.to) return;
		const route = useRoutes ? layout.edges[edge.id] : undefined;
		const points = route && route.length >= 4 ? route : [a.xPx + a.widthPx / 2, a.yPx + a.heightPx / 2, b.xPx + b.widthPx / 2, b.yPx + b.heightPx / 2];
		for (let k = 0; k + 3 < points.length; k += 2) segments.push([points[k], points[k + 1], points[k + 2], points[k + 3], e]);
	});
	return segments;
}

const orientation = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
	Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));

const samePoint = (ax: number, ay: number, bx: number, by: number) => Math.abs(ax - bx) < 0.5 && Math.abs(ay - by) < 0.5;

function cross(s: Segment, t: Segment): boolean {
	if (
		samePoint(s[0], s[1], t[0], t[1]) || samePoint(s[0], s[1], t[2], t[3]) ||
		samePoint(s[2], s[3], t[0], t[1]) || samePoint(s[2], s[3], t[2], t[3])
	)
		return false;
	const o1 = orientation(s[0], s[1], s[2], s[3], t[0], t[1]);
	const o2 = orientation(s[0], s[1], s[2], s[3], t[2], t[3]);
	const o3 = orientation(t[0], t[1], t[2], t[3], s[0], s[1]);
	const o4 = orientation(t[0], t[1], t[2], t[3], s[2], s[3]);
	return o1 * o2 < 0 && o3 * o4 < 0;
}

export function layoutQuality(layout: Layout, graph: LayoutGraph, options: { useRoutes?: boolean } = {}): LayoutQuality {
	const segments = segmentsOf(layout, graph, options.useRoutes ?? true);
	const n = segments.length;
	const minX = new Float64Array(n);
	const maxX = new Float64Array(n);
	const minY = new Float64Array(n);
	const maxY = new Float64Array(n);
	let edgeLengthPx = 0;
	segments.forEach((s, i) => {
		minX[i] = Math.min(s[0], s[2]);
		maxX[i] = Math.max(s[0], s[2]);
		minY[i] = Math.min(s[1], s[3]);
		maxY[i] = Math.max(s[1], s[3]);
		edgeLengthPx += Math.hypot(s[2] - s[0], s[3] - s[1]);
	});
	let crossings = 0;
	for (let i = 0; i < n; i++)
		for (let j = i + 1; j < n; j++) {
			if (segments[i][4] === segments[j][4]) continue;
			if (maxX[i] < minX[j] || maxX[j] < minX[i] || maxY[i] < minY[j] || maxY[j] < minY[i]) continue;
			if (cross(segments[i], segments[j])) crossings++;
		}
	return { crossings, edgeLengthPx, overlaps: countOverlaps(Object.values(layout.nodes)) };
}

export function boxesOverlap(a: Box, b: Box, marginPx = 0): boolean {
	return (
		a.xPx < b.xPx + b.widthPx + marginPx && b.xPx < a.xPx + a.widthPx + marginPx &&
		a.yPx < b.yPx + b.heightPx + marginPx && b.yPx < a.yPx + a.heightPx + marginPx
	);
}

export function countOverlaps(boxes: Box[]): number {
	const sorted = [...boxes].sort((a, b) => a.xPx - b.xPx);
	let overlaps = 0;
	for (let i = 0; i < sorted.length; i++)
		for (let j = i + 1; j < sorted.length && sorted[j].xPx < sorted[i].xPx + sorted[i].widthPx; j++)
			if (boxesOverlap(sorted[i], sorted[j])) overlaps++;
	return overlaps;
}

export interface Displacement {
	maxPx: number;
	meanPx: number;
	/** Nodes present in both layouts that moved by more than 0.5 px. */
	moved: number;
	compared: number;
}

export function displacement(before: Layout, after: Layout): Displacement {
	let maxPx = 0;
	let sum = 0;
	let moved = 0;
	let compared = 0;
	for (const [id, a] of Object.entries(before.nodes)) {
		const b = after.nodes[id];
		if (!b) continue;
		const d = Math.hypot(b.xPx - a.xPx, b.yPx - a.yPx);
		compared++;
		sum += d;
		if (d > maxPx) maxPx = d;
		if (d > 0.5) moved++;
	}
	return { maxPx, meanPx: compared > 0 ? sum / compared : 0, moved, compared };
}
