/** The graph of a path summary for the domain map: one node per owner (network hops are edges, not nodes), sized for its label. */
import type { PathSummary } from '$lib/domain/business/path-summary';
import type { LayoutGraph } from '$lib/domain/layout/types';

export function mapGraph(path: PathSummary): { layout: LayoutGraph; labels: Record<string, string>; tiers: Record<string, string> } {
	const nodes = path.segments.filter((s) => s.tier !== 'network');
	const ids = new Set(nodes.map((s) => s.key));
	const labels: Record<string, string> = {};
	const tiers: Record<string, string> = {};
	for (const s of nodes) {
		labels[s.key] = s.label.length > 22 ? s.label.slice(0, 21) + '…' : s.label;
		tiers[s.key] = s.tier;
	}
	return {
		layout: {
			nodes: nodes.map((s) => ({ id: s.key, widthPx: Math.max(70, labels[s.key].length * 7 + 16), heightPx: 28 })),
			edges: path.edges.filter((e) => ids.has(e.from) && ids.has(e.to)).map((e) => ({ id: e.from + '->' + e.to, from: e.from, to: e.to }))
		},
		labels,
		tiers
	};
}
