import { describe, expect, it } from 'vitest';
import { SpanKind, type ResourceRecord, type SpanRecord } from '../../protocol/records';
import { buildTrace, type SpanSpec } from '../trace/span-builder';
import { TopologyBuilder } from './builder';
import { diffTopology } from './diff';
import { collapseGroups, groupTopology } from './group';
import type { TopologyGraph } from './types';
import { filterTopology, focusTopology } from './view';

/**
 * Each chain `a>b>c` (or `a>db:x` for a database) is one trace, repeated `times` times within
 * `[startMs, startMs + 60 s)`: a calls b, which calls c.
 */
function graphOf(chains: string[], options: { times?: number; startMs?: number; slow?: string; failing?: string; resources?: ResourceRecord[] } = {}): TopologyGraph {
	const times = options.times ?? 20;
	const spans: SpanRecord[] = [];
	let traceNo = 1;
	for (const chain of chains) {
		const hops = chain.split('>');
		for (let k = 0; k < times; k++) {
			const t = (options.startMs ?? 0) + (k * 60_000) / times;
			const spec = (i: number, startMs: number): SpanSpec => {
				const service = hops[i];
				const next = hops[i + 1];
				const pair = `${service}>${next}`;
				const durationMs = options.slow === pair ? 500 : 10;
				const children: SpanSpec[] = [];
				if (next?.startsWith('db:'))
					children.push({ service, name: 'q', kind: SpanKind.Client, startMs: startMs + 1, endMs: startMs + 1 + durationMs, attrs: { 'db.system': 'pg', 'db.namespace': next.slice(3) } });
				else if (next)
					children.push({ service, name: 'out', kind: SpanKind.Client, startMs: startMs + 1, endMs: startMs + 1 + durationMs, error: options.failing === pair, children: [spec(i + 1, startMs + 2)] });
				return { service, name: 'in', kind: SpanKind.Server, startMs, endMs: startMs + 2 + durationMs * (hops.length - i), children };
			};
			spans.push(...buildTrace(spec(0, t), { traceNo, firstId: traceNo * 10 }));
			traceNo++;
		}
	}
	const b = new TopologyBuilder();
	b.add(spans, options.resources);
	return b.finish();
}

const ids = (g: TopologyGraph) => ({ nodes: g.nodes.map((n) => n.id).sort(), edges: g.edges.map((e) => e.id).sort() });

describe('diffTopology', () => {
	it('marks new, vanished and changed edges between two windows', () => {
		const before = graphOf(['a>b', 'b>c', 'a>d']);
		const after = graphOf(['a>b', 'b>c', 'a>e'], { slow: 'b>c' });
		const diff = diffTopology(before, after);
		const byId = Object.fromEntries(diff.edges.map((e) => [e.id, e]));
		expect(byId['svc:a->svc:b'].change).toBe('same');
		expect(byId['svc:b->svc:c']).toMatchObject({ change: 'changed', reasons: ['latency'] });
		expect(byId['svc:a->svc:d'].change).toBe('vanished');
		expect(byId['svc:a->svc:e'].change).toBe('new');
		expect(diff.counts.new).toEqual({ nodes: 1, edges: 1 });
	});

	it('sees traffic and error changes', () => {
		const before = graphOf(['a>b'], { times: 20 });
		const after = graphOf(['a>b'], { times: 60, failing: 'a>b' });
		const edge = diffTopology(before, after).edges[0];
		expect(edge.reasons).toEqual(['traffic', 'errors']);
	});
});

describe('grouping and collapsing', () => {
	const resources = (pairs: Record<string, string>): ResourceRecord[] =>
		Object.entries(pairs).map(([service, ns]) => ({ id: `${service}/${service}-1`, service, instance: `${service}-1`, namespace: ns, attrs: { 'k8s.namespace.name': `k8s-${ns}` } }));
	const calls = ['gw>loan>score>db:shared', 'gw>loan>db:loans', 'gw>acct>db:shared'];
	const res = resources({ gw: 'edge', loan: 'lending', score: 'lending', acct: 'deposits' });

	it('groups services by a resource attribute and pulls in databases used only inside the group', () => {
		const g = graphOf(calls, { resources: res, times: 12 });
		const grouping = groupTopology(g, { by: 'namespace' });
		expect(grouping.groups.map((x) => [x.label, x.members.sort()])).toEqual([
			['deposits', ['svc:acct']],
			['edge', ['svc:gw']],
			['lending', ['db:pg/loans', 'svc:loan', 'svc:score']]
		]);
		expect(grouping.groupOf.has('db:pg/shared')).toBe(false);
		expect(groupTopology(g, { by: 'k8sNamespace' }).groups.map((x) => x.id)).toContain('group:k8sNamespace:k8s-lending');
	});

	it('groups by business domain through the caller\'s mapping', () => {
		const g = graphOf(calls, { resources: res, times: 12 });
		const domains: Record<string, string> = { loan: 'Lending', score: 'Lending' };
		const grouping = groupTopology(g, { by: 'domain', domainOf: (s) => domains[s] });
		expect(grouping.groups.map((x) => x.id)).toEqual(['group:domain:Lending']);
	});

	it('collapses a group into one node carrying the requests that entered it', () => {
		const g = graphOf(calls, { resources: res, times: 12 });
		const grouping = groupTopology(g, { by: 'namespace' });
		const collapsed = collapseGroups(g, grouping, ['group:namespace:lending']);
		expect(ids(collapsed)).toEqual({
			nodes: ['db:pg/shared', 'group:namespace:lending', 'svc:acct', 'svc:gw'],
			edges: ['group:namespace:lending->db:pg/shared', 'svc:acct->db:pg/shared', 'svc:gw->group:namespace:lending', 'svc:gw->svc:acct']
		});
		const group = collapsed.nodes.find((n) => n.kind === 'group')!;
		expect(group.figures.requests).toBe(24);
		expect(group.members!.sort()).toEqual(['db:pg/loans', 'svc:loan', 'svc:score']);
	});
});

describe('filters and focus', () => {
	const g = graphOf(['a>b>c>d>e', 'x>c', 'b>db:main']);

	it('focuses on a node with N hops up and down', () => {
		expect(ids(focusTopology(g, { nodeId: 'svc:c', upHops: 1, downHops: 1 }))).toEqual({
			nodes: ['svc:b', 'svc:c', 'svc:d', 'svc:x'],
			edges: ['svc:b->svc:c', 'svc:c->svc:d', 'svc:x->svc:c']
		});
		expect(ids(focusTopology(g, { nodeId: 'svc:c', upHops: 2, downHops: 0 })).nodes).toEqual(['svc:a', 'svc:b', 'svc:c', 'svc:x']);
		expect(focusTopology(g, { nodeId: 'svc:nope', upHops: 1, downHops: 1 }).nodes).toEqual([]);
	});

	it('hides node kinds, finds by name with neighbours, and drops quiet edges', () => {
		expect(ids(filterTopology(g, { hideKinds: ['database'] })).nodes).not.toContain('db:pg/main');
		expect(ids(filterTopology(g, { search: 'D' }))).toEqual({
			nodes: ['db:pg/main', 'svc:b', 'svc:c', 'svc:d', 'svc:e'],
			edges: ['svc:b->db:pg/main', 'svc:c->svc:d', 'svc:d->svc:e']
		});
		expect(filterTopology(g, { minRequestsPerSec: 1000 }).edges).toEqual([]);
	});
});
