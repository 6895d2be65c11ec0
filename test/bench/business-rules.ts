/**
 * The business benchmark's definitions (test/bench/business.bench.ts and its browser page):
 * 50 mapping rules with count, amount and p95 KPIs, and the demo bank's starter set with the
 * one-rule change the benchmark makes to it.
 */
import { demoBankKpis, demoBankTransactions, seedDomains } from '../../src/lib/domain/business/seed';
import type { BusinessDefinitions, BusinessTransaction, KpiDefinition, RuleCondition } from '../../src/lib/domain/business/types';

export const eq = (key: string, value: string): RuleCondition => ({ kind: 'test', field: 'attr', key, op: 'equals', value });
const route = (op: 'equals' | 'prefix' | 'regex', value: string): RuleCondition => ({ kind: 'test', field: 'route', op, value });

/** 50 rules: the 10 demo-bank transactions and 40 more a bank might add, some overlapping, 8 without an anchor. */
export function fiftyRules(): BusinessTransaction[] {
	const rules: BusinessTransaction[] = [...demoBankTransactions];
	const add = (id: string, domainId: string, conditions: RuleCondition[], spans: BusinessTransaction['spans'] = 'entry') => rules.push({ id, domainId, name: id, spans, rule: { kind: 'all', conditions } });
	const channels = [['mb', 'mobile'], ['ib', 'internet'], ['branch', 'branch']] as const;
	const routes = [
		['transfers', 'deposits', '/api/transfers'],
		['deposits', 'deposits', '/api/cash/deposits'],
		['withdrawals', 'deposits', '/api/cash/withdrawals'],
		['loan-applications', 'lending', '/api/loans/applications'],
		['logins', 'ebanking', '/api/auth/login'],
		['balances', 'deposits', '/api/accounts/{accountNo}/balance']
	] as const;
	for (const [prefix, channel] of channels) for (const [name, domain, path] of routes) add(`${channel}-${name}`, domain, [route('equals', `/${prefix}${path}`)]);
	for (const segment of ['mass', 'affluent', 'private', 'sme', 'youth']) add(`transfers-${segment}`, 'deposits', [eq('biz.transaction', 'account.transfer'), eq('biz.customer_segment', segment)]);
	add('large-transfers', 'deposits', [eq('biz.transaction', 'account.transfer'), { kind: 'test', field: 'attr', key: 'biz.amount_krw', op: 'range', min: 1_000_000 }]);
	add('small-deposits', 'deposits', [eq('biz.transaction', 'deposit'), { kind: 'test', field: 'attr', key: 'biz.amount_krw', op: 'range', max: 50_000 }]);
	add('failed-money', 'deposits', [{ kind: 'any', conditions: [eq('biz.transaction', 'account.transfer'), eq('biz.transaction', 'deposit'), eq('biz.transaction', 'withdrawal')] }, eq('biz.outcome', 'failed')]);
	add('product-pages', 'products', [route('regex', '^/(mb|ib)/api/products/')]);
	add('backoffice', 'lending', [route('prefix', '/branch/backoffice/')]);
	add('teller-cash', 'deposits', [{ kind: 'test', field: 'service', op: 'equals', value: 'core-banking' }, route('regex', 'cash/(deposits|withdrawals)$')]);
	add('transfer-service', 'deposits', [{ kind: 'test', field: 'service', op: 'equals', value: 'transfer' }], 'transactions');
	add('scoring', 'lending', [{ kind: 'test', field: 'service', op: 'equals', value: 'credit-scoring' }], 'transactions');
	add('notifications', 'ebanking', [{ kind: 'test', field: 'service', op: 'equals', value: 'notification' }], 'transactions');
	add('core-entries', 'deposits', [{ kind: 'test', field: 'service', op: 'prefix', value: 'core-' }], 'transactions');
	add('youth-mobile', 'ebanking', [eq('biz.customer_segment', 'youth'), eq('biz.channel', 'mobile')]);
	add('sme-any', 'ebanking', [eq('biz.customer_segment', 'sme')]);
	add('inquiries', 'products', [{ kind: 'any', conditions: [eq('biz.transaction', 'product.inquiry'), eq('biz.transaction', 'balance.inquiry')] }]);
	add('not-success', 'ebanking', [{ kind: 'test', field: 'attr', key: 'biz.outcome', op: 'equals', value: 'success', negate: true }]);
	add('status-5xx', 'ebanking', [{ kind: 'test', field: 'attr', key: 'http.response.status_code', op: 'range', min: 500, max: 599 }]);
	add('affluent-loans', 'lending', [eq('biz.customer_segment', 'affluent'), { kind: 'test', field: 'route', op: 'prefix', value: '/mb/api/loans' }]);
	add('executions-big', 'lending', [eq('biz.transaction', 'loan.execution'), { kind: 'test', field: 'attr', key: 'biz.amount_krw', op: 'range', min: 100_000 }]);
	if (rules.length !== 50) throw new Error(`expected 50 rules, built ${rules.length}`);
	return rules;
}

export function allKpis(rules: BusinessTransaction[]): KpiDefinition[] {
	const kpis: KpiDefinition[] = [];
	const scopes = [...rules.map((r) => ({ kind: 'transaction' as const, transactionId: r.id })), ...seedDomains.map((d) => ({ kind: 'domain' as const, domainId: d.id }))];
	for (const scope of scopes) {
		const id = scope.kind === 'domain' ? scope.domainId : scope.transactionId;
		kpis.push({ id: `${id}-count`, name: 'count', scope, measure: { kind: 'count' } });
		kpis.push({ id: `${id}-amount`, name: 'amount', scope, measure: { kind: 'sum', attr: 'biz.amount_krw' } });
		kpis.push({ id: `${id}-p95`, name: 'p95', scope, measure: { kind: 'percentile', q: 0.95 }, thresholds: { direction: 'above', warn: 800, critical: 2_000 } });
	}
	kpis.push({ id: 'loan-conversion', name: 'Loan conversion', measure: { kind: 'conversion', steps: ['loan-application', 'loan-approval', 'loan-execution'], join: { by: 'attr', key: 'biz.application_id' } } });
	return kpis;
}

/** The demo bank's starter set: 10 entry-scoped transactions, count / amount / p95 KPIs of each and of each domain, the loan conversion. */
export function starterDefinitions(): BusinessDefinitions {
	const kpis = [...allKpis([...demoBankTransactions]), ...demoBankKpis.filter((k) => k.id === 'loan-conversion').map((k) => ({ ...k, id: 'starter-conversion' }))];
	return { domains: [...seedDomains], transactions: [...demoBankTransactions], kpis };
}

/** The starter set with one rule changed: account transfers also need a non-negative amount. */
export function changedStarter(defs: BusinessDefinitions): BusinessDefinitions {
	return {
		...defs,
		transactions: defs.transactions.map((t) =>
			t.id === 'account-transfer' && t.rule.kind === 'all'
				? { ...t, rule: { ...t.rule, conditions: [...t.rule.conditions, { kind: 'test' as const, field: 'attr' as const, key: 'biz.amount_krw', op: 'range' as const, min: 0 }] } }
				: t
		)
	};
}
