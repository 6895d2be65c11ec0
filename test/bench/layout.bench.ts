/**
 * Service-map layout on a random layered graph of 500 services / 2,000 edges (8 layers,
 * seed 1), ELK running in this thread as it runs in the layout worker.
 * - full layout with the chosen options (elk-options.ts `fastLayered`) against ELK layered
 *   with default options, same graph, same run: time (target ≤ 1.5 s), crossings and edge
 *   length (quality must not collapse for the speed);
 * - after one new service (two callers, one callee): the incremental placement's time
 *   (target ≤ 200 ms) and the displacement of existing nodes, against a full relayout
 *   (what a non-stable map does) and an ELK interactive relayout seeded with the current
 *   positions; crossings of each, to show what stability costs;
 * - the same graph grown from a layout of 95 % and of 80 % of its nodes by incremental
 *   placement, against a full relayout: crossings (how quality decays as more of the map
 *   is placed by the local rule; stable-layout.ts sets `suggestTidy` past 5 %).
 * Run alone: `npx tsx test/bench/layout.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import ELK from 'elkjs/lib/elk.bundled.js';
import { defaultLayered, fastLayered } from '../../src/lib/domain/layout/elk-options';
import { displacement, layoutQuality } from '../../src/lib/domain/layout/quality';
import { randomLayeredGraph } from '../../src/lib/domain/layout/random-graph';
import { layoutElk, stableLayout } from '../../src/lib/domain/layout/stable-layout';
import type { ElkEngine, Layout, LayoutGraph } from '../../src/lib/domain/layout/types';
import { medianMs, printResults } from './median-timing';
import type { BenchResult } from './types';

function addService(graph: LayoutGraph): LayoutGraph {
	const id = 'new-service';
	return {
		nodes: [...graph.nodes, { id, widthPx: 160, heightPx: 48 }],
		edges: [
			...graph.edges,
			{ id: `n3->${id}`, from: 'n3', to: id },
			{ id: `n17->${id}`, from: 'n17', to: id },
			{ id: `${id}->n7`, from: id, to: 'n7' }
		]
	};
}

export async function run(): Promise<BenchResult[]> {
	const elk = new ELK() as unknown as ElkEngine;
	const graph = randomLayeredGraph({ nodes: 500, edges: 2000, layers: 8, seed: 1 });
	const grown = addService(graph);

	let fast: Layout = await layoutElk(elk, graph, fastLayered);
	const fastMs = await medianMs(async () => (fast = await layoutElk(elk, graph, fastLayered)), 3, 0);
	let standard: Layout = fast;
	const defaultMs = await medianMs(async () => (standard = await layoutElk(elk, graph, defaultLayered)), 2, 0);
	const fastQuality = layoutQuality(fast, graph);
	const defaultQuality = layoutQuality(standard, graph);

	let incremental = fast;
	const incrementalMs = await medianMs(async () => (incremental = (await stableLayout(elk, grown, { previous: fast, strategy: 'incremental' })).layout), 5);
	let interactive = fast;
	const interactiveMs = await medianMs(async () => (interactive = (await stableLayout(elk, grown, { previous: fast, strategy: 'interactive' })).layout), 2, 0);
	const relayout = await layoutElk(elk, grown, fastLayered);
	const moved = {
		incremental: displacement(fast, incremental),
		interactive: displacement(fast, interactive),
		relayout: displacement(fast, relayout)
	};
	const crossings = {
		incremental: layoutQuality(incremental, grown).crossings,
		relayout: layoutQuality(relayout, grown).crossings,
		interactive: layoutQuality(interactive, grown).crossings
	};
	const overlaps = layoutQuality(incremental, grown).overlaps;

	const grownFrom: BenchResult[] = [];
	for (const newShare of [0.05, 0.2]) {
		const known = new Set(graph.nodes.slice(0, Math.round(graph.nodes.length * (1 - newShare))).map((n) => n.id));
		const part: LayoutGraph = { nodes: graph.nodes.filter((n) => known.has(n.id)), edges: graph.edges.filter((e) => known.has(e.from) && known.has(e.to)) };
		const start = await layoutElk(elk, part, fastLayered);
		const placed = (await stableLayout(elk, graph, { previous: start, strategy: 'incremental' })).layout;
		const q = layoutQuality(placed, graph);
		grownFrom.push({
			name: `edge crossings with ${newShare * 100} % of nodes placed incrementally`,
			value: q.crossings, unit: 'crossings', baseline: fastQuality.crossings, baselineName: 'full relayout',
			ratio: q.crossings / fastQuality.crossings, better: 'lower', note: `overlaps: ${q.overlaps}`
		});
	}

	return [
		{
			name: 'full layout 500 nodes / 2,000 edges (chosen options)',
			value: fastMs, unit: 'ms', baseline: defaultMs, baselineName: 'ELK layered defaults', ratio: fastMs / defaultMs, target: 1500, better: 'lower'
		},
		{
			name: 'edge crossings, chosen options',
			value: fastQuality.crossings, unit: 'crossings', baseline: defaultQuality.crossings, baselineName: 'ELK layered defaults',
			ratio: fastQuality.crossings / defaultQuality.crossings, better: 'lower'
		},
		{
			name: 'total edge length, chosen options',
			value: fastQuality.edgeLengthPx / 1000, unit: 'kpx', baseline: defaultQuality.edgeLengthPx / 1000, baselineName: 'ELK layered defaults',
			ratio: fastQuality.edgeLengthPx / defaultQuality.edgeLengthPx, better: 'lower'
		},
		{
			name: 'incremental update after one new node',
			value: incrementalMs, unit: 'ms', baseline: fastMs, baselineName: 'full relayout', ratio: incrementalMs / fastMs, target: 200, better: 'lower'
		},
		{
			name: 'max displacement of existing nodes, incremental',
			value: moved.incremental.maxPx, unit: 'px', baseline: moved.relayout.maxPx, baselineName: 'full relayout', better: 'lower',
			note: `nodes moved: ${moved.incremental.moved} of ${moved.incremental.compared} (relayout: ${moved.relayout.moved}); overlaps: ${overlaps}`
		},
		{
			name: 'mean displacement, ELK interactive relayout',
			value: moved.interactive.meanPx, unit: 'px', baseline: moved.relayout.meanPx, baselineName: 'full relayout',
			ratio: moved.relayout.meanPx > 0 ? moved.interactive.meanPx / moved.relayout.meanPx : undefined, better: 'lower',
			note: `time ${interactiveMs.toFixed(0)} ms; nodes moved ${moved.interactive.moved} of ${moved.interactive.compared}`
		},
		{
			name: 'edge crossings after one new node, incremental',
			value: crossings.incremental, unit: 'crossings', baseline: crossings.relayout, baselineName: 'full relayout',
			ratio: crossings.incremental / crossings.relayout, better: 'lower', note: `interactive relayout: ${crossings.interactive}`
		},
		...grownFrom
	];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printResults(await run());
