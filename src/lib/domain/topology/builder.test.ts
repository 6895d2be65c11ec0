import { describe, expect, it } from 'vitest';
import { SpanKind, type ResourceRecord, type SpanRecord } from '../../protocol/records';
import { buildTrace, type SpanSpec } from '../trace/span-builder';
import { TopologyBuilder } from './builder';
import { databasePeer } from './peer';
import type { TopologyGraph } from './types';

const loan = (traceNo: number, options: { instance?: string; startMs?: number; error?: boolean } = {}): SpanRecord[] => {
	const t = options.startMs ?? 0;
	const spec: SpanSpec = {
		service: 'gateway', name: 'POST /loans', kind: SpanKind.Server, startMs: t, endMs: t + 100,
		children: [{
			service: 'gateway', name: 'call lending', kind: SpanKind.Client, startMs: t + 5, endMs: t + 95, error: options.error,
			children: [{
				service: 'lending', name: 'apply', kind: SpanKind.Server, startMs: t + 10, endMs: t + 90, instance: options.instance,
				children: [
					{ service: 'lending', name: 'SELECT', kind: SpanKind.Client, startMs: t + 15, endMs: t + 40, attrs: { 'db.system.name': 'mysql', 'db.namespace': 'lending' } },
					{ service: 'lending', name: 'GET score', kind: SpanKind.Client, startMs: t + 45, endMs: t + 70, attrs: { 'server.address': 'bureau.example', 'server.port': 443 } },
					{ service: 'lending', name: 'audit', startMs: t + 71, endMs: t + 72 },
					{
						service: 'lending', name: 'publish', kind: SpanKind.Producer, startMs: t + 75, endMs: t + 78,
						attrs: { 'messaging.system': 'kafka', 'messaging.destination.name': 'loan-events' },
						children: [{ service: 'notify', name: 'process', kind: SpanKind.Consumer, startMs: t + 300, endMs: t + 320, attrs: { 'messaging.system': 'kafka', 'messaging.destination.name': 'loan-events' } }]
					}
				]
			}]
		}]
	};
	return buildTrace(spec, { traceNo, firstId: traceNo * 100 });
};

const edgesOf = (g: TopologyGraph) => g.edges.map((e) => `${e.from} ${e.kind} ${e.to} ×${e.figures.requests}`).sort();
const nodesOf = (g: TopologyGraph) => g.nodes.map((n) => `${n.kind} ${n.id}`).sort();

