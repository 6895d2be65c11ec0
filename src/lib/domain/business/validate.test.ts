import { describe, expect, it } from 'vitest';
import { demoBankKpis, demoBankTransactions, seedDomains } from './seed';
import { maxRuleDepth, parseDomain, parseKpi, parseTransaction, referenceIssues, regexProblem, ruleIssues } from './validate';
import type { RuleCondition } from './types';

const codes = (issues: { code: string }[]) => issues.map((i) => i.code);
const kpiCodes = (v: unknown) => {
	const parsed = parseKpi(v);
	return parsed.ok ? [] : codes(parsed.issues);
};

describe('validation of business definitions', () => {
	it('accepts the seeded domains and the demo-bank starter set', () => {
		for (const d of seedDomains) expect(parseDomain(d).ok).toBe(true);
		for (const t of demoBankTransactions) expect(parseTransaction(t)).toEqual({ ok: true, value: t });
		for (const k of demoBankKpis) expect(parseKpi(k).ok).toBe(true);
		expect(referenceIssues({ domains: [...seedDomains], transactions: [...demoBankTransactions], kpis: [...demoBankKpis] })).toEqual([]);
	});

	it('says where a rule is wrong', () => {
		const rule = {
			kind: 'all',
			conditions: [
				{ kind: 'test', field: 'attr', op: 'equals', value: 'x' },
				{ kind: 'test', field: 'route', op: 'range', min: 5, max: 1 },
				{ kind: 'test', field: 'host', op: 'equals', value: 'x' },
				{ kind: 'any', conditions: [] }
			]
		};
		expect(ruleIssues(rule).map((i) => [i.path, i.code])).toEqual([
			['rule.conditions[0].key', 'business.invalid.key'],
			['rule.conditions[1]', 'business.invalid.range'],
			['rule.conditions[2].field', 'business.invalid.field'],
			['rule.conditions[3].conditions', 'business.invalid.group']
		]);
	});

	it('refuses regular expressions that do not compile or backtrack exponentially', () => {
		expect(regexProblem('(unclosed')?.code).toBe('business.invalid.regex');
		expect(regexProblem('(a+)+$')?.code).toBe('business.invalid.regex-unsafe');
		expect(regexProblem('^(\\w*)*x')?.code).toBe('business.invalid.regex-unsafe');
		expect(regexProblem('(x|y+){2,}')?.code).toBe('business.invalid.regex-unsafe');
		expect(regexProblem('(a)\\1')?.code).toBe('business.invalid.regex-unsafe');
		expect(regexProblem('x'.repeat(300))?.code).toBe('business.invalid.regex');
		expect(regexProblem('^/(mb|ib)/api/transfers/\\d+$')).toBeUndefined();
		expect(regexProblem('([+-]\\d)+')).toBeUndefined();
	});

	it('bounds nesting so a hostile document cannot recurse without end', () => {
		let deep: RuleCondition = { kind: 'test', field: 'service', op: 'exists' };
		for (let i = 0; i < maxRuleDepth + 2; i++) deep = { kind: 'all', conditions: [deep] };
		expect(codes(ruleIssues(deep))).toEqual(['business.invalid.depth']);
	});

	it('checks KPI measures, scopes and thresholds', () => {
		const base = { id: 'k', name: 'K', scope: { kind: 'domain', domainId: 'lending' } };
		expect(kpiCodes({ ...base, measure: { kind: 'percentile', q: 1.5 } })).toEqual(['business.invalid.quantile']);
		expect(kpiCodes({ ...base, measure: { kind: 'median' } })).toEqual(['business.invalid.measure']);
		expect(kpiCodes({ id: 'k', name: 'K', measure: { kind: 'count' } })).toEqual(['business.invalid.scope']);
		expect(parseKpi({ id: 'k', name: 'K', measure: { kind: 'conversion', steps: ['a', 'b'], join: { by: 'trace' } } }).ok).toBe(true);
		expect(kpiCodes({ id: 'k', name: 'K', measure: { kind: 'conversion', steps: ['a', 'a'], join: { by: 'attr' } } })).toEqual([
			'business.invalid.steps',
			'business.invalid.join'
		]);
		// 'above': critical must not be below warn
		expect(kpiCodes({ ...base, measure: { kind: 'count' }, thresholds: { direction: 'above', warn: 10, critical: 5 } })).toEqual([
			'business.invalid.thresholds'
		]);
		expect(parseKpi({ ...base, measure: { kind: 'count' }, thresholds: { direction: 'below', warn: 10, critical: 5, basis: 'vs-yesterday' } }).ok).toBe(true);
	});

	it('never throws on any input', () => {
		for (const junk of [null, 1, 'x', [], { kind: 'all', conditions: 'no' }, { kind: 'all', conditions: [null, 5] }]) {
			expect(() => ruleIssues(junk)).not.toThrow();
			expect(parseTransaction(junk).ok).toBe(false);
			expect(parseKpi(junk).ok).toBe(false);
			expect(parseDomain(junk).ok).toBe(false);
		}
	});
});
