import { describe, expect, it } from 'vitest';
import { SpanKind, type ResourceRecord, type SpanRecord } from '$lib/protocol/records';
import { diffTopology } from '$lib/domain/topology/diff';
import { TopologyBuilder } from '$lib/domain/topology/builder';
import { buildTrace, traceBaseUs, type SpanSpec } from '$lib/domain/trace/span-builder';
import type { PlatformEvent } from '$lib/domain/instances/platform-events';
import type { ServicePlatformEvents } from '$lib/domain/topology/platform-events';
import { buildMapModel, instanceRowPx, nodeEvents, nodeHeightPx, sameLayoutGraph, type MapInput } from './map-model';

const baseMs = traceBaseUs / 1000;
let traceNo = 0;

/** gateway → accounts (→ mysql) and gateway → loans, at `atMs`; loans only when `withLoans`. */
function traffic(atMs: number, options: { withLoans?: boolean; slowAccounts?: boolean; instance?: string } = {}): SpanRecord[] {
	const calls: SpanSpec[] = [
		{
			service: 'gateway', name: 'call accounts', kind: SpanKind.Client, startMs: atMs + 1, endMs: atMs + 30,
			children: [{
				service: 'accounts', name: 'GET /accounts', kind: SpanKind.Server, startMs: atMs + 2, endMs: atMs + (options.slowAccounts ? 2000 : 28), instance: options.instance ?? 'accounts-1',
				children: [{ service: 'accounts', name: 'SELECT', kind: SpanKind.Client, startMs: atMs + 3, endMs: atMs + 20, attrs: { 'db.system': 'mysql', 'db.namespace': 'deposits' } }]
			}]
		},
		...(options.withLoans
			? [{ service: 'gateway', name: 'call loans', kind: SpanKind.Client, startMs: atMs + 1, endMs: atMs + 30, children: [{ service: 'loans', name: 'POST /loans', kind: SpanKind.Server, startMs: atMs + 2, endMs: atMs + 28 }] }]
			: [])
	];
	traceNo++;
	return buildTrace({ service: 'gateway', name: 'GET /', kind: SpanKind.Server, startMs: atMs, endMs: atMs + 40, children: calls }, { traceNo, firstId: traceNo * 100 });
}

const resources: ResourceRecord[] = [
	{ id: 'gateway/gateway-1', service: 'gateway', instance: 'gateway-1', attrs: {} },
	{ id: 'accounts/accounts-1', service: 'accounts', instance: 'accounts-1', namespace: 'deposits', attrs: { 'service.namespace': 'deposits' } },
	{ id: 'accounts/accounts-2', service: 'accounts', instance: 'accounts-2', namespace: 'deposits', attrs: { 'service.namespace': 'deposits' } },
	{ id: 'loans/loans-1', service: 'loans', instance: 'loans-1', namespace: 'lending', attrs: { 'service.namespace': 'lending' } }
];

function graphOf(spans: SpanRecord[], fromMs: number, toMs: number) {
	const builder = new TopologyBuilder({ fromUs: (baseMs + fromMs) * 1000, toUs: (baseMs + toMs) * 1000 });
	builder.add(spans, resources);
	return builder.finish({ fadeAfterUs: 45_000_000 });
}

const noView: MapInput['view'] = { group: '', collapsed: [], q: '', minRps: '', hide: [], focus: '', hops: 2, expand: [] };

