import { describe, expect, it } from 'vitest';
import { SpanKind, StatusCode, type AttrValue, type SpanRecord } from '../../protocol/records';
import { seededRandom } from '../telemetry/test-random';
import { KpiAccumulator } from './accumulator';
import { reevaluateHistory } from './history';
import { BusinessModel } from './model';
import { rowsServe } from './rows-serve';
import { maxRowsPerRecord, maxSharedValues, rowEndMs, ruleRowsOf, RuleRowsBuilder } from './rule-rows';
import { attrEquals, bizSpan, tx } from './test-spans';
import type { BusinessDefinitions, KpiDefinition } from './types';

const t0 = Date.UTC(2026, 0, 5, 9);
const domains = [
	{ id: 'deposits', names: { en: 'Deposits' } },
	{ id: 'lending', names: { en: 'Lending' } }
];

/** Spans with shared fields, attributes that outgrow sharing part-way, odd values and odd times. */
function craftedSpans(count: number, seed: number): SpanRecord[] {
	const random = seededRandom(seed);
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
	const spans: SpanRecord[] = [];
	for (let i = 0; i < count; i++) {
		const attrs: Record<string, AttrValue> = {
			'biz.transaction': pick(['account.transfer', 'deposit', 'loan.application', 'loan.approval']),
			'biz.channel': pick(['mobile', 'internet', 'branch']),
			'http.route': pick(['/api/transfers', '/api/loans/{id}', '/api/cash/deposits'])
		};
		// amounts repeat at first, then take a new value every row (a column from then on)
		attrs['biz.amount_krw'] = i < count / 4 ? pick([1_000, 50_000, 2_000_000]) : Math.round(random() * 5_000_000);
		if (random() < 0.5) attrs['biz.application_id'] = 'app-' + Math.floor(i / 3);
		if (random() < 0.1) attrs['tags'] = pick([['a', 'b'], ['vip']]);
		if (random() < 0.1) attrs['flag'] = random() < 0.5;
		if (random() < 0.05) attrs['__proto__'] = 'own';
		if (random() < 0.05) attrs['biz.amount_krw'] = pick([NaN, -0, '150000']);
		const root = random() < 0.6;
		const span = bizSpan({
			endMs: t0 + Math.floor(random() * 7_200_000) + (random() < 0.1 ? 0.0004 : 0),
			durationMs: random() < 0.1 ? 0 : 1 + random() * 900,
			service: pick(['api-gateway', 'transfer', 'loan']),
			name: pick(['POST', 'GET']),
			attrs
		});
		span.parentSpanId = root ? '' : 'p'.repeat(16);
		span.kind = root ? SpanKind.Server : pick([SpanKind.Server, SpanKind.Consumer]);
		span.status = random() < 0.1 ? StatusCode.Error : StatusCode.Unset;
		spans.push(span);
	}
	return spans;
}

const amountRange = (min: number): BusinessDefinitions['transactions'][number]['rule']['conditions'][number] => ({ kind: 'test', field: 'attr', key: 'biz.amount_krw', op: 'range', min });

function definitions(): BusinessDefinitions {
	const transactions = [
		tx('transfer', 'deposits', [attrEquals('biz.transaction', 'account.transfer')], { spans: 'entry' }),
		tx('big-transfer', 'deposits', [attrEquals('biz.transaction', 'account.transfer'), amountRange(1_000_000)]),
		tx('mobile', 'deposits', [attrEquals('biz.channel', 'mobile')], { success: { kind: 'test', field: 'attr', key: 'biz.amount_krw', op: 'range', max: 3_000_000 } }),
		tx('loan-application', 'lending', [attrEquals('biz.transaction', 'loan.application')], { spans: 'entry' }),
		tx('loan-approval', 'lending', [attrEquals('biz.transaction', 'loan.approval')]),
		tx('routes', 'lending', [{ kind: 'test', field: 'route', op: 'regex', value: '^/api/loans' }, { kind: 'test', field: 'attr', key: 'biz.application_id', op: 'exists' }]),
		tx('tagged', 'lending', [{ kind: 'any', conditions: [attrEquals('tags', 'vip'), attrEquals('flag', true), attrEquals('__proto__', 'own')] }])
	];
	const kpis: KpiDefinition[] = [];
	for (const t of transactions) {
		const scope = { kind: 'transaction' as const, transactionId: t.id };
		kpis.push({ id: t.id + '-amount', name: 'amount', scope, measure: { kind: 'sum', attr: 'biz.amount_krw' } });
		kpis.push({ id: t.id + '-p95', name: 'p95', scope, measure: { kind: 'percentile', q: 0.95 } });
	}
	for (const d of domains) kpis.push({ id: d.id + '-mean', name: 'mean', scope: { kind: 'domain', domainId: d.id }, measure: { kind: 'mean', attr: 'biz.amount_krw' } });
	kpis.push({ id: 'loans', name: 'loans', measure: { kind: 'conversion', steps: ['loan-application', 'loan-approval'], join: { by: 'attr', key: 'biz.application_id' } } });
	return { domains, transactions, kpis };
}

