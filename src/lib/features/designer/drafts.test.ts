import { describe, expect, it } from 'vitest';
import { parseKpi, parseTransaction } from '$lib/domain/business/validate';
import { blankKpi, blankTransaction, cleanKpi, issuePlace, measureOf, newId, routeConditions, withOp } from './drafts';

describe('designer drafts', () => {
	it('makes ids and blank drafts that validation explains', () => {
		expect(newId('tx', () => 0)).toBe('tx-aaaaaaaa');
		const draft = blankTransaction('lending', () => 0.5);
		const parsed = parseTransaction(draft);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.issues.map((i) => i.path)).toContain('transaction.name');
		draft.name = 'Loans';
		(draft.rule.conditions[0] as { value: string }).value = 'loan.application';
		expect(parseTransaction(draft).ok).toBe(true);
	});

	it('switches operators and measures keeping what applies', () => {
		const test = { kind: 'test' as const, field: 'attr' as const, key: 'biz.amount_krw', op: 'equals' as const, value: '10' };
		expect(withOp(test, 'range')).toEqual({ kind: 'test', field: 'attr', key: 'biz.amount_krw', op: 'range', min: 0 });
		expect(withOp(test, 'exists')).toEqual({ kind: 'test', field: 'attr', key: 'biz.amount_krw', op: 'exists' });
		expect(measureOf('sum', { kind: 'count' })).toEqual({ kind: 'sum', attr: 'biz.amount_krw' });
		expect(measureOf('mean', { kind: 'sum', attr: 'x' })).toEqual({ kind: 'mean', attr: 'x' });
		expect(measureOf('percentile', { kind: 'count' })).toEqual({ kind: 'percentile', q: 0.95 });
	});

	it('cleans a KPI form and places issues readably', () => {
		const kpi = { ...blankKpi(() => 0), name: ' Loans ', scope: { kind: 'transaction' as const, transactionId: 'tx-1' }, target: NaN };
		expect(cleanKpi(kpi)).toEqual({ id: 'kpi-aaaaaaaa', name: 'Loans', scope: { kind: 'transaction', transactionId: 'tx-1' }, measure: { kind: 'count' } });
		expect(parseKpi(cleanKpi(kpi)).ok).toBe(true);
		expect(issuePlace('rule.conditions[1].value')).toBe('rule › conditions › 2 › value');
		expect(routeConditions({ service: 'web', endpoint: 'GET /cart' })[1]).toEqual({ kind: 'test', field: 'name', op: 'equals', value: 'GET /cart' });
	});
});