describe('service map model', () => {
	// window 0-60 s: accounts and loans; window 60-120 s: accounts only, slow
	const early = graphOf(Array.from({ length: 20 }, (_, k) => traffic(k * 1000, { withLoans: true })).flat(), 0, 60_000);
	const late = graphOf(Array.from({ length: 20 }, (_, k) => traffic(60_000 + k * 1000, { slowAccounts: true, instance: k < 10 ? 'accounts-1' : 'accounts-2' })).flat(), 60_000, 120_000);

	it('draws every node and edge of the window, sized for the layout', () => {
		const model = buildMapModel({ graph: early, domains: {}, view: noView });
		expect(model.nodes.map((n) => n.id).sort()).toEqual(['db:mysql/deposits', 'svc:accounts', 'svc:gateway', 'svc:loans']);
		expect(model.layoutGraph.nodes.map((n) => n.id)).toEqual(model.nodes.map((n) => n.id));
		expect(model.layoutGraph.edges.map((e) => e.id).sort()).toEqual(model.edges.map((e) => e.id).sort());
		expect(model.nodes.find((n) => n.id === 'svc:accounts')).toMatchObject({ kind: 'service', health: 'ok', heightPx: nodeHeightPx });
	});

	it('filters by search, hidden kinds and focus', () => {
		const hidden = buildMapModel({ graph: early, domains: {}, view: { ...noView, hide: ['database'] } });
		expect(hidden.nodes.some((n) => n.kind === 'database')).toBe(false);
		const searched = buildMapModel({ graph: early, domains: {}, view: { ...noView, q: 'loans' } });
		expect(searched.nodes.map((n) => n.id).sort()).toEqual(['svc:gateway', 'svc:loans']);
		const focused = buildMapModel({ graph: early, domains: {}, view: { ...noView, focus: 'svc:accounts', hops: 1 } });
		expect(focused.nodes.map((n) => n.id).sort()).toEqual(['db:mysql/deposits', 'svc:accounts', 'svc:gateway']);
	});

	it('groups services into boxes, and a collapsed box into one node with merged edges', () => {
		const open = buildMapModel({ graph: early, domains: {}, view: { ...noView, group: 'namespace' } });
		expect(open.groups.map((g) => g.id)).toEqual(['group:namespace:deposits', 'group:namespace:lending']);
		expect(open.nodes.find((n) => n.id === 'svc:accounts')!.groupId).toBe('group:namespace:deposits');
		// the database used only by accounts sits in its box
		expect(open.nodes.find((n) => n.id === 'db:mysql/deposits')!.groupId).toBe('group:namespace:deposits');
		expect(open.layoutGraph.groups).toEqual([{ id: 'group:namespace:deposits' }, { id: 'group:namespace:lending' }]);
		const closed = buildMapModel({ graph: early, domains: {}, view: { ...noView, group: 'namespace', collapsed: ['group:namespace:deposits'] } });
		expect(closed.nodes.find((n) => n.id === 'group:namespace:deposits')).toMatchObject({ kind: 'group', memberCount: 2 });
		expect(closed.edges.map((e) => e.id)).toContain('svc:gateway->group:namespace:deposits');
		expect(closed.layoutGraph.groups).toEqual([{ id: 'group:namespace:lending' }]);
		const byDomain = buildMapModel({ graph: early, domains: { loans: 'lending' }, view: { ...noView, group: 'domain' } });
		expect(byDomain.groups.map((g) => g.label)).toEqual(['lending']);
	});

	it('marks new, vanished and changed items against the compared window, with the old window as health baseline', () => {
		const diff = diffTopology(early, late);
		const model = buildMapModel({ graph: late, before: early, diff, domains: {}, view: noView });
		const loans = model.nodes.find((n) => n.id === 'svc:loans')!;
		expect(loans).toMatchObject({ vanished: true, change: 'vanished' });
		expect(model.edges.find((e) => e.id === 'svc:gateway->svc:loans')).toMatchObject({ vanished: true, change: 'vanished' });
		const accounts = model.nodes.find((n) => n.id === 'svc:accounts')!;
		expect(accounts.change).toBe('changed');
		// 2 s against a 26 ms baseline: critical by the baseline rule (a fixed threshold would say warn)
		expect(accounts).toMatchObject({ health: 'crit', reasons: ['latency'] });
	});

	it('expands a service into its instances, faded ones included, and grows its box', () => {
		const model = buildMapModel({ graph: late, domains: {}, view: { ...noView, expand: ['svc:accounts'] } });
		const accounts = model.nodes.find((n) => n.id === 'svc:accounts')!;
		expect(accounts.instances!.map((i) => [i.instance, i.faded])).toEqual([['accounts-2', false], ['accounts-1', true]]);
		expect(accounts.heightPx).toBe(nodeHeightPx + 2 * instanceRowPx + 6);
		const again = buildMapModel({ graph: late, domains: {}, view: { ...noView, expand: ['svc:accounts'] } });
		expect(sameLayoutGraph(model.layoutGraph, again.layoutGraph)).toBe(true);
		expect(sameLayoutGraph(model.layoutGraph, buildMapModel({ graph: late, domains: {}, view: noView }).layoutGraph)).toBe(false);
	});

	it("groups by the designer's domains where it maps a service, by what traces say elsewhere, under the designer's names", () => {
		const view = { ...noView, group: 'domain' as const };
		const model = buildMapModel({
			graph: early,
			domains: { loans: 'lending', accounts: 'deposits' },
			mappedDomains: { accounts: 'ebanking' },
			domainNames: { lending: '여신', ebanking: '전자금융' },
			view
		});
		expect(model.groups.map((g) => [g.id, g.label])).toEqual([
			['group:domain:ebanking', '전자금융'],
			['group:domain:lending', '여신']
		]);
		expect(model.nodes.find((n) => n.id === 'svc:accounts')!.groupId).toBe('group:domain:ebanking');
		const closed = buildMapModel({ graph: early, domains: { loans: 'lending' }, domainNames: { lending: 'Lending' }, view: { ...view, collapsed: ['group:domain:lending'] } });
		expect(closed.nodes.find((n) => n.id === 'group:domain:lending')!.label).toBe('Lending');
	});

	it('marks services with their platform events, a collapsed box with its members, naming the commonest warning', () => {
		const tally = (count: number, warnings: number, byCategory: ServicePlatformEvents['byCategory']): ServicePlatformEvents => ({ count, warnings, byCategory, recent: [] as PlatformEvent[] });
		const events = { accounts: tally(5, 1, { scale: 4, oom: 1 }), loans: tally(2, 2, { 'crash-loop': 2 }), elsewhere: tally(9, 0, { scale: 9 }) };
		const model = buildMapModel({ graph: early, domains: {}, events, view: noView });
		expect(model.nodes.find((n) => n.id === 'svc:accounts')!.events).toEqual({ count: 5, warnings: 1, top: 'oom' });
		expect(model.nodes.find((n) => n.id === 'svc:gateway')!.events).toBeUndefined();
		expect(model.nodes.find((n) => n.id === 'db:mysql/deposits')!.events).toBeUndefined();
		const closed = buildMapModel({ graph: early, domains: {}, events, view: { ...noView, group: 'namespace', collapsed: ['group:namespace:deposits'] } });
		expect(closed.nodes.find((n) => n.id === 'group:namespace:deposits')!.events).toEqual({ count: 5, warnings: 1, top: 'oom' });
		expect(nodeEvents(['accounts', 'loans'], events)).toEqual({ count: 7, warnings: 3, top: 'crash-loop' });
		expect(nodeEvents(['elsewhere'], events)).toEqual({ count: 9, warnings: 0, top: 'scale' });
		expect(nodeEvents(['nobody'], events)).toBeUndefined();
	});
});
