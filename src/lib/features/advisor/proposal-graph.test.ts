import { describe, expect, it } from 'vitest';
import type { ProposalDrawing } from '$lib/domain/advisor/drawing';
import type { Layout } from '$lib/domain/layout/types';
import { drawnGraph, nodeLabel, toLayoutGraph } from './proposal-graph';

const drawing: ProposalDrawing = {
	level: 'classes',
	candidates: [0, 1],
	nodes: [
		{ id: 'c:0', label: 'A', title: 'x.A', candidate: 0, callsIn: 3 },
		{ id: 'c:1', label: 'B', title: 'x.B', candidate: 1, callsIn: 2 }
	],
	edges: [
		{ id: 'e:0:1', from: 'c:0', to: 'c:1', volume: 100, cut: true },
		{ id: 'e:1:0', from: 'c:1', to: 'c:0', volume: 1, cut: false }
	],
	omittedEdges: 0,
	omittedNodes: 0
};

const layout: Layout = {
	nodes: { 'c:0': { xPx: 10, yPx: 10, widthPx: 56, heightPx: 26 }, 'c:1': { xPx: 100, yPx: 10, widthPx: 56, heightPx: 26 } },
	groups: { 'g:0': { xPx: 0, yPx: 0, widthPx: 80, heightPx: 50 }, 'g:1': { xPx: 90, yPx: 0, widthPx: 80, heightPx: 50 } },
	edges: { 'e:0:1': [66, 23, 100.04, 23], 'e:1:0': [100, 30, 80, 40, 66, 30] },
	widthPx: 170,
	heightPx: 50
};

describe('proposal graph', () => {
	it('puts every class in its candidate box for ELK', () => {
		const graph = toLayoutGraph(drawing);
		expect(graph.nodes.map((n) => [n.id, n.groupId])).toEqual([
			['c:0', 'g:0'],
			['c:1', 'g:1']
		]);
		expect(graph.groups).toEqual([{ id: 'g:0' }, { id: 'g:1' }]);
		expect(graph.edges).toEqual([
			{ id: 'e:0:1', from: 'c:0', to: 'c:1' },
			{ id: 'e:1:0', from: 'c:1', to: 'c:0' }
		]);
		expect(toLayoutGraph({ ...drawing, level: 'candidates' }).groups).toEqual([]);
	});

	it('draws the layout with candidate names, cut edges on top and thicker edges for busier calls', () => {
		const drawn = drawnGraph(drawing, layout, new Map([[0, 'accounts'], [1, 'loans']]), (n) => `${n} calls`);
		expect(drawn.groups.map((g) => [g.label, g.colour])).toEqual([
			['accounts', 0],
			['loans', 1]
		]);
		expect(drawn.edges.map((e) => [e.id, e.cut, e.widthPx, e.points])).toEqual([
			['e:1:0', false, 1, '100,30 80,40 66,30'],
			['e:0:1', true, 3, '66,23 100,23']
		]);
		expect(drawn.edges[1].title).toBe('x.A → x.B: 100 calls');
	});

	it('labels a folded candidate node with its name and class count, and clips long labels', () => {
		const folded: ProposalDrawing = { ...drawing, level: 'candidates', nodes: [{ id: 'p:0', label: '12', title: '0', candidate: 0, callsIn: 1 }], edges: [] };
		const drawn = drawnGraph(folded, { ...layout, nodes: { 'p:0': layout.nodes['c:0'] } }, new Map([[0, 'accounts']]), String);
		expect(drawn.nodes.map((n) => n.label)).toEqual(['accounts (12)']);
		expect(nodeLabel('AbstractSingletonProxyFactoryBeanImpl')).toHaveLength(28);
	});
});
