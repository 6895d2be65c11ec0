/**
 * The service map's layout policy: a full ELK layout the first time (or on request), stable
 * incremental placement afterwards, pins on top.
 *
 * - `full`: ELK layered with `fastLayered` options. Positions may all change.
 * - `incremental`: known nodes keep their boxes exactly; new ones are placed next to their
 *   neighbours (incremental.ts). Chosen while at most `maxIncrementalNodes` nodes are new
 *   (default: 8, or 5 % of the graph when that is more), because its quality decays as
 *   more of the graph is placed by the local rule.
 * - `interactive`: more new nodes than that. ELK relays out the whole graph with its
 *   interactive strategies, seeded with the incremental placement, so layers and order
 *   mostly survive (measured displacement in test/bench/layout.bench.ts).
 * Pinned nodes are then moved to their pins (applyPins).
 */
import { fastLayered, interactiveLayered } from './elk-options';
import { fromElk, toElk } from './elk-graph';
import { applyPins, placeIncrementally } from './incremental';
import type { ElkEngine, Layout, LayoutGraph, Pins } from './types';

export type LayoutStrategy = 'full' | 'incremental' | 'interactive';

export interface StableLayoutOptions {
	previous?: Layout;
	pins?: Pins;
	/** Force a strategy; `full` is the user's "tidy up". Default: chosen as above. */
	strategy?: LayoutStrategy;
	maxIncrementalNodes?: number;
	elkOptions?: Record<string, string>;
}

export interface StableLayoutResult {
	layout: Layout;
	strategy: LayoutStrategy;
	/** Nodes that had no position before. */
	placed: string[];
	/** Known nodes moved by pins (or by a pin landing on them). */
	movedByPins: string[];
}

export async function layoutElk(engine: ElkEngine, graph: LayoutGraph, options: Record<string, string> = fastLayered, hints?: Record<string, { xPx: number; yPx: number }>): Promise<Layout> {
	const result = await engine.layout(toElk(graph, options, hints));
	return fromElk(result, graph);
}

export function chooseStrategy(graph: LayoutGraph, previous: Layout | undefined, maxIncrementalNodes?: number): LayoutStrategy {
	if (!previous) return 'full';
	let known = 0;
	for (const n of graph.nodes) if (previous.nodes[n.id]) known++;
	if (known === 0) return 'full';
	const fresh = graph.nodes.length - known;
	const limit = maxIncrementalNodes ?? Math.max(8, Math.floor(graph.nodes.length * 0.05));
	return fresh <= limit ? 'incremental' : 'interactive';
}

export async function stableLayout(engine: ElkEngine, graph: LayoutGraph, options: StableLayoutOptions = {}): Promise<StableLayoutResult> {
	const previous = options.previous;
	const strategy = options.strategy ?? chooseStrategy(graph, previous, options.maxIncrementalNodes);
	let layout: Layout;
	let placed: string[];
	if (strategy === 'full' || !previous) {
		layout = await layoutElk(engine, graph, options.elkOptions ?? fastLayered);
		placed = graph.nodes.filter((n) => !previous?.nodes[n.id]).map((n) => n.id);
	} else {
		const seeded = placeIncrementally(graph, previous);
		placed = seeded.placed;
		if (strategy === 'incremental') layout = seeded.layout;
		else {
			const hints = Object.fromEntries(Object.entries(seeded.layout.nodes).map(([id, b]) => [id, { xPx: b.xPx, yPx: b.yPx }]));
			layout = await layoutElk(engine, graph, { ...interactiveLayered, ...options.elkOptions }, hints);
		}
	}
	const pinned = options.pins ? applyPins(graph, layout, options.pins) : { layout, moved: [] };
	return { layout: pinned.layout, strategy: previous ? strategy : 'full', placed, movedByPins: pinned.moved };
}
