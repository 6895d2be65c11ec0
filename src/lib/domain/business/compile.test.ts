import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../protocol/records';
import { seededRandom } from '../telemetry/test-random';
import { anchorOf, compileCondition, RuleMatcher } from './compile';
import { attrEquals, bizSpan, tx } from './test-spans';
import type { RuleCondition, RuleTest } from './types';

const transfer = bizSpan({
	service: 'api-gateway',
	name: 'POST /mb/api/transfers',
	route: '/mb/api/transfers',
	attrs: { 'biz.transaction': 'account.transfer', 'biz.amount_krw': 250_000, 'biz.channel': 'mobile', 'biz.tags': ['vip', 'otp'], 'retry.count': '3', 'biz.flag': true }
});

function test(partial: Omit<RuleTest, 'kind'>): RuleCondition {
	return { kind: 'test', ...partial };
}

describe('compileCondition', () => {
	it.each([
		['service equals', test({ field: 'service', op: 'equals', value: 'api-gateway' }), true],
		['service equals other', test({ field: 'service', op: 'equals', value: 'transfer' }), false],
		['name prefix', test({ field: 'name', op: 'prefix', value: 'POST /mb/' }), true],
		['route regex', test({ field: 'route', op: 'regex', value: '^/(mb|ib)/api/transfers$' }), true],
		['route regex case-sensitive', test({ field: 'route', op: 'regex', value: 'TRANSFERS' }), false],
		['route regex with i flag', test({ field: 'route', op: 'regex', value: 'TRANSFERS', flags: 'i' }), true],
		['attr range inside', test({ field: 'attr', key: 'biz.amount_krw', op: 'range', min: 100_000, max: 250_000 }), true],
		['attr range above max', test({ field: 'attr', key: 'biz.amount_krw', op: 'range', max: 249_999 }), false],
		['attr range on numeric text', test({ field: 'attr', key: 'retry.count', op: 'range', min: 3 }), true],
		['number equals numeric text', test({ field: 'attr', key: 'retry.count', op: 'equals', value: 3 }), true],
		['text equals a number attribute', test({ field: 'attr', key: 'biz.amount_krw', op: 'equals', value: '250000' }), true],
		['array attribute, any element', test({ field: 'attr', key: 'biz.tags', op: 'equals', value: 'otp' }), true],
		['boolean equals', test({ field: 'attr', key: 'biz.flag', op: 'equals', value: true }), true],
		['exists', test({ field: 'attr', key: 'biz.channel', op: 'exists' }), true],
		['missing attribute never equals', test({ field: 'attr', key: 'biz.product', op: 'equals', value: 'x' }), false],
		['negated missing attribute', test({ field: 'attr', key: 'biz.product', op: 'exists', negate: true }), true],
		['range on text that is not a number', test({ field: 'attr', key: 'biz.channel', op: 'range', min: 0 }), false]
	])('%s', (_name, condition, expected) => {
		expect(compileCondition(condition)(transfer)).toBe(expected);
	});

	it('combines with and / or and negation', () => {
		const mobile = test({ field: 'attr', key: 'biz.channel', op: 'equals', value: 'mobile' });
		const internet = test({ field: 'attr', key: 'biz.channel', op: 'equals', value: 'internet' });
		const big = test({ field: 'attr', key: 'biz.amount_krw', op: 'range', min: 1_000_000 });
		expect(compileCondition({ kind: 'all', conditions: [mobile, big] })(transfer)).toBe(false);
		expect(compileCondition({ kind: 'any', conditions: [mobile, big] })(transfer)).toBe(true);
		expect(compileCondition({ kind: 'any', conditions: [internet, big] })(transfer)).toBe(false);
		expect(compileCondition({ kind: 'all', conditions: [mobile, { ...big, negate: true }] })(transfer)).toBe(true);
		expect(compileCondition({ kind: 'all', negate: true, conditions: [mobile] })(transfer)).toBe(false);
	});
});

describe('anchorOf', () => {
	it('prefers an attribute test, then route, name, service', () => {
		const rule = {
			kind: 'all' as const,
			conditions: [test({ field: 'service', op: 'equals', value: 'gw' }), test({ field: 'route', op: 'equals', value: '/a' }), attrEquals('biz.transaction', 'deposit')]
		};
		expect(anchorOf(rule)).toEqual({ signature: 'attr:biz.transaction', rank: 0, values: ['deposit'], rest: rule.conditions.slice(0, 2) });
	});

	it('files an or of equals on one field under every value, and refuses negated or mixed groups', () => {
		expect(anchorOf({ kind: 'any', conditions: [attrEquals('k', 'a'), attrEquals('k', 'b')] })?.values).toEqual(['a', 'b']);
		expect(anchorOf({ kind: 'any', conditions: [attrEquals('k', 'a'), attrEquals('j', 'b')] })).toBeUndefined();
		expect(anchorOf({ kind: 'all', negate: true, conditions: [attrEquals('k', 'a')] })).toBeUndefined();
		expect(anchorOf({ kind: 'all', conditions: [{ ...(attrEquals('k', 'a') as RuleTest), negate: true }] })).toBeUndefined();
	});
});

