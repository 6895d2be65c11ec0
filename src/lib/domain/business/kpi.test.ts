import { describe, expect, it } from 'vitest';
import { exactQuantile } from '../telemetry/sketch';
import { seededRandom, distributions } from '../telemetry/test-random';
import { KpiAccumulator } from './accumulator';
import { dayMs, evaluateKpi, kpiSeries, kpiStatus, readKpi, weekMs } from './evaluate';
import { BusinessModel } from './model';
import { attrEquals, bizSpan, tx } from './test-spans';
import type { BusinessDefinitions, KpiDefinition } from './types';
import { coarsenKpiWindows, mergeKpiWindows, type KpiWindowRecord } from './windows';

const t0 = Date.UTC(2026, 0, 5, 3, 0); // a whole hour
const minute = 60_000;

const domains = [
	{ id: 'lending', names: { en: 'Lending', ko: '여신' } },
	{ id: 'deposits', names: { en: 'Deposits', ko: '수신' } }
];
const transactions = [
	tx('transfer', 'deposits', [attrEquals('biz.transaction', 'account.transfer')], { spans: 'entry' }),
	tx('deposit', 'deposits', [attrEquals('biz.transaction', 'deposit')], { spans: 'entry' }),
	// overlaps 'transfer' on purpose: every mobile entry span in deposits
	tx('mobile-deposits', 'deposits', [attrEquals('biz.channel', 'mobile'), attrEquals('biz.domain', 'deposits')], { spans: 'entry' }),
	tx('application', 'lending', [attrEquals('biz.transaction', 'loan.application')], { spans: 'entry' }),
	tx('approval', 'lending', [attrEquals('biz.transaction', 'loan.approval')], { spans: 'entry' }),
	tx('execution', 'lending', [attrEquals('biz.transaction', 'loan.execution')], { spans: 'entry' })
];

function kpi(id: string, partial: Omit<KpiDefinition, 'id' | 'name'>): KpiDefinition {
	return { id, name: id, ...partial };
}

const transferScope = { kind: 'transaction', transactionId: 'transfer' } as const;
const depositsScope = { kind: 'domain', domainId: 'deposits' } as const;

function model(kpis: KpiDefinition[]): BusinessModel {
	const defs: BusinessDefinitions = { domains, transactions, kpis };
	const built = BusinessModel.build(defs);
	expect(built.issues).toEqual([]);
	return built;
}

function run(m: BusinessModel, spans: ReturnType<typeof bizSpan>[], level: '1s' | '1m' = '1m'): KpiWindowRecord[] {
	const acc = new KpiAccumulator(m, { level });
	acc.addSpans(spans);
	return acc.takeDeltas();
}

const transferSpans = [
	bizSpan({ endMs: t0 + 1_000, durationMs: 100, attrs: { 'biz.transaction': 'account.transfer', 'biz.domain': 'deposits', 'biz.channel': 'mobile', 'biz.amount_krw': 100_000 } }),
	bizSpan({ endMs: t0 + 2_000, durationMs: 300, attrs: { 'biz.transaction': 'account.transfer', 'biz.domain': 'deposits', 'biz.channel': 'internet', 'biz.amount_krw': '50000' } }),
	bizSpan({ endMs: t0 + 61_000, durationMs: 200, error: true, attrs: { 'biz.transaction': 'account.transfer', 'biz.domain': 'deposits', 'biz.channel': 'branch', 'biz.amount_krw': 1_000_000 } }),
	bizSpan({ endMs: t0 + 62_000, durationMs: 400, attrs: { 'biz.transaction': 'account.transfer', 'biz.domain': 'deposits', 'biz.channel': 'mobile' } }),
	bizSpan({ endMs: t0 + 63_000, durationMs: 50, attrs: { 'biz.transaction': 'deposit', 'biz.domain': 'deposits', 'biz.channel': 'internet', 'biz.amount_krw': 7 } })
];

