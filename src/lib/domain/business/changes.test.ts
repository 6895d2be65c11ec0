import { describe, expect, it } from 'vitest';
import { definitionChange, definitionsKey, isNoChange } from './changes';
import { attrEquals, tx } from './test-spans';
import type { BusinessDefinitions } from './types';

const base: BusinessDefinitions = {
	domains: [
		{ id: 'lending', names: { en: 'Lending' } },
		{ id: 'deposits', names: { en: 'Deposits' } }
	],
	transactions: [tx('loan', 'lending', [attrEquals('biz.transaction', 'loan.application')]), tx('transfer', 'deposits', [attrEquals('biz.transaction', 'account.transfer')])],
	kpis: [{ id: 'loans', name: 'Loans', scope: { kind: 'transaction', transactionId: 'loan' }, measure: { kind: 'count' } }]
};

const clone = (): BusinessDefinitions => structuredClone(base);

describe('definitionChange', () => {
	it('needs nothing for equal definitions or a renamed domain, and the key ignores order', () => {
		const renamed = clone();
		renamed.domains[0].names = { en: 'Loans', ko: '여신' };
		expect(isNoChange(definitionChange(base, renamed))).toBe(true);
		const reordered = clone();
		reordered.transactions.reverse();
		expect(definitionsKey(reordered)).toBe(definitionsKey(base));
		expect(definitionsKey(renamed)).not.toBe(definitionsKey(base));
	});

	it('re-evaluates a changed rule, and both domains of a moved transaction', () => {
		const changed = clone();
		changed.transactions[0].rule.conditions.push(attrEquals('biz.channel', 'mobile'));
		expect(definitionChange(base, changed)).toEqual({ transactions: ['loan'], domains: [] });
		const moved = clone();
		moved.transactions[0].domainId = 'deposits';
		expect(definitionChange(base, moved)).toEqual({ transactions: ['loan'], domains: ['lending'] });
	});

	it('re-evaluates the domain of a removed transaction and what a new KPI reads', () => {
		const removed = clone();
		removed.transactions.splice(1, 1);
		expect(definitionChange(base, removed)).toEqual({ transactions: [], domains: ['deposits'] });
		const kpi = clone();
		kpi.kpis.push({ id: 'amount', name: 'Amount', scope: { kind: 'domain', domainId: 'deposits' }, measure: { kind: 'sum', attr: 'biz.amount_krw' } });
		kpi.kpis.push({ id: 'conv', name: 'Conv', measure: { kind: 'conversion', steps: ['loan', 'transfer'], join: { by: 'trace' } } });
		expect(definitionChange(base, kpi)).toEqual({ transactions: ['loan', 'transfer'], domains: ['deposits'] });
		const dropped = clone();
		dropped.kpis = [];
		expect(isNoChange(definitionChange(base, dropped))).toBe(true);
	});
});