describe('rule rows', () => {
	it('give the windows, counters and journeys the spans give', async () => {
		const spans = craftedSpans(20_000, 3);
		const model = BusinessModel.build(definitions());
		expect(model.issues).toEqual([]);
		const records = ruleRowsOf(spans);
		expect(records.length).toBe(Math.ceil(spans.length / maxRowsPerRecord));
		// the amount outgrew sharing: a column, so the amount rules are tested row by row
		expect(records.every((r) => r.columns.some((c) => c.key === 'biz.amount_krw'))).toBe(true);
		const range = { fromMs: t0 + 600_000, toMs: t0 + 6_000_000 };
		const fromSpans = await reevaluateHistory({ model, chunks: [spans], ...range });
		const fromRows = await reevaluateHistory({ model, rows: records, ...range });
		expect(fromRows.counters).toEqual(fromSpans.counters);
		expect(fromRows.counters.matched).toBeGreaterThan(1_000);
		expect(fromRows.windows).toEqual(fromSpans.windows);
	});

	it('keeps end times and durations exact, in 4 bytes a row when whole µs allow it', () => {
		// within an hour (offsets are 32-bit µs: 71 min), whole µs
		const whole = craftedSpans(500, 4).map((s, i) => ({ ...s, startUs: t0 * 1000 + i * 7_000_000, durationUs: Math.round(s.durationUs) }));
		const [compact] = ruleRowsOf(whole);
		expect(compact.endOffsetUs).toBeInstanceOf(Uint32Array);
		expect(compact.durationUs).toBeInstanceOf(Uint32Array);
		const odd = craftedSpans(500, 5).map((s, i) => (i === 7 ? { ...s, startUs: s.startUs + 0.25 } : s));
		const [wide] = ruleRowsOf(odd);
		expect(wide.endOffsetUs).toBeUndefined();
		for (const [spans, rows] of [
			[whole, compact],
			[odd, wide]
		] as const) {
			spans.forEach((s, i) => {
				expect(rowEndMs(rows, i)).toBe((s.startUs + s.durationUs) / 1000);
				expect(rows.durationUs[i]).toBe(s.durationUs);
			});
		}
	});

	it('shares a key until it takes more than maxSharedValues values, then gives it a column', () => {
		const spans = Array.from({ length: maxSharedValues + 10 }, (_, i) => bizSpan({ endMs: t0 + i, attrs: { id: 'v' + i, kind: 'same' } }));
		const [rows] = ruleRowsOf(spans);
		// one shape per shared value, and one for the rows whose id went to the column
		expect(rows.shapes.length).toBe(maxSharedValues + 1);
		expect(rows.columns.map((c) => c.key)).toEqual(['id']);
		expect(Array.from(rows.columns[0].rows)).toEqual(Array.from({ length: 10 }, (_, i) => maxSharedValues + i));
		expect(rows.shapes.every((s) => s.attrs['kind'] === 'same')).toBe(true);
	});

	it('reopens a stored record and goes on as if it had never been closed', async () => {
		const spans = craftedSpans(3_000, 6);
		const once = new RuleRowsBuilder();
		for (const s of spans) once.add(s);
		let builder = new RuleRowsBuilder();
		for (let i = 0; i < spans.length; i++) {
			if (i % 700 === 0) builder = RuleRowsBuilder.reopen(structuredClone(builder.build()));
			builder.add(spans[i]);
		}
		const model = BusinessModel.build(definitions());
		const a = await reevaluateHistory({ model, rows: [once.build()], fromMs: 0, toMs: Infinity });
		const b = await reevaluateHistory({ model, rows: [builder.build()], fromMs: 0, toMs: Infinity });
		expect(b.windows).toEqual(a.windows);
		expect(builder.count).toBe(spans.length);
	});

	it('refuse definitions they cannot serve: rules over every span, conversions joined by trace', () => {
		const defs = definitions();
		expect(rowsServe(BusinessModel.build(defs))).toBe(true);
		const every = structuredClone(defs);
		every.transactions[0].spans = 'all';
		expect(rowsServe(BusinessModel.build(every))).toBe(false);
		const byTrace = structuredClone(defs);
		byTrace.kpis.push({ id: 'trace-conv', name: 'c', measure: { kind: 'conversion', steps: ['loan-application', 'loan-approval'], join: { by: 'trace' } } });
		const model = BusinessModel.build(byTrace);
		expect(rowsServe(model)).toBe(false);
		expect(() => new KpiAccumulator(model).addRows(ruleRowsOf(craftedSpans(10, 1))[0])).toThrow(/need spans/);
	});
});
