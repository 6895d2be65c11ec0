import { describe, expect, it } from 'vitest';
import { SpanKind } from '$lib/protocol/records';
import { analyzeTrace } from '$lib/domain/trace/analyze';
import { buildTrace } from '$lib/domain/trace/span-builder';
import { pathGraph } from './path-graph';

describe('path graph', () => {
	it('places owners in columns by call depth, with the hops between them', () => {
		const spans = buildTrace({
			service: 'gateway', name: 'POST /transfer', kind: SpanKind.Server, startMs: 0, endMs: 100,
			children: [{
				service: 'gateway', name: 'call', kind: SpanKind.Client, startMs: 5, endMs: 95,
				children: [{
					service: 'transfer', name: 'POST /v1', kind: SpanKind.Server, startMs: 10, endMs: 90,
					children: [
						{ service: 'transfer', name: 'SELECT', kind: SpanKind.Client, startMs: 20, endMs: 80, attrs: { 'db.system.name': 'mysql', 'db.namespace': 'deposits' } },
						{ service: 'transfer', name: 'send', kind: SpanKind.Producer, startMs: 80, endMs: 85, attrs: { 'messaging.system': 'kafka', 'messaging.destination.name': 'notify' } }
					]
				}]
			}]
		});
		const graph = pathGraph(analyzeTrace(spans).breakdown);
		const at = Object.fromEntries(graph.nodes.map((n) => [n.key, [n.column, n.row]]));
		expect(at).toEqual({ 'db:mysql/deposits': [2, 0], 'svc:transfer': [1, 0], 'svc:gateway': [0, 0], 'queue:kafka/notify': [2, 1] });
		expect(graph.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(['svc:gateway->svc:transfer', 'svc:transfer->db:mysql/deposits', 'svc:transfer->queue:kafka/notify']);
		expect([graph.columns, graph.rows]).toEqual([3, 2]);
	});
});