describe('KPI arithmetic on crafted spans', () => {
	const m = model([
		kpi('count', { scope: transferScope, measure: { kind: 'count' } }),
		kpi('amount', { scope: transferScope, measure: { kind: 'sum', attr: 'biz.amount_krw' } }),
		kpi('mean-amount', { scope: transferScope, measure: { kind: 'mean', attr: 'biz.amount_krw' } }),
		kpi('mean-ms', { scope: transferScope, measure: { kind: 'mean' } }),
		kpi('rate', { scope: transferScope, measure: { kind: 'rate' } }),
		kpi('success', { scope: transferScope, measure: { kind: 'success-ratio' } }),
		kpi('p50', { scope: transferScope, measure: { kind: 'percentile', q: 0.5 } }),
		kpi('domain-count', { scope: depositsScope, measure: { kind: 'count' } }),
		kpi('domain-amount', { scope: depositsScope, measure: { kind: 'sum', attr: 'biz.amount_krw' } })
	]);
	const windows = run(m, transferSpans);
	const range = { fromMs: t0, toMs: t0 + 2 * minute };
	const value = (id: string, r = range) => evaluateKpi(m.kpis.find((k) => k.id === id) as KpiDefinition, windows, r).value;

	it('counts, sums (numbers and numeric text), means and rates', () => {
		expect(value('count')).toBe(4);
		expect(value('amount')).toBe(1_150_000);
		// the fourth transfer has no amount: the mean is over the three that do
		expect(value('mean-amount')).toBeCloseTo(1_150_000 / 3, 6);
		expect(value('mean-ms')).toBe(250);
		expect(value('rate')).toBe(2);
		expect(value('count', { fromMs: t0 + minute, toMs: t0 + 2 * minute })).toBe(2);
	});

	it('reads success ratio from status and percentiles from the sketch', () => {
		expect(value('success')).toBe(0.75);
		const p50 = value('p50') as number;
		expect(Math.abs(p50 - 200) / 200).toBeLessThanOrEqual(0.01);
	});

	it('counts a span once for its domain even when it matches two of its transactions', () => {
		// five deposits-domain spans; two of them also match mobile-deposits
		expect(value('domain-count')).toBe(5);
		expect(value('domain-amount')).toBe(1_150_007);
	});

	it('reads empty windows as zero counts and null ratios', () => {
		const later = { fromMs: t0 + 10 * minute, toMs: t0 + 11 * minute };
		expect(value('count', later)).toBe(0);
		expect(value('amount', later)).toBe(0);
		expect(value('success', later)).toBeNull();
		expect(value('p50', later)).toBeNull();
	});

	it('gives one figure per window as a series (x in Unix seconds)', () => {
		const series = kpiSeries(m.kpis[0], windows, { fromMs: t0, toMs: t0 + 3 * minute }, minute);
		expect(series.xsSec).toEqual([t0 / 1000, (t0 + minute) / 1000, (t0 + 2 * minute) / 1000]);
		expect(series.values).toEqual([2, 2, 0]);
	});
});

describe('percentiles', () => {
	it('stay within the sketch bound of the exact nearest-rank quantile', () => {
		const random = seededRandom(3);
		const durations = Array.from({ length: 5_000 }, () => distributions.lognormal(random));
		const spans = durations.map((d, i) => bizSpan({ endMs: t0 + (i % 600) * 100, durationMs: d, attrs: { 'biz.transaction': 'deposit', 'biz.domain': 'deposits' } }));
		const m = model([0.5, 0.95, 0.99].map((q) => kpi('p' + q, { scope: { kind: 'transaction', transactionId: 'deposit' }, measure: { kind: 'percentile', q } })));
		const windows = run(m, spans, '1s');
		const sorted = spans.map((s) => s.durationUs / 1000).sort((a, b) => a - b);
		for (const k of m.kpis) {
			const q = (k.measure as { q: number }).q;
			const exact = exactQuantile(sorted, q) as number;
			const got = evaluateKpi(k, windows, { fromMs: t0, toMs: t0 + minute }).value as number;
			expect(Math.abs(got - exact) / exact).toBeLessThanOrEqual(0.01 + 1e-9);
		}
	});
});

