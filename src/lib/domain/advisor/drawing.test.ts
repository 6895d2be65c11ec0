import { describe, expect, it } from 'vitest';
import { proposalDrawing } from './drawing';

const graph = {
	classes: ['com.x.A', 'com.x.B', 'com.y.C', 'com.y.D'],
	entryCalls: [5, 0, 2, 0],
	edges: [
		{ from: 0, to: 1, volume: 10 },
		{ from: 1, to: 2, volume: 3 },
		{ from: 2, to: 3, volume: 7 },
		{ from: 0, to: 3, volume: 1 }
	]
};
const assignment = [0, 0, 1, 1];

describe('proposalDrawing', () => {
	it('draws classes inside their candidates with cut edges first, busiest first', () => {
		const drawing = proposalDrawing(graph, assignment);
		expect(drawing.level).toBe('classes');
		expect(drawing.candidates).toEqual([0, 1]);
		expect(drawing.nodes.map((n) => [n.id, n.label, n.candidate, n.callsIn])).toEqual([
			['c:0', 'A', 0, 5],
			['c:1', 'B', 0, 10],
			['c:2', 'C', 1, 5],
			['c:3', 'D', 1, 8]
		]);
		expect(drawing.edges.map((e) => [e.id, e.cut])).toEqual([
			['e:1:2', true],
			['e:0:3', true],
			['e:0:1', false],
			['e:2:3', false]
		]);
		expect(drawing.omittedEdges).toBe(0);
	});

	it('keeps at most maxEdges edges and counts the rest', () => {
		const drawing = proposalDrawing(graph, assignment, { maxEdges: 3 });
		expect(drawing.edges.map((e) => e.id)).toEqual(['e:1:2', 'e:0:3', 'e:0:1']);
		expect(drawing.omittedEdges).toBe(1);
	});

	it('folds a graph past maxClasses into one node per candidate with the calls between them summed', () => {
		const drawing = proposalDrawing(graph, assignment, { maxClasses: 3 });
		expect(drawing.level).toBe('candidates');
		expect(drawing.nodes.map((n) => [n.id, n.label, n.callsIn])).toEqual([
			['p:0', '2', 15],
			['p:1', '2', 13]
		]);
		expect(drawing.edges).toEqual([{ id: 'e:0:1', from: 'p:0', to: 'p:1', volume: 4, cut: true }]);
		expect(drawing.omittedNodes).toBe(4);
	});
});
