import { describe, expect, it } from 'vitest';
import type { SpanRecord, TelemetryBatch } from '../src/lib/protocol/records';
import { SpanKind } from '../src/lib/protocol/records';
import { demoBankKpis, demoBankTransactions, seedDomains } from '../src/lib/domain/business/seed';
import { evaluateKpi } from '../src/lib/domain/business/evaluate';
import { attrEquals, bizSpan, tx } from '../src/lib/domain/business/test-spans';
import type { ReevaluationProgress } from '../src/lib/domain/business/history';
import { MemoryTelemetryStore } from '../src/lib/io/memory-store';
import { createBusinessApi, engineLoop } from './business-api';
import type { EngineStatus } from './business-engine';

const t0 = Date.UTC(2026, 2, 2, 0, 0);
const minute = 60_000;

function batchOf(seq: number, spans: SpanRecord[]): TelemetryBatch {
	const resources = [...new Map(spans.map((s) => [s.resourceId, { id: s.resourceId, service: s.service, instance: s.instance, attrs: { 'service.name': s.service } }])).values()];
	return { seq, receivedMs: t0 + seq, resources, spans, metrics: [], logs: [] };
}

async function storeWith(spans: SpanRecord[]): Promise<MemoryTelemetryStore> {
	const store = new MemoryTelemetryStore({ clock: { now: () => t0 + 3 * 3_600_000 } });
	for (let i = 0; i < spans.length; i += 700) await store.writeBatches('e1', [batchOf(i / 700 + 1, spans.slice(i, i + 700))]);
	return store;
}

/** Two hours of demo-bank-like entry spans: 30 transfers and 10 loan applications a minute, plus child spans. */
function history(): SpanRecord[] {
	const spans: SpanRecord[] = [];
	for (let m = 0; m < 120; m++) {
		for (let i = 0; i < 30; i++) {
			const endMs = t0 + m * minute + i * 1_000;
			spans.push(bizSpan({ endMs, durationMs: 50, attrs: { 'biz.transaction': 'account.transfer', 'biz.domain': 'deposits', 'biz.amount_krw': 10_000 } }));
			spans.push(bizSpan({ endMs, service: 'transfer', kind: SpanKind.Client, parentSpanId: 'aaaaaaaaaaaaaaaa', durationMs: 5 }));
		}
		for (let i = 0; i < 10; i++) spans.push(bizSpan({ endMs: t0 + m * minute + i * 3_000, attrs: { 'biz.transaction': 'loan.application', 'biz.domain': 'lending', 'biz.application_id': `L${m}-${i}` } }));
		spans.push(bizSpan({ endMs: t0 + m * minute + 500, service: 'auth', route: '/login' }));
	}
	return spans;
}

const definitions = { domains: [...seedDomains], transactions: [...demoBankTransactions], kpis: [...demoBankKpis] };