describe('RuleMatcher', () => {
	it('honours span scopes: transactions, entry (root) spans, all spans', () => {
		const byService = [test({ field: 'service', op: 'equals', value: 'transfer' })];
		const matcher = new RuleMatcher([tx('txn', 'd', byService), tx('entry', 'd', byService, { spans: 'entry' }), tx('all', 'd', byService, { spans: 'all' })]);
		const server = bizSpan({ service: 'transfer', kind: SpanKind.Server, parentSpanId: 'aaaaaaaaaaaaaaaa' });
		const client = bizSpan({ service: 'transfer', kind: SpanKind.Client, parentSpanId: 'aaaaaaaaaaaaaaaa' });
		const root = bizSpan({ service: 'transfer', kind: SpanKind.Server });
		expect(matcher.matchAll(server)).toEqual([0, 2]);
		expect(matcher.matchAll(client)).toEqual([2]);
		expect(matcher.matchAll(root)).toEqual([0, 1, 2]);
	});

	it('reports every matching rule in rule order (overlaps)', () => {
		const matcher = new RuleMatcher([
			tx('by-route', 'd', [test({ field: 'route', op: 'prefix', value: '/mb/' })]),
			tx('by-biz', 'd', [attrEquals('biz.transaction', 'account.transfer')]),
			tx('other', 'd', [attrEquals('biz.transaction', 'deposit')])
		]);
		expect(matcher.matchAll(transfer)).toEqual([0, 1]);
	});

	it('matches exactly what testing every rule one by one matches (random rules and spans)', () => {
		const random = seededRandom(7);
		const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
		const services = ['gw', 'transfer', 'accounts', 'loans'];
		const routes = ['/a', '/b', '/c/1', '/c/2'];
		const txNames = ['deposit', 'withdrawal', 'login', 'loan.application'];
		const randomTest = (): RuleCondition => {
			switch (Math.floor(random() * 5)) {
				case 0:
					return test({ field: 'service', op: 'equals', value: pick(services), negate: random() < 0.2 });
				case 1:
					return test({ field: 'route', op: pick(['equals', 'prefix'] as const), value: pick(routes) });
				case 2:
					return test({ field: 'attr', key: 'biz.transaction', op: 'equals', value: pick(txNames) });
				case 3:
					return test({ field: 'attr', key: 'amount', op: 'range', min: Math.floor(random() * 50), max: 50 + Math.floor(random() * 50) });
				default:
					return test({ field: 'name', op: 'regex', value: pick(['^GET', 'POST', '/c/\\d']) });
			}
		};
		const randomRule = (): RuleCondition[] => {
			const n = 1 + Math.floor(random() * 3);
			const conditions = Array.from({ length: n }, randomTest);
			if (random() < 0.3) conditions.push({ kind: 'any', conditions: [attrEquals('biz.transaction', pick(txNames)), attrEquals('biz.transaction', pick(txNames))] });
			return conditions;
		};
		const transactions = Array.from({ length: 40 }, (_, i) => tx('r' + i, 'd', randomRule(), { spans: pick(['transactions', 'entry', 'all'] as const) }));
		transactions.push({ id: 'top-any', domainId: 'd', name: 'x', rule: { kind: 'any', conditions: [attrEquals('biz.transaction', 'login'), attrEquals('biz.transaction', 'deposit')] } });
		const matcher = new RuleMatcher(transactions);
		const naive = transactions.map((t) => compileCondition(t.rule));
		for (let i = 0; i < 2_000; i++) {
			const route = pick(routes);
			const span = bizSpan({
				service: pick(services),
				name: pick(['GET', 'POST']) + ' ' + route,
				route,
				kind: pick([SpanKind.Server, SpanKind.Client, SpanKind.Internal]),
				parentSpanId: random() < 0.5 ? '' : 'bbbbbbbbbbbbbbbb',
				attrs: {
					'biz.transaction': random() < 0.2 ? [pick(txNames), pick(txNames)] : pick(txNames),
					amount: random() < 0.5 ? Math.floor(random() * 100) : String(Math.floor(random() * 100))
				}
			});
			const isTxn = span.kind === SpanKind.Server || span.parentSpanId === '';
			const expected = transactions
				.map((t, r) => ({ t, r }))
				.filter(({ t, r }) => {
					const scope = t.spans ?? 'transactions';
					if (scope === 'transactions' && !isTxn) return false;
					if (scope === 'entry' && span.parentSpanId !== '') return false;
					return naive[r](span);
				})
				.map(({ r }) => r);
			expect(matcher.matchAll(span)).toEqual(expected);
		}
	});

	it('uses the status as the default success test, or the rule given', () => {
		const matcher = new RuleMatcher([
			tx('plain', 'd', [attrEquals('biz.transaction', 'deposit')]),
			tx('biz-outcome', 'd', [attrEquals('biz.transaction', 'deposit')], { success: attrEquals('biz.outcome', 'success') })
		]);
		const failed = bizSpan({ error: true, attrs: { 'biz.transaction': 'deposit', 'biz.outcome': 'success' } });
		expect(matcher.rules[0].success(failed)).toBe(false);
		expect(matcher.rules[1].success(failed)).toBe(true);
	});
});
