/**
 * The service map's layout policy: a full ELK layout the first time (or on request), stable
 * incremental placement afterwards, pins on top.
 *
 * - `full`: ELK layered with `fastLayered` options. Positions may all change (the user's
 *   "tidy up", or a graph that is mostly new).
 * - `incremental`: known nodes keep their boxes exactly; new ones are placed next to their
 *   neighbours (incremental.ts). Chosen whenever at least half of the graph's nodes are
 *   known. Measured on 500 nodes / 2,000 edges (test/bench/layout.bench.ts): with 2 % of the
 *   nodes placed this way crossings equal a full relayout's, 5 % costs about +3 %, 20 %
 *   about +10 %; a full relayout instead moves every node (max ~12,000 px there).
 *   `Layout.incrementalPlacements` counts nodes placed since the last ELK layout, and
 *   `suggestTidy` turns true past `tidyShare` (5 %) of the graph, so the screen can offer
 *   "tidy up" instead of jumping on its own.
 * - `interactive`: only on request. ELK relays out seeded with the current positions
 *   through its interactive strategies; measured, it still moves nearly every node (mean
 *   displacement only 20-60 % below a plain relayout), so it is not the default.
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
	/** Share of nodes placed incrementally since the last ELK layout past which `suggestTidy` is set. Default 0.05. */
	tidyShare?: number;
	elkOptions?: Record<string, string>;
}

export interface StableLayoutResult {
	layout: Layout;
	strategy: LayoutStrategy;
	/** Nodes that had no position before. */
	placed: string[];
	/** Known nodes moved by pins (or by a pin landing on them). */
	movedByPins: string[];
	/** Enough of the map was placed by the local rule that a full layout would read better. */
	suggestTidy: boolean;
}

export async function layoutElk(engine: ElkEngine, graph: LayoutGraph, options: Record<string, string> = fastLayered, hints?: Record<string, { xPx: number; yPx: number }>): Promise<Layout> {
	const result = await engine.layout(toElk(graph, options, hints));
	return fromElk(result, graph);
}

export function chooseStrategy(graph: LayoutGraph, previous: Layout | undefined): LayoutStrategy {
	if (!previous) return 'full';
	let known = 0;
	for (const n of graph.nodes) if (previous.nodes[n.id]) known++;
	return known > 0 && known * 2 >= graph.nodes.length ? 'incremental' : 'full';
}

export async function stableLayout(engine: ElkEngine, graph: LayoutGraph, options: StableLayoutOptions = {}): Promise<StableLayoutResult> {
	const previous = options.previous;
	const strategy = options.strategy ?? chooseStrategy(graph, previous);
	let layout: Layout;
	let placed: string[];
	if (strategy === 'full' || !previous) {
		layout = await layoutElk(engine, graph, options.elkOptions ?? fastLayered);
		placed = graph.nodes.filter((n) => !previous?.nodes[n.id]).map((n) => n.id);
	} else {
		const seeded = placeIncrementally(graph, previous);
		placed = seeded.placed;
		if (strategy === 'incremental') {
			layout = { ...seeded.layout, incrementalPlacements: (previous.incrementalPlacements ?? 0) + placed.length };
		} else {
			const hints = Object.fromEntries(Object.entries(seeded.layout.nodes).map(([id, b]) => [id, { xPx: b.xPx, yPx: b.yPx }]));
			layout = await layoutElk(engine, graph, { ...interactiveLayered, ...options.elkOptions }, hints);
		}
	}
	const pinned = options.pins ? applyPins(graph, layout, options.pins) : { layout, moved: [] };
	const tidyShare = options.tidyShare ?? 0.05;
	return {
		layout: pinned.layout,
		strategy: previous ? strategy : 'full',
		placed,
		movedByPins: pinned.moved,
		suggestTidy: (pinned.layout.incrementalPlacements ?? 0) > tidyShare * graph.nodes.length
	};
}
