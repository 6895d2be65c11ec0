import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/library';
import { copyOfRule, ruleFromDoc, ruleSet, ruleToPatch } from './rule-docs';

describe('rules as documents', () => {
	it('round-trips a rule through a document body, without built-in marks', () => {
		const copy = copyOfRule(builtinRules[0], 'analysis-rule-abc');
		expect(copy).toMatchObject({ id: 'analysis-rule-abc', name: 'Slow SQL (copy)', enabled: true });
		expect(copy).not.toHaveProperty('builtin');
		expect(copy).not.toHaveProperty('messageKey');
		const back = ruleFromDoc('analysis-rule-abc', ruleToPatch(copy));
		expect(back).toEqual({ ok: true, value: copy });
		// a document claiming to be built in is read as a user rule
		const forged = ruleFromDoc('x', { ...ruleToPatch(copy), builtin: true, messageKey: 'insights.rule.slowSql' });
		expect(forged.ok && (forged.value.builtin ?? false)).toBe(false);
	});

	it('keeps built-ins first, adds valid user rules and reports invalid documents', () => {
		const good = copyOfRule(undefined, 'analysis-rule-b');
		const set = ruleSet([{ id: 'analysis-rule-z', body: { name: 'broken' } }, { id: good.id, body: ruleToPatch(good) }]);
		expect(set.rules.map((r) => r.id)).toEqual([...builtinRules.map((r) => r.id), 'analysis-rule-b']);
		expect(set.issues).toEqual([{ id: 'analysis-rule-z', error: 'rule.cause must be a non-empty string' }]);
	});
});
