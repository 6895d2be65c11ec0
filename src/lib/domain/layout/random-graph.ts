import { seededRandom } from '../trace/span-builder';
import type { LayoutGraph } from './types';

/**
 * A random layered graph like a large service map: `nodes` nodes spread over `layers`
 * layers, `edges` distinct edges from a lower to a higher layer (callers to callees), plus
 * `backEdges` edges going the other way (call cycles). Node boxes are 160 × 48 px.
 * Deterministic for a seed.
 */
export function randomLayeredGraph(options: { nodes: number; edges: number; layers: number; seed: number; backEdges?: number }): LayoutGraph {
	const random = seededRandom(options.seed);
	const layerOf: number[] = [];
	for (let i = 0; i < options.nodes; i++) layerOf.push(i < options.layers ? i : Math.floor(random() * options.layers));
	const nodes = layerOf.map((_, i) => ({ id: `n${i}`, widthPx: 160, heightPx: 48 }));
	const edges: LayoutGraph['edges'] = [];
	const seen = new Set<string>();
	const wanted = options.edges + (options.backEdges ?? 0);
	let attempts = 0;
	while (edges.length < wanted && attempts++ < wanted * 100) {
		const a = Math.floor(random() * options.nodes);
		const b = Math.floor(random() * options.nodes);
		const forward = edges.length < options.edges;
		if (forward ? layerOf[a] >= layerOf[b] : layerOf[a] <= layerOf[b]) continue;
		const id = `n${a}->n${b}`;
		if (seen.has(id)) continue;
		seen.add(id);
		edges.push({ id, from: `n${a}`, to: `n${b}` });
	}
	return { nodes, edges };
}