describe('business worker api', () => {
	it('re-evaluates KPI history from the store with progress, at the asked level and every coarser one', async () => {
		const store = await storeWith(history());
		const api = createBusinessApi({ openStore: async () => store });
		await api.open('meridian');
		const progress: ReevaluationProgress[] = [];
		const reply = await api.reevaluate(1, { definitions, fromMs: t0, toMs: t0 + 2 * 3_600_000 }, (p) => progress.push(p));
		if (reply.status !== 'done') throw new Error(reply.status);
		expect(reply.issues).toEqual([]);
		expect(Object.keys(reply.windows)).toEqual(['1m', '1h']);
		expect(reply.windows['1m']).toHaveLength(120);
		const range = { fromMs: t0, toMs: t0 + 2 * 3_600_000 };
		const amount = demoBankKpis.find((k) => k.id === 'transfer-amount');
		const applications = demoBankKpis.find((k) => k.id === 'loan-applications');
		if (!amount || !applications) throw new Error('seed KPIs missing');
		expect(evaluateKpi(amount, reply.windows['1h'] ?? [], range).value).toBe(120 * 30 * 10_000);
		expect(evaluateKpi(applications, reply.windows['1m'] ?? [], range).value).toBe(1_200);
		// client spans are not transactions: the store was asked for transactions only
		expect(reply.counters.spans).toBe(120 * 41);
		expect(progress.at(-1)?.fraction).toBe(1);
	});

	it('previews a draft rule against recent spans and refuses an invalid one with its issues', async () => {
		const store = await storeWith(history());
		const api = createBusinessApi({ openStore: async () => store });
		await api.open('meridian');
		const draft = tx('logins', 'ebanking', [{ kind: 'test', field: 'route', op: 'equals', value: '/login' }]);
		const reply = await api.preview(1, { draft, others: [...demoBankTransactions], fromMs: t0, toMs: t0 + 10 * minute });
		if (reply.status !== 'done') throw new Error(reply.status);
		expect(reply.result.matched).toBe(10);
		expect(reply.result.matchedPerMinute).toBe(1);
		expect(reply.result.unmatchedRoutes).toEqual([]);
		const bad = await api.preview(2, { draft: { ...draft, rule: { kind: 'all', conditions: [] } }, others: [], fromMs: t0, toMs: t0 + minute });
		expect(bad).toMatchObject({ status: 'invalid', issues: [{ code: 'business.invalid.group' }] });
	});

	it('re-evaluates only what a changed transaction affects when told which one changed', async () => {
		const store = await storeWith(history());
		const api = createBusinessApi({ openStore: async () => store });
		await api.open('meridian');
		const reply = await api.reevaluate(1, { definitions, fromMs: t0, toMs: t0 + 3_600_000, changed: { transactions: ['loan-application'] } });
		if (reply.status !== 'done') throw new Error(reply.status);
		expect(reply.affected).toEqual({ targets: ['t:loan-application', 't:loan-approval', 't:loan-execution', 'd:lending'], conversions: ['loan-conversion'] });
		// only the lending rules ran: the hour's 600 loan applications
		expect(reply.counters.matched).toBe(600);
		const keys = new Set((reply.windows['1m'] ?? []).flatMap((w) => [...Object.keys(w.targets), ...Object.keys(w.conversions)]));
		expect([...keys].sort()).toEqual(['d:lending', 'loan-conversion', 't:loan-application']);
	});

	it('lets a newer request supersede an older one', async () => {
		const store = await storeWith(history());
		const api = createBusinessApi({ openStore: async () => store });
		await api.open('meridian');
		const older = api.reevaluate(1, { definitions, fromMs: t0, toMs: t0 + 2 * 3_600_000 });
		const newer = api.reevaluate(2, { definitions, fromMs: t0, toMs: t0 + 3_600_000 });
		expect((await older).status).toBe('superseded');
		expect((await newer).status).toBe('done');
	});

	it('maps live spans into 1 s KPI window deltas', () => {
		const api = createBusinessApi();
		expect(api.startLive({ domains: [{ id: 'deposits', names: { en: 'Deposits' } }], transactions: [tx('dep', 'deposits', [attrEquals('biz.transaction', 'deposit')])], kpis: [] })).toEqual([]);
		expect(api.addLiveSpans([bizSpan({ endMs: t0 + 100, attrs: { 'biz.transaction': 'deposit' } }), bizSpan({ endMs: t0 + 1_100, attrs: { 'biz.transaction': 'other' } })])).toBe(1);
		const deltas = api.takeLiveDeltas();
		expect(deltas.map((w) => [w.level, w.startMs, w.targets['t:dep'].count, w.targets['d:deposits'].count])).toEqual([['1s', t0, 1, 1]]);
		expect(api.takeLiveDeltas()).toEqual([]);
	});

	it('says what to do when used before open', async () => {
		const api = createBusinessApi();
		await expect(api.preview(1, { draft: tx('a', 'd', [attrEquals('k', 'v')]), others: [], fromMs: 0, toMs: 1 })).rejects.toThrow(/call open\(dbName\) first/);
	});
});

describe('engineLoop', () => {
	it('reports a failing step with its error until a step succeeds, and keeps stepping', async () => {
		const outcomes = ['fail', 'fail', 'idle', 'busy', 'idle'];
		const posted: EngineStatus[] = [];
		let status: EngineStatus | undefined = { phase: 'live', fraction: 1, transactions: [], chunkId: 7, issues: [] };
		let steps = 0;
		await engineLoop({
			step: async () => {
				const outcome = outcomes[steps++];
				if (outcome === 'fail') throw new Error('QuotaExceededError: the KPI database is full');
				return outcome === 'busy';
			},
			status: () => status,
			post: (s) => {
				status = s;
				posted.push(s);
			},
			idleMs: 1,
			stopped: () => steps >= outcomes.length
		});
		expect(steps).toBe(outcomes.length);
		expect(posted.map((s) => s.error)).toEqual(['QuotaExceededError: the KPI database is full', 'QuotaExceededError: the KPI database is full', undefined]);
		expect(posted.at(-1)).toEqual({ phase: 'live', fraction: 1, transactions: [], chunkId: 7, issues: [] });
	});
});
