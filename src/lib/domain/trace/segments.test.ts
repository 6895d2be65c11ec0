import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../protocol/records';
import { analyzeTrace } from './analyze';
import { buildTrace, randomTrace, type SpanSpec } from './span-builder';

const bank: SpanSpec = {
	service: 'gateway', name: 'POST /loans', kind: SpanKind.Server, startMs: 0, endMs: 100,
	children: [{
		service: 'gateway', name: 'call lending', kind: SpanKind.Client, startMs: 5, endMs: 95,
		children: [{
			service: 'lending', name: 'apply', kind: SpanKind.Server, startMs: 10, endMs: 90,
			children: [
				{ service: 'lending', name: 'SELECT loans', kind: SpanKind.Client, startMs: 15, endMs: 55, attrs: { 'db.system.name': 'mysql', 'db.namespace': 'lending' } },
				{ service: 'lending', name: 'GET bureau', kind: SpanKind.Client, startMs: 60, endMs: 80, attrs: { 'server.address': 'bureau.example', 'http.request.method': 'GET' } },
				{ service: 'lending', name: 'publish', kind: SpanKind.Producer, startMs: 82, endMs: 84, attrs: { 'messaging.system': 'kafka', 'messaging.destination.name': 'loan-events' } },
				{ service: 'lending', name: 'audit', startMs: 20, endMs: 30 }
			]
		}]
	}]
};

describe('segmentBreakdown', () => {
	it('splits the response time into tiers that sum to the root duration', () => {
		const { breakdown } = analyzeTrace(buildTrace(bank));
		expect(breakdown.totalUs).toBe(100_000);
		const ms = (tier: keyof typeof breakdown.byTier) => breakdown.byTier[tier].criticalUs / 1000;
		expect(ms('gateway')).toBe(10);
		expect(ms('network')).toBe(10);
		expect(ms('database')).toBe(40);
		expect(ms('external')).toBe(20);
		expect(ms('queue')).toBe(2);
		expect(ms('service')).toBe(18);
		const sum = Object.values(breakdown.byTier).reduce((a, t) => a + t.criticalUs, 0);
		expect(sum).toBe(breakdown.totalUs);
	});

	it('names owners the way the topology names nodes, and counts parallel work in self time', () => {
		const { breakdown } = analyzeTrace(buildTrace(bank));
		const byKey = Object.fromEntries(breakdown.entries.map((e) => [e.key, e]));
		expect(byKey['db:mysql/lending'].criticalUs).toBe(40_000);
		expect(byKey['ext:bureau.example'].tier).toBe('external');
		expect(byKey['queue:kafka/loan-events'].tier).toBe('queue');
		expect(byKey['net:gateway->lending'].label).toBe('gateway → lending');
		// apply's own 18 ms plus audit's 10 ms, which ran in parallel with the SELECT
		expect(byKey['svc:lending'].selfUs).toBe((18 + 10) * 1000);
		expect(byKey['svc:lending'].criticalUs).toBe(18_000);
		expect(breakdown.entries[0].key).toBe('db:mysql/lending');
	});

	it('draws the path graph from caller to callee without a node for the network hop', () => {
		const { breakdown } = analyzeTrace(buildTrace(bank));
		const edges = breakdown.edges.map((e) => `${e.from}>${e.to}:${e.calls}:${e.durationUs / 1000}`).sort();
		expect(edges).toEqual([
			'svc:gateway>svc:lending:1:90',
			'svc:lending>db:mysql/lending:1:40',
			'svc:lending>ext:bureau.example:1:20',
			'svc:lending>queue:kafka/loan-events:1:2'
		]);
	});

	it('has no gateway tier for a trace that stays in one service unless told', () => {
		const single = buildTrace({ service: 'core', name: 'batch', kind: SpanKind.Server, startMs: 0, endMs: 10 });
		expect(analyzeTrace(single).breakdown.byTier.gateway.criticalUs).toBe(0);
		expect(analyzeTrace(single, { gatewayServices: ['core'] }).breakdown.byTier.gateway.criticalUs).toBe(10_000);
	});

	it('sums exactly on random traces', () => {
		for (let seed = 1; seed <= 5; seed++) {
			const { breakdown } = analyzeTrace(randomTrace({ spanCount: 2000, seed }));
			const critical = breakdown.entries.reduce((a, e) => a + e.criticalUs, 0);
			expect(critical).toBe(breakdown.totalUs);
		}
	});
});