describe('TopologyBuilder', () => {
	it('derives services, databases, queues and external hosts from one trace', () => {
		const b = new TopologyBuilder();
		b.add(loan(1));
		const g = b.finish();
		expect(nodesOf(g)).toEqual([
			'database db:mysql/lending',
			'external ext:bureau.example',
			'queue queue:kafka/loan-events',
			'service svc:gateway',
			'service svc:lending',
			'service svc:notify'
		]);
		expect(edgesOf(g)).toEqual([
			'queue:kafka/loan-events consume svc:notify ×1',
			'svc:gateway call svc:lending ×1',
			'svc:lending database db:mysql/lending ×1',
			'svc:lending external ext:bureau.example ×1',
			'svc:lending publish queue:kafka/loan-events ×1'
		]);
		const byId = new Map(g.nodes.map((n) => [n.id, n]));
		expect(byId.get('svc:gateway')!.entryRequests).toBe(1);
		expect(byId.get('svc:lending')!.entryRequests).toBe(0);
		expect(byId.get('db:mysql/lending')!.label).toBe('lending (mysql)');
		expect(databasePeer({ 'db.system': 'redis', 'db.namespace': '0' })!.label).toBe('redis/0');
		expect(byId.get('db:mysql/lending')!.figures.requests).toBe(1);
		expect(g.stats.pendingClients).toBe(0);
	});

	it('gives the same graph whatever order and chunking the spans arrive in', () => {
		const spans = [...loan(1), ...loan(2), ...loan(3)];
		const inOrder = new TopologyBuilder();
		inOrder.add(spans);
		const shuffled = new TopologyBuilder();
		const reversed = [...spans].reverse();
		for (let i = 0; i < reversed.length; i += 4) shuffled.add(reversed.slice(i, i + 4));
		expect(edgesOf(shuffled.finish())).toEqual(edgesOf(inOrder.finish()));
	});

	it('keeps cycles and self-calls as edges', () => {
		const call = (from: string, to: string, traceNo: number): SpanRecord[] =>
			buildTrace({
				service: from, name: 'in', kind: SpanKind.Server, startMs: 0, endMs: 10,
				children: [{ service: from, name: 'out', kind: SpanKind.Client, startMs: 1, endMs: 9, children: [{ service: to, name: 'in', kind: SpanKind.Server, startMs: 2, endMs: 8 }] }]
			}, { traceNo, firstId: traceNo * 10 });
		const b = new TopologyBuilder();
		b.add([...call('a', 'b', 1), ...call('b', 'a', 2), ...call('a', 'a', 3)]);
		expect(edgesOf(b.finish())).toEqual(['svc:a call svc:a ×1', 'svc:a call svc:b ×1', 'svc:b call svc:a ×1']);
	});

	it('lists instances with their traffic and fades the ones not seen lately', () => {
		const b = new TopologyBuilder();
		b.add([...loan(1, { instance: 'lending-old', startMs: 0 }), ...loan(2, { instance: 'lending-new', startMs: 600_000 }), ...loan(3, { instance: 'lending-new', startMs: 601_000 })]);
		const lending = b.finish().nodes.find((n) => n.id === 'svc:lending')!;
		expect(lending.instances!.map((i) => [i.instance, i.figures.requests, i.faded])).toEqual([
			['lending-new', 2, false],
			['lending-old', 1, true]
		]);
	});

	it('waits for a late server span before calling a client call external', () => {
		const spans = loan(1);
		const server = spans.find((s) => s.name === 'apply')!;
		const b = new TopologyBuilder({ horizonUs: 10_000_000 });
		b.add(spans.filter((s) => s !== server));
		expect(b.snapshot().stats.pendingClients).toBe(2);
		expect(b.snapshot().edges.some((e) => e.kind === 'call')).toBe(false);
		b.add([server]);
		expect(edgesOf(b.snapshot())).toContain('svc:gateway call svc:lending ×1');
	});

	it('resolves pending spans after the horizon: unanswered calls go external, uncalled servers are entries', () => {
		const orphanCall = buildTrace({ service: 'a', name: 'GET', kind: SpanKind.Client, startMs: 0, endMs: 5, attrs: { 'url.full': 'https://API.Partner.example:8443/v1?q=1' } }, { traceNo: 1, firstId: 1 });
		const orphanServer = buildTrace({ service: 'b', name: 'in', kind: SpanKind.Server, startMs: 0, endMs: 5, parentSpanId: 'ffffffffffffffff' }, { traceNo: 2, firstId: 50 });
		const later = buildTrace({ service: 'c', name: 'tick', kind: SpanKind.Server, startMs: 120_000, endMs: 120_001 }, { traceNo: 3, firstId: 90 });
		const b = new TopologyBuilder({ horizonUs: 60_000_000 });
		b.add([...orphanCall, ...orphanServer]);
		expect(b.snapshot().stats).toMatchObject({ pendingClients: 1, pendingServers: 1 });
		b.add(later);
		const g = b.snapshot();
		expect(g.stats).toMatchObject({ pendingClients: 0, pendingServers: 0 });
		expect(edgesOf(g)).toEqual(['svc:a external ext:api.partner.example ×1']);
		expect(g.nodes.find((n) => n.id === 'svc:b')!.entryRequests).toBe(1);
	});

	it('calls an unanswered call to a host a service answers at a call to that service, and only counts one to a shared host', () => {
		// servers announce their host; the answer to each call below is lost (read out of order past the horizon)
		const answered = (service: string, host: string, traceNo: number) =>
			buildTrace({ service, name: 'in', kind: SpanKind.Server, startMs: 0, endMs: 5, parentSpanId: 'eeeeeeeeeeeeeeee', attrs: { 'server.address': host } }, { traceNo, firstId: traceNo * 10 });
		const unanswered = (host: string, traceNo: number) =>
			buildTrace({ service: 'gateway', name: 'POST', kind: SpanKind.Client, startMs: 10, endMs: 20, error: true, attrs: { 'server.address': host } }, { traceNo, firstId: traceNo * 10 });
		const b = new TopologyBuilder({ horizonUs: 60_000_000 });
		b.add([
			...answered('transfer', 'transfer.deposits.svc.cluster.local', 1),
			...answered('ledger', 'cbs.example.internal', 2),
			...answered('customer', 'cbs.example.internal', 3),
			...unanswered('transfer.deposits.svc.cluster.local', 4),
			...unanswered('cbs.example.internal', 5),
			...unanswered('partner.example', 6)
		]);
		b.add(buildTrace({ service: 'c', name: 'tick', kind: SpanKind.Server, startMs: 120_000, endMs: 120_001 }, { traceNo: 7, firstId: 70 }));
		const g = b.snapshot();
		expect(edgesOf(g)).toEqual(['svc:gateway call svc:transfer ×1', 'svc:gateway external ext:partner.example ×1']);
		expect(g.edges.find((e) => e.to === 'svc:transfer')!.figures.errors).toBe(1);
		expect(g.nodes.filter((n) => n.kind === 'external').map((n) => n.id)).toEqual(['ext:partner.example']);
		expect(g.stats.unansweredInternal).toBe(1);
	});

	it('keeps its pending maps bounded and says how many it had to resolve early', () => {
		const b = new TopologyBuilder({ maxPending: 2 });
		for (let k = 0; k < 5; k++)
			b.add(buildTrace({ service: 'a', name: 'GET', kind: SpanKind.Client, startMs: k, endMs: k + 1, attrs: { 'peer.service': 'legacy' } }, { traceNo: k + 1, firstId: k + 1 }));
		const g = b.snapshot();
		expect(g.stats.forcedResolutions).toBe(3);
		expect(g.stats.pendingClients).toBe(2);
		expect(edgesOf(b.finish())).toEqual(['svc:a external ext:legacy ×5']);
	});

	it('pairs a producer without a destination with its consumer', () => {
		const b = new TopologyBuilder();
		b.add(buildTrace({
			service: 'orders', name: 'send', kind: SpanKind.Producer, startMs: 0, endMs: 1,
			children: [{ service: 'billing', name: 'receive', kind: SpanKind.Consumer, startMs: 5, endMs: 9 }]
		}));
		expect(edgesOf(b.finish())).toEqual(['svc:orders message svc:billing ×1']);
	});

	it('counts only observations inside its window and divides by the window for rates', () => {
		const b = new TopologyBuilder({ fromUs: loan(1)[0].startUs + 1_000_000, toUs: loan(1)[0].startUs + 11_000_000 });
		b.add([...loan(1, { startMs: 0 }), ...loan(2, { startMs: 2_000 }), ...loan(3, { startMs: 3_000, error: true }), ...loan(4, { startMs: 20_000 })]);
		const g = b.finish();
		const call = g.edges.find((e) => e.kind === 'call')!;
		expect(call.figures.requests).toBe(2);
		expect(call.figures.requestsPerSec).toBeCloseTo(0.2);
		expect(call.figures.errorRate).toBe(0.5);
		expect(g.stats.outsideWindow).toBeGreaterThan(0);
	});

	it('takes grouping attributes from resources', () => {
		const resource: ResourceRecord = {
			id: 'lending/lending-1', service: 'lending', namespace: 'bank', instance: 'lending-1',
			attrs: { 'k8s.namespace.name': 'loans', 'cloud.region': 'ap-northeast-2' }
		};
		const b = new TopologyBuilder();
		b.add(loan(1), [resource]);
		expect(b.finish().nodes.find((n) => n.id === 'svc:lending')!.attrs).toEqual({ namespace: 'bank', k8sNamespace: 'loans', cloudRegion: 'ap-northeast-2' });
	});

	it('folds nodes beyond its bound into an (other) node per kind', () => {
		const b = new TopologyBuilder({ maxNodes: 2 });
		for (let k = 0; k < 4; k++)
			b.add(buildTrace({ service: 'a', name: 'q', kind: SpanKind.Client, startMs: 0, endMs: 1, attrs: { 'db.system': 'pg', 'db.namespace': `db${k}` } }, { traceNo: k + 1, firstId: k + 1 }));
		const g = b.finish();
		expect(nodesOf(g)).toEqual(['database db:(other)', 'database db:pg/db0', 'service svc:a']);
		expect(g.stats.foldedNodes).toBe(3);
		expect(g.nodes.find((n) => n.id === 'db:(other)')!.figures.requests).toBe(3);
	});

	it('estimates p95 within the sketch accuracy', () => {
		const b = new TopologyBuilder();
		const spans: SpanRecord[] = [];
		for (let k = 1; k <= 200; k++) spans.push(...buildTrace({ service: 's', name: 'in', kind: SpanKind.Server, startMs: k * 1000, endMs: k * 1000 + k }, { traceNo: k, firstId: k }));
		b.add(spans);
		const f = b.finish().nodes[0].figures;
		expect(f.requests).toBe(200);
		expect(Math.abs(f.p95Ms - 190) / 190).toBeLessThanOrEqual(0.01);
	});
});
