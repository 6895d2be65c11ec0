import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';

// ELK runs for real here; on a shared machine it can be slow, so the suite gets a generous
// timeout (a guard against hangs, not a timing assertion).
import { seededRandom } from '../trace/span-builder';
import { displacement, layoutQuality } from './quality';
import { randomLayeredGraph } from './random-graph';
import { chooseStrategy, stableLayout } from './stable-layout';
import type { ElkEngine, LayoutGraph } from './types';

const elk = new ELK() as unknown as ElkEngine;

/** The stated stability bound: adding one node moves existing nodes by at most this much. */
const maxDisplacementOnAddPx = 0;

function withNewNode(graph: LayoutGraph, seed: number): { graph: LayoutGraph; id: string; callers: string[] } {
	const random = seededRandom(seed);
	const id = 'added';
	const pick = () => graph.nodes[Math.floor(random() * graph.nodes.length)].id;
	const callers = [pick(), pick()].filter((v, i, a) => a.indexOf(v) === i);
	const callee = pick();
	const edges = [...graph.edges, ...callers.map((c) => ({ id: `${c}->${id}`, from: c, to: id }))];
	if (!callers.includes(callee)) edges.push({ id: `${id}->${callee}`, from: id, to: callee });
	return { graph: { nodes: [...graph.nodes, { id, widthPx: 160, heightPx: 48 }], edges }, id, callers };
}

