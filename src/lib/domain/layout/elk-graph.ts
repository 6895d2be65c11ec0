/**
 * Conversion between the layout model and ELK's JSON graph. Groups become compound nodes
 * with their members as children; all edges sit on the root with
 * `hierarchyHandling: INCLUDE_CHILDREN`, so ELK lays out across group borders. ELK answers
 * in coordinates relative to each parent (and each edge's container); `fromElk` makes them
 * absolute.
 */
import { groupOptions } from './elk-options';
import type { Box, ElkEdgeJson, ElkNodeJson, Layout, LayoutGraph } from './types';

export function toElk(
	graph: LayoutGraph,
	options: Record<string, string>,
	hints?: Record<string, { xPx: number; yPx: number }>
): ElkNodeJson {
	const groupIds = new Set((graph.groups ?? []).map((g) => g.id));
	const nodeIds = new Set(graph.nodes.map((n) => n.id));
	const groups = new Map<string, ElkNodeJson>();
	for (const g of graph.groups ?? []) groups.set(g.id, { id: g.id, layoutOptions: groupOptions, children: [] });
	const root: ElkNodeJson = {
		id: '(root)',
		layoutOptions: groupIds.size > 0 ? { ...options, 'elk.hierarchyHandling': 'INCLUDE_CHILDREN' } : options,
		children: [],
		edges: []
	};
	for (const n of graph.nodes) {
		const hint = hints?.[n.id];
		const node: ElkNodeJson = { id: n.id, width: n.widthPx, height: n.heightPx, ...(hint ? { x: hint.xPx, y: hint.yPx } : {}) };
		const group = n.groupId === undefined ? undefined : groups.get(n.groupId);
		(group ? group.children! : root.children!).push(node);
	}
	for (const g of groups.values()) if (g.children!.length > 0) root.children!.push(g);
	for (const e of graph.edges) {
		if (!nodeIds.has(e.from) || !nodeIds.has(e.to)) continue;
		root.edges!.push({ id: e.id, sources: [e.from], targets: [e.to] });
	}
	return root;
}

export function fromElk(result: ElkNodeJson, graph: LayoutGraph): Layout {
	const layout: Layout = { nodes: {}, edges: {}, groups: {}, widthPx: result.width ?? 0, heightPx: result.height ?? 0 };
	const groupIds = new Set((graph.groups ?? []).map((g) => g.id));
	const offsets = new Map<string, { x: number; y: number }>([[result.id, { x: 0, y: 0 }]]);
	const visit = (node: ElkNodeJson, dx: number, dy: number) => {
		for (const child of node.children ?? []) {
			const x = dx + (child.x ?? 0);
			const y = dy + (child.y ?? 0);
			offsets.set(child.id, { x, y });
			const box: Box = { xPx: x, yPx: y, widthPx: child.width ?? 0, heightPx: child.height ?? 0 };
			if (groupIds.has(child.id)) layout.groups[child.id] = box;
			else layout.nodes[child.id] = box;
			visit(child, x, y);
		}
	};
	visit(result, 0, 0);
	const edges: ElkEdgeJson[] = [];
	const collect = (node: ElkNodeJson) => {
		edges.push(...(node.edges ?? []));
		for (const child of node.children ?? []) collect(child);
	};
	collect(result);
	for (const edge of edges) {
		const origin = offsets.get(edge.container ?? result.id) ?? { x: 0, y: 0 };
		const points: number[] = [];
		for (const s of edge.sections ?? []) {
			points.push(origin.x + s.startPoint.x, origin.y + s.startPoint.y);
			for (const b of s.bendPoints ?? []) points.push(origin.x + b.x, origin.y + b.y);
			points.push(origin.x + s.endPoint.x, origin.y + s.endPoint.y);
		}
		layout.edges[edge.id] = points;
	}
	return layout;
}