describe('windows', () => {
	it('merge into coarser levels that equal a recomputation at that level', () => {
		const random = seededRandom(11);
		const spans = Array.from({ length: 3_000 }, () =>
			bizSpan({
				endMs: t0 + random() * 3 * 3_600_000,
				durationMs: distributions.exponential(random),
				error: random() < 0.1,
				attrs: { 'biz.transaction': random() < 0.5 ? 'account.transfer' : 'deposit', 'biz.domain': 'deposits', 'biz.channel': 'mobile', 'biz.amount_krw': Math.round(random() * 1e6) }
			})
		);
		const m = model([kpi('amount', { scope: depositsScope, measure: { kind: 'sum', attr: 'biz.amount_krw' } })]);
		const fine = run(m, spans, '1s');
		const merged = coarsenKpiWindows(coarsenKpiWindows(fine, '1m'), '1h');
		const direct = run(m, spans, '1m');
		// float sums differ in the last bits by summation order; everything else is exact
		const rounded = (ws: KpiWindowRecord[]) =>
			JSON.parse(JSON.stringify(ws, (key, v) => (typeof v === 'number' && (key === 'sumMs' || key === 'sum') ? Math.round(v * 1e6) / 1e6 : ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));
		expect(rounded(coarsenKpiWindows(direct, '1h'))).toEqual(rounded(merged));
		expect(merged.map((w) => w.startMs)).toEqual([t0, t0 + 3_600_000, t0 + 7_200_000]);
		expect(() => coarsenKpiWindows(merged, '1m')).toThrow(RangeError);
		// the same as folding mergeKpiWindows over the finer windows, bit for bit
		const hour = coarsenKpiWindows(direct, '1h');
		for (const h of hour) {
			const folded = direct.filter((w) => w.startMs >= h.startMs && w.startMs < h.startMs + 3_600_000).reduce((a, w) => mergeKpiWindows(a, { ...w, level: '1h', startMs: h.startMs }), { level: '1h', startMs: h.startMs, targets: {}, conversions: {} } as KpiWindowRecord);
			expect(h).toEqual(folded);
		}
	});
});

describe('conversion', () => {
	const steps = ['application', 'approval', 'execution'];
	const loan = (id: string, step: string, endMs: number, traceId?: string) =>
		bizSpan({ endMs, traceId, attrs: { 'biz.transaction': 'loan.' + step, 'biz.domain': 'lending', 'biz.application_id': id } });

	it('joins steps by a correlation attribute and credits the first step window, in any order', () => {
		const m = model([kpi('conv', { measure: { kind: 'conversion', steps, join: { by: 'attr', key: 'biz.application_id' } } })]);
		const spans = [
			loan('A', 'application', t0 + 1_000),
			loan('B', 'application', t0 + 2_000),
			loan('C', 'application', t0 + minute + 5_000),
			loan('A', 'approval', t0 + 40 * minute),
			loan('B', 'approval', t0 + 45 * minute),
			loan('A', 'execution', t0 + 120 * minute),
			// D's approval arrives before its application: credited when the application comes
			loan('D', 'approval', t0 + 30 * minute),
			loan('D', 'application', t0 + 10_000),
			// a duplicate step event counts once
			loan('A', 'approval', t0 + 41 * minute),
			// an execution without application (it happened before the history began)
			loan('E', 'execution', t0 + 50 * minute)
		];
		const windows = run(m, spans);
		const first = evaluateKpi(m.kpis[0], windows, { fromMs: t0, toMs: t0 + minute });
		expect(first.steps).toEqual([3, 3, 1]);
		expect(first.value).toBeCloseTo(1 / 3, 12);
		const all = evaluateKpi(m.kpis[0], windows, { fromMs: t0, toMs: t0 + 180 * minute });
		expect(all.steps).toEqual([4, 3, 1]);
		expect(all.value).toBe(0.25);
	});

	it('joins by trace id, and leaves spans without the attribute out', () => {
		const m = model([
			kpi('by-trace', { measure: { kind: 'conversion', steps: ['application', 'approval'], join: { by: 'trace' } } }),
			kpi('by-attr', { measure: { kind: 'conversion', steps: ['application', 'approval'], join: { by: 'attr', key: 'missing.key' } } })
		]);
		const trace = 'a'.repeat(32);
		const acc = new KpiAccumulator(m, { level: '1m' });
		acc.addSpans([loan('X', 'approval', t0 + 500, trace), loan('Y', 'application', t0 + 1_000, trace), loan('Z', 'application', t0 + 2_000, 'b'.repeat(32))]);
		const windows = acc.takeDeltas();
		expect(evaluateKpi(m.kpis[0], windows, { fromMs: t0, toMs: t0 + minute }).steps).toEqual([2, 1]);
		expect(evaluateKpi(m.kpis[1], windows, { fromMs: t0, toMs: t0 + minute }).steps).toEqual([0, 0]);
		expect(acc.counters.unjoinable).toBe(3);
	});

	it('forgets journeys past the lag bound and the count bound, and counts them', () => {
		const conv = (maxLagMs: number) => kpi('conv', { measure: { kind: 'conversion', steps: ['application', 'approval'], join: { by: 'attr', key: 'biz.application_id' }, maxLagMs } });
		const hour = { fromMs: t0, toMs: t0 + 60 * minute };
		const byCount = model([conv(60 * minute)]);
		const small = new KpiAccumulator(byCount, { level: '1m', maxJourneys: 2 });
		// C pushes A out; A's approval then starts an unstarted journey, which pushes B out
		small.addSpans([loan('A', 'application', t0), loan('B', 'application', t0 + 1_000), loan('C', 'application', t0 + 2_000), loan('A', 'approval', t0 + 3_000), loan('C', 'approval', t0 + 4_000)]);
		expect(evaluateKpi(byCount.kpis[0], small.takeDeltas(), hour).steps).toEqual([3, 1]);
		expect(small.counters.journeysEvicted).toBe(2);

		const byLag = model([conv(10 * minute)]);
		const acc = new KpiAccumulator(byLag, { level: '1m' });
		acc.addSpans([loan('A', 'application', t0), loan('B', 'application', t0 + 15 * minute), loan('B', 'approval', t0 + 16 * minute), loan('A', 'approval', t0 + 20 * minute)]);
		expect(evaluateKpi(byLag.kpis[0], acc.takeDeltas(), hour).steps).toEqual([2, 1]);
	});
});

describe('comparison, targets and thresholds', () => {
	const m = model([kpi('count', { scope: transferScope, measure: { kind: 'count' }, target: 8, thresholds: { direction: 'below', warn: -0.2, critical: -0.5, basis: 'vs-last-week' } })]);
	const at = (endMs: number) => bizSpan({ endMs, attrs: { 'biz.transaction': 'account.transfer', 'biz.domain': 'deposits' } });
	const now = Array.from({ length: 4 }, (_, i) => at(t0 + i * 1_000));
	const yesterday = Array.from({ length: 2 }, (_, i) => at(t0 - dayMs + i * 1_000));
	const lastWeek = Array.from({ length: 10 }, (_, i) => at(t0 - weekMs + i * 1_000));
	const windows = run(m, [...now, ...yesterday, ...lastWeek]);
	const range = { fromMs: t0, toMs: t0 + minute };

	it('compares with the same range yesterday and last week, and against the target', () => {
		const reading = readKpi({ kpi: m.kpis[0], range, current: windows, yesterday: windows, lastWeek: windows });
		expect(reading.value).toBe(4);
		expect(reading.yesterday).toBe(2);
		expect(reading.lastWeek).toBe(10);
		expect(reading.vsYesterday).toBe(1);
		expect(reading.vsLastWeek).toBeCloseTo(-0.6, 12);
		expect(reading.targetRatio).toBe(0.5);
		expect(reading.status).toBe('critical');
	});

	it('reads null comparisons for ranges that were not collected, and status unknown', () => {
		const reading = readKpi({ kpi: m.kpis[0], range, current: windows });
		expect(reading.lastWeek).toBeNull();
		expect(reading.vsLastWeek).toBeNull();
		expect(reading.status).toBe('unknown');
	});

	it('judges ok / warn / critical on either side', () => {
		const above = { direction: 'above' as const, warn: 500, critical: 1_000 };
		expect([499, 500, 999, 1_000].map((value) => kpiStatus(above, { value }))).toEqual(['ok', 'warn', 'warn', 'critical']);
		const below = { direction: 'below' as const, warn: 0.99, critical: 0.95 };
		expect([0.995, 0.99, 0.96, 0.95, null].map((value) => kpiStatus(below, { value }))).toEqual(['ok', 'warn', 'warn', 'critical', 'unknown']);
	});
});

describe('BusinessModel.build', () => {
	it('leaves out invalid and dangling definitions and says why', () => {
		const built = BusinessModel.build({
			domains,
			transactions: [...transactions, tx('orphan', 'nowhere', [attrEquals('a', 'b')]), { id: 'bad', domainId: 'lending', name: '', rule: { kind: 'all', conditions: [] } } as never],
			kpis: [kpi('ok', { scope: transferScope, measure: { kind: 'count' } }), kpi('dangling', { scope: { kind: 'transaction', transactionId: 'orphan' }, measure: { kind: 'count' } })]
		});
		expect(built.transactions.map((t) => t.id)).toEqual(transactions.map((t) => t.id));
		expect(built.kpis.map((k) => k.id)).toEqual(['ok']);
		expect(built.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['business.invalid.text', 'business.invalid.group', 'business.invalid.reference']));
	});
});
