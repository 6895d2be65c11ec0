/**
 * From the proposal's drawing (src/lib/domain/advisor/drawing.ts) to ELK's input, and from
 * ELK's layout back to what the SVG draws: class boxes inside one box per candidate, edges as
 * polylines, cut edges marked. Sizes are CSS pixels; labels are measured by a fixed average
 * character width, as the worker has no fonts.
 */
import type { ProposalDrawing } from '$lib/domain/advisor/drawing';
import type { Layout, LayoutGraph } from '$lib/domain/layout/types';

/** Average width of a 12 px label character; labels are clipped past maxLabelChars. */
const charWidthPx = 7;
const maxLabelChars = 28;
const nodeHeightPx = 26;
const nodePaddingPx = 16;

export function groupId(candidate: number): string {
	return `g:${candidate}`;
}

export function nodeLabel(label: string): string {
	return label.length > maxLabelChars ? `${label.slice(0, maxLabelChars - 1)}…` : label;
}

export function toLayoutGraph(drawing: ProposalDrawing): LayoutGraph {
	const grouped = drawing.level === 'classes';
	return {
		nodes: drawing.nodes.map((node) => ({
			id: node.id,
			widthPx: Math.max(56, nodePaddingPx + charWidthPx * nodeLabel(node.label).length),
			heightPx: nodeHeightPx,
			...(grouped ? { groupId: groupId(node.candidate) } : {})
		})),
		edges: drawing.edges.map((edge) => ({ id: edge.id, from: edge.from, to: edge.to })),
		groups: grouped ? drawing.candidates.map((candidate) => ({ id: groupId(candidate) })) : []
	};
}

export interface DrawnBox {
	id: string;
	xPx: number;
	yPx: number;
	widthPx: number;
	heightPx: number;
	label: string;
	title: string;
	/** Index into the candidate palette. */
	colour: number;
}

export interface DrawnEdge {
	id: string;
	/** SVG `points`: "x,y x,y …". */
	points: string;
	cut: boolean;
	volume: number;
	/** Stroke width: 1 px, plus 1 px per factor of 10 in volume, at most 5 px. */
	widthPx: number;
	title: string;
}

export interface DrawnGraph {
	widthPx: number;
	heightPx: number;
	groups: DrawnBox[];
	nodes: DrawnBox[];
	edges: DrawnEdge[];
}

/**
 * `names[candidate]` labels the candidate boxes (and the nodes of a folded drawing);
 * `callsLabel(volume)` words an edge's tooltip in the reader's language.
 */
export function drawnGraph(drawing: ProposalDrawing, layout: Layout, names: Map<number, string>, callsLabel: (volume: number) => string): DrawnGraph {
	const colourOf = new Map(drawing.candidates.map((c, i) => [c, i]));
	const titles = new Map(drawing.nodes.map((n) => [n.id, n.title]));
	const nodes: DrawnBox[] = [];
	for (const node of drawing.nodes) {
		const box = layout.nodes[node.id];
		if (!box) continue;
		const folded = drawing.level === 'candidates';
		nodes.push({
			id: node.id,
			...box,
			label: nodeLabel(folded ? `${names.get(node.candidate) ?? node.candidate} (${node.label})` : node.label),
			title: folded ? (names.get(node.candidate) ?? node.title) : node.title,
			colour: colourOf.get(node.candidate) ?? 0
		});
	}
	const groups: DrawnBox[] = [];
	for (const candidate of drawing.candidates) {
		const box = layout.groups[groupId(candidate)];
		if (!box) continue;
		const name = names.get(candidate) ?? String(candidate);
		groups.push({ id: groupId(candidate), ...box, label: name, title: name, colour: colourOf.get(candidate) ?? 0 });
	}
	const edges: DrawnEdge[] = [];
	for (const edge of drawing.edges) {
		const route = layout.edges[edge.id];
		if (!route || route.length < 4) continue;
		const points: string[] = [];
		for (let i = 0; i + 1 < route.length; i += 2) points.push(`${round(route[i])},${round(route[i + 1])}`);
		edges.push({
			id: edge.id,
			points: points.join(' '),
			cut: edge.cut,
			volume: edge.volume,
			widthPx: Math.min(5, 1 + Math.log10(Math.max(1, edge.volume))),
			title: `${titles.get(edge.from) ?? edge.from} → ${titles.get(edge.to) ?? edge.to}: ${callsLabel(edge.volume)}`
		});
	}
	// cut edges last, so they are drawn over the others
	edges.sort((a, b) => Number(a.cut) - Number(b.cut));
	return { widthPx: layout.widthPx, heightPx: layout.heightPx, groups, nodes, edges };
}

function round(value: number): number {
	return Math.round(value * 10) / 10;
}