describe('stable layout', { timeout: 60_000 }, () => {
	it(`adding one node moves existing nodes by at most ${maxDisplacementOnAddPx} px and overlaps nothing`, async () => {
		for (let seed = 1; seed <= 5; seed++) {
			const base = randomLayeredGraph({ nodes: 60, edges: 150, layers: 5, seed });
			const first = await stableLayout(elk, base);
			expect(first.strategy).toBe('full');
			expect(layoutQuality(first.layout, base).overlaps).toBe(0);
			const next = withNewNode(base, seed);
			const second = await stableLayout(elk, next.graph, { previous: first.layout });
			expect(second.strategy).toBe('incremental');
			expect(second.placed).toEqual([next.id]);
			expect(displacement(first.layout, second.layout).maxPx).toBeLessThanOrEqual(maxDisplacementOnAddPx);
			expect(layoutQuality(second.layout, next.graph).overlaps).toBe(0);
			const added = second.layout.nodes[next.id];
			const rightmostCaller = Math.max(...next.callers.map((c) => first.layout.nodes[c].xPx));
			expect(added.xPx).toBeGreaterThan(rightmostCaller);
			for (const e of next.graph.edges) expect(second.layout.edges[e.id]?.length).toBeGreaterThanOrEqual(4);
		}
	});

	it('keeps the routes of edges between nodes that did not move', async () => {
		const base = randomLayeredGraph({ nodes: 30, edges: 60, layers: 4, seed: 9 });
		const first = await stableLayout(elk, base);
		const next = withNewNode(base, 9);
		const second = await stableLayout(elk, next.graph, { previous: first.layout });
		for (const e of base.edges) expect(second.layout.edges[e.id]).toEqual(first.layout.edges[e.id]);
	});

	it('drops vanished nodes without moving the rest', async () => {
		const base = randomLayeredGraph({ nodes: 30, edges: 60, layers: 4, seed: 4 });
		const first = await stableLayout(elk, base);
		const smaller: LayoutGraph = {
			nodes: base.nodes.filter((n) => n.id !== 'n5'),
			edges: base.edges.filter((e) => e.from !== 'n5' && e.to !== 'n5')
		};
		const second = await stableLayout(elk, smaller, { previous: first.layout });
		expect(second.layout.nodes.n5).toBeUndefined();
		expect(displacement(first.layout, second.layout).maxPx).toBe(0);
	});

	it('lays out afresh when most of the graph is new, and relays out interactively on request', async () => {
		const base = randomLayeredGraph({ nodes: 30, edges: 60, layers: 4, seed: 2 });
		const bigger = randomLayeredGraph({ nodes: 80, edges: 180, layers: 4, seed: 2 });
		const first = await stableLayout(elk, base);
		expect(chooseStrategy(bigger, first.layout)).toBe('full');
		expect(chooseStrategy(bigger, undefined)).toBe('full');
		const fresh = await stableLayout(elk, bigger, { previous: first.layout });
		expect(fresh.strategy).toBe('full');
		const interactive = await stableLayout(elk, bigger, { previous: first.layout, strategy: 'interactive' });
		expect(interactive.strategy).toBe('interactive');
		expect(Object.keys(interactive.layout.nodes).length).toBe(80);
		expect(layoutQuality(interactive.layout, bigger).overlaps).toBe(0);
	});

	it('counts incremental placements and suggests tidying up past 5 % of the graph', async () => {
		const base = randomLayeredGraph({ nodes: 40, edges: 80, layers: 4, seed: 3 });
		let layout = (await stableLayout(elk, base)).layout;
		let graph = base;
		const suggestions: boolean[] = [];
		for (let k = 1; k <= 3; k++) {
			graph = { nodes: [...graph.nodes, { id: `x${k}`, widthPx: 160, heightPx: 48 }], edges: [...graph.edges, { id: `n1->x${k}`, from: 'n1', to: `x${k}` }] };
			const result = await stableLayout(elk, graph, { previous: layout });
			expect(result.strategy).toBe('incremental');
			layout = result.layout;
			suggestions.push(result.suggestTidy);
		}
		expect(layout.incrementalPlacements).toBe(3);
		expect(suggestions).toEqual([false, false, true]);
		const tidy = await stableLayout(elk, graph, { previous: layout, strategy: 'full' });
		expect(tidy.layout.incrementalPlacements ?? 0).toBe(0);
		expect(tidy.suggestTidy).toBe(false);
	});

	it('honours pins and moves a node a pin lands on out of the way', async () => {
		const base = randomLayeredGraph({ nodes: 20, edges: 30, layers: 3, seed: 5 });
		const first = await stableLayout(elk, base);
		const target = first.layout.nodes.n7;
		const pins = { n3: { xPx: target.xPx, yPx: target.yPx }, n4: { xPx: 5000, yPx: 40 } };
		const pinned = await stableLayout(elk, base, { previous: first.layout, pins });
		expect(pinned.layout.nodes.n3).toMatchObject({ xPx: target.xPx, yPx: target.yPx });
		expect(pinned.layout.nodes.n4).toMatchObject({ xPx: 5000, yPx: 40 });
		expect(pinned.movedByPins.sort()).toEqual(['n3', 'n4', 'n7']);
		expect(layoutQuality(pinned.layout, base).overlaps).toBe(0);
		expect(pinned.layout.nodes.n7.xPx).toBe(target.xPx);
		expect(pinned.layout.widthPx).toBeGreaterThanOrEqual(5160);
	});

	it('lays groups out as boxes that contain their members, in absolute coordinates', async () => {
		const base = randomLayeredGraph({ nodes: 24, edges: 40, layers: 4, seed: 6 });
		const graph: LayoutGraph = {
			nodes: base.nodes.map((n, i) => (i % 3 === 0 ? { ...n, groupId: 'g:a' } : i % 3 === 1 ? { ...n, groupId: 'g:b' } : n)),
			edges: base.edges,
			groups: [{ id: 'g:a' }, { id: 'g:b' }]
		};
		const { layout } = await stableLayout(elk, graph);
		expect(Object.keys(layout.groups).sort()).toEqual(['g:a', 'g:b']);
		for (const n of graph.nodes) {
			if (!n.groupId) continue;
			const g = layout.groups[n.groupId];
			const b = layout.nodes[n.id];
			expect(b.xPx).toBeGreaterThanOrEqual(g.xPx);
			expect(b.yPx).toBeGreaterThanOrEqual(g.yPx);
			expect(b.xPx + b.widthPx).toBeLessThanOrEqual(g.xPx + g.widthPx);
			expect(b.yPx + b.heightPx).toBeLessThanOrEqual(g.yPx + g.heightPx);
		}
		const routed = graph.edges.filter((e) => layout.edges[e.id].length >= 4);
		expect(routed.length).toBe(graph.edges.length);
	});
});
