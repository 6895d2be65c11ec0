import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../protocol/records';
import { seededRandom } from '../telemetry/test-random';
import { KpiAccumulator } from './accumulator';
import { evaluateKpi } from './evaluate';
import { reevaluateHistory, type ReevaluationProgress } from './history';
import { BusinessModel } from './model';
import { RulePreview } from './preview';
import { replaceTargets } from './windows';
import type { BusinessDefinitions } from './types';
import { attrEquals, bizSpan, tx } from './test-spans';

const t0 = Date.UTC(2026, 0, 5, 0, 0);
const hour = 3_600_000;
const domains = [{ id: 'deposits', names: { en: 'Deposits' } }];

function spansOverHours(hours: number, perHour: number) {
	const random = seededRandom(5);
	const spans = [];
	for (let i = 0; i < hours * perHour; i++) {
		const endMs = t0 + (i / perHour) * hour;
		spans.push(bizSpan({ endMs, durationMs: 20 + random() * 100, attrs: { 'biz.transaction': random() < 0.3 ? 'deposit' : 'withdrawal', 'biz.amount_krw': 1_000 } }));
	}
	return spans;
}

async function* chunked<T>(items: T[], size: number): AsyncIterable<T[]> {
	for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

describe('reevaluateHistory', () => {
	const model = BusinessModel.build({
		domains,
		transactions: [tx('deposit', 'deposits', [attrEquals('biz.transaction', 'deposit')])],
		kpis: [{ id: 'amount', name: 'Amount', scope: { kind: 'transaction', transactionId: 'deposit' }, measure: { kind: 'sum', attr: 'biz.amount_krw' } }]
	});

	it('rebuilds the windows an accumulator builds, reporting monotone progress that ends at 1', async () => {
		const spans = spansOverHours(4, 600);
		const progress: ReevaluationProgress[] = [];
		const result = await reevaluateHistory({ model, chunks: chunked(spans, 100), fromMs: t0, toMs: t0 + 4 * hour, onProgress: (p) => progress.push(p) });
		const acc = new KpiAccumulator(model, { level: '1m' });
		acc.addSpans(spans);
		expect(result.windows).toEqual(acc.takeDeltas());
		expect(result.chunks).toBe(24);
		expect(result.counters.spans).toBe(2_400);
		const deposits = spans.filter((s) => s.attrs['biz.transaction'] === 'deposit').length;
		expect(result.counters.matched).toBe(deposits);
		expect(evaluateKpi(model.kpis[0], result.windows, { fromMs: t0, toMs: t0 + 4 * hour }).value).toBe(deposits * 1_000);
		const fractions = progress.map((p) => p.fraction);
		expect(fractions.at(-1)).toBe(1);
		expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
		expect(new Set(fractions).size).toBe(fractions.length);
		expect(progress.at(-1)?.spans).toBe(2_400);
	});

	it('skips spans outside the range and stops when cancelled', async () => {
		const spans = spansOverHours(4, 60);
		const inner = await reevaluateHistory({ model, chunks: chunked(spans, 50), fromMs: t0 + hour, toMs: t0 + 2 * hour });
		expect(inner.counters.spans).toBe(60);
		expect(inner.windows.every((w) => w.startMs >= t0 + hour && w.startMs < t0 + 2 * hour)).toBe(true);
		let seen = 0;
		const stopped = await reevaluateHistory({ model, chunks: chunked(spans, 10), fromMs: t0, toMs: t0 + 4 * hour, isCancelled: () => ++seen > 3 });
		expect(stopped.cancelled).toBe(true);
		expect(stopped.chunks).toBe(3);
		expect(stopped.counters.spans).toBe(30);
	});
});

describe('re-evaluating only what a rule change affects', () => {
	it('gives the windows a full re-evaluation with the new rules gives', async () => {
		const random = seededRandom(9);
		const kinds = ['deposit', 'withdrawal', 'loan.application', 'loan.approval', 'login'];
		const spans = Array.from({ length: 6_000 }, (_, i) =>
			bizSpan({
				endMs: t0 + (i / 6_000) * 2 * hour,
				durationMs: 10 + random() * 200,
				error: random() < 0.05,
				attrs: { 'biz.transaction': kinds[Math.floor(random() * kinds.length)], 'biz.amount_krw': Math.round(random() * 1e5), 'biz.application_id': 'A' + Math.floor(random() * 400), 'biz.channel': random() < 0.5 ? 'mobile' : 'branch' }
			})
		);
		const defs = (depositChannel: string): BusinessDefinitions => ({
			domains: [
				{ id: 'deposits', names: { en: 'Deposits' } },
				{ id: 'lending', names: { en: 'Lending' } },
				{ id: 'ebanking', names: { en: 'E-banking' } }
			],
			transactions: [
				tx('deposit', 'deposits', [attrEquals('biz.transaction', 'deposit'), attrEquals('biz.channel', depositChannel)]),
				tx('withdrawal', 'deposits', [attrEquals('biz.transaction', 'withdrawal')]),
				tx('mobile-money', 'deposits', [attrEquals('biz.channel', 'mobile')]),
				tx('application', 'lending', [attrEquals('biz.transaction', 'loan.application')]),
				tx('approval', 'lending', [attrEquals('biz.transaction', 'loan.approval')]),
				tx('login', 'ebanking', [attrEquals('biz.transaction', 'login')])
			],
			kpis: [
				{ id: 'dep-amount', name: 'a', scope: { kind: 'domain', domainId: 'deposits' }, measure: { kind: 'sum', attr: 'biz.amount_krw' } },
				{ id: 'conv', name: 'c', measure: { kind: 'conversion', steps: ['deposit', 'application', 'approval'], join: { by: 'attr', key: 'biz.application_id' } } }
			]
		});
		const run = async (model: BusinessModel) => (await reevaluateHistory({ model, chunks: chunked(spans, 500), fromMs: t0, toMs: t0 + 2 * hour })).windows;
		const before = await run(BusinessModel.build(defs('mobile')));
		const after = BusinessModel.build(defs('branch'));
		const part = after.subset({ transactions: ['deposit'] });
		expect(part.model.transactions.map((t) => t.id)).toEqual(['deposit', 'withdrawal', 'mobile-money', 'application', 'approval']);
		expect(part.targets).toEqual(['t:deposit', 't:withdrawal', 't:mobile-money', 't:application', 't:approval', 'd:deposits']);
		expect(part.conversions).toEqual(['conv']);
		const merged = replaceTargets(before, await run(part.model), part);
		expect(merged).toEqual(await run(after));
	});
});

describe('RulePreview', () => {
	const saved = [tx('deposit', 'deposits', [attrEquals('biz.transaction', 'deposit')]), tx('mobile', 'deposits', [attrEquals('biz.channel', 'mobile')])];

	it('reports matches per minute, samples, unmatched routes and overlaps', () => {
		const draft = tx('withdrawal', 'deposits', [attrEquals('biz.transaction', 'withdrawal')], { spans: 'entry' });
		const preview = new RulePreview({ draft, others: saved, fromMs: t0, toMs: t0 + 2 * 60_000, maxSamples: 2 });
		const spans = [
			...Array.from({ length: 6 }, (_, i) => bizSpan({ endMs: t0 + i * 1_000, error: i === 0, attrs: { 'biz.transaction': 'withdrawal', 'biz.channel': i < 2 ? 'mobile' : 'branch' } })),
			bizSpan({ endMs: t0 + 1_000, attrs: { 'biz.transaction': 'deposit', 'biz.channel': 'mobile' } }),
			...Array.from({ length: 3 }, () => bizSpan({ endMs: t0 + 5_000, service: 'accounts', route: '/balance' })),
			bizSpan({ endMs: t0 + 5_000, service: 'auth', route: '/login' }),
			// not a transaction (CLIENT span with a parent): never an unmatched route
			bizSpan({ endMs: t0 + 5_000, service: 'auth', route: '/x', kind: SpanKind.Client, parentSpanId: 'cccccccccccccccc' }),
			// outside the range
			bizSpan({ endMs: t0 + 10 * 60_000, attrs: { 'biz.transaction': 'withdrawal' } })
		];
		preview.addSpans(spans);
		const result = preview.result();
		expect(result.spans).toBe(12);
		expect(result.matched).toBe(6);
		expect(result.matchedPerMinute).toBe(3);
		expect(result.successes).toBe(5);
		expect(result.samples.map((s) => s.biz['biz.channel'])).toEqual(['mobile', 'mobile']);
		expect(result.unmatchedRoutes).toEqual([
			{ service: 'accounts', endpoint: 'GET /balance', count: 3 },
			{ service: 'auth', endpoint: 'GET /login', count: 1 }
		]);
		expect(result.overlaps.map((o) => [o.a, o.b, o.count])).toEqual([
			['withdrawal', 'mobile', 2],
			['deposit', 'mobile', 1]
		]);
	});

	it('previews the draft in place of the saved transaction of the same id', () => {
		const draft = tx('deposit', 'deposits', [attrEquals('biz.transaction', 'withdrawal')]);
		const preview = new RulePreview({ draft, others: saved, fromMs: t0, toMs: t0 + 60_000 });
		preview.addSpans([bizSpan({ endMs: t0, attrs: { 'biz.transaction': 'deposit' } }), bizSpan({ endMs: t0, attrs: { 'biz.transaction': 'withdrawal' } })]);
		const result = preview.result();
		expect(result.matched).toBe(1);
		expect(result.unmatchedRoutes.reduce((n, r) => n + r.count, 0)).toBe(1);
	});
});
