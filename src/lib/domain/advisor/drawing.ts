/**
 * What the advisor screen draws of a proposal: the class call graph with each class inside
 * its candidate service and the cut edges (calls that would become remote) marked.
 *
 * Bounded so that the layout stays interactive (ELK layered on a 2-core machine takes
 * about a second for a few hundred nodes; see src/lib/domain/layout/elk-options.ts):
 * - up to `maxClasses` classes are drawn one by one (`level: 'classes'`); a bigger graph is
 *   drawn one node per candidate with the calls between candidates summed
 *   (`level: 'candidates'`), and `omittedNodes` says how many classes that folded;
 * - at most `maxEdges` edges: cut edges first, busiest first, then internal edges busiest
 *   first; the rest are counted in `omittedEdges` (the tables list every remote call).
 */
import type { CallGraph } from './call-graph';

export interface DrawingNode {
	/** `c:<class index>` or `p:<candidate id>`. */
	id: string;
	/** Class name without its package, or the candidate's class count for a folded node. */
	label: string;
	/** Fully qualified class name (or the candidate id as text for a folded node). */
	title: string;
	candidate: number;
	/** Calls received (from other classes and the entry root). */
	callsIn: number;
}

export interface DrawingEdge {
	id: string;
	from: string;
	to: string;
	volume: number;
	/** Crosses candidates: becomes a remote call. */
	cut: boolean;
}

export interface ProposalDrawing {
	level: 'classes' | 'candidates';
	candidates: number[];
	nodes: DrawingNode[];
	edges: DrawingEdge[];
	omittedEdges: number;
	omittedNodes: number;
}

export interface DrawingLimits {
	maxClasses: number;
	maxEdges: number;
}

export const defaultDrawingLimits: DrawingLimits = { maxClasses: 250, maxEdges: 600 };

export function proposalDrawing(graph: Pick<CallGraph, 'classes' | 'edges' | 'entryCalls'>, assignment: ArrayLike<number>, limits: Partial<DrawingLimits> = {}): ProposalDrawing {
	const { maxClasses, maxEdges } = { ...defaultDrawingLimits, ...limits };
	const n = graph.classes.length;
	const candidates = [...new Set(Array.from({ length: n }, (_, c) => assignment[c]))].sort((a, b) => a - b);
	const callsIn = graph.classes.map((_, c) => graph.entryCalls[c] ?? 0);
	for (const edge of graph.edges) callsIn[edge.to] += edge.volume;

	let nodes: DrawingNode[];
	let edges: DrawingEdge[];
	if (n <= maxClasses) {
		nodes = graph.classes.map((name, c) => ({
			id: `c:${c}`,
			label: name.slice(name.lastIndexOf('.') + 1) || name,
			title: name,
			candidate: assignment[c],
			callsIn: callsIn[c]
		}));
		edges = graph.edges
			.filter((e) => e.from !== e.to)
			.map((e) => ({ id: `e:${e.from}:${e.to}`, from: `c:${e.from}`, to: `c:${e.to}`, volume: e.volume, cut: assignment[e.from] !== assignment[e.to] }));
	} else {
		const size = new Map<number, number>();
		const received = new Map<number, number>();
		for (let c = 0; c < n; c++) {
			size.set(assignment[c], (size.get(assignment[c]) ?? 0) + 1);
			received.set(assignment[c], (received.get(assignment[c]) ?? 0) + callsIn[c]);
		}
		nodes = candidates.map((p) => ({ id: `p:${p}`, label: String(size.get(p) ?? 0), title: String(p), candidate: p, callsIn: received.get(p) ?? 0 }));
		const between = new Map<string, DrawingEdge>();
		for (const e of graph.edges) {
			const p = assignment[e.from];
			const q = assignment[e.to];
			if (p === q) continue;
			const id = `e:${p}:${q}`;
			const edge = between.get(id) ?? { id, from: `p:${p}`, to: `p:${q}`, volume: 0, cut: true };
			edge.volume += e.volume;
			between.set(id, edge);
		}
		edges = [...between.values()];
	}
	edges.sort((a, b) => Number(b.cut) - Number(a.cut) || b.volume - a.volume || a.id.localeCompare(b.id));
	return {
		level: n <= maxClasses ? 'classes' : 'candidates',
		candidates,
		nodes,
		edges: edges.slice(0, maxEdges),
		omittedEdges: Math.max(0, edges.length - maxEdges),
		omittedNodes: n <= maxClasses ? 0 : n
	};
}
