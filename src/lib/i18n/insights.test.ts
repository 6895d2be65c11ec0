import { describe, expect, it } from 'vitest';
import { builtinRules } from '$lib/domain/insights/rules/library';
import { catalogues, translate, type MessageKey } from './catalogue';

describe('insights messages', () => {
	it('every built-in rule has a name, cause and action in English and Korean', () => {
		for (const rule of builtinRules) {
			for (const part of ['name', 'cause', 'action']) {
				const key = `${rule.messageKey}.${part}` as MessageKey;
				expect(catalogues.en[key], key).toBeTruthy();
				expect(catalogues.ko[key], key).toBeTruthy();
			}
			expect(translate('en', `${rule.messageKey}.cause` as MessageKey)).toBe(rule.cause);
		}
	});

	it('the breach alert formats its numbers per locale', () => {
		expect(translate('en', 'insights.breach.alert', { limit: '1 GB', minutes: 20, percent: '97%' })).toBe('Expected to breach 1 GB in about 20 min (probability 97%)');
		expect(translate('ko', 'insights.breach.alert', { limit: '1 GB', minutes: 20, percent: '97%' })).toContain('20분');
	});
});
