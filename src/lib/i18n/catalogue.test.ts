import { describe, expect, it } from 'vitest';
import { catalogues, formatKrw, formatNumber, translate } from './catalogue';

describe('message catalogue', () => {
	it('has a Korean message for every English key, and no empty ones', () => {
		const enKeys = Object.keys(catalogues.en).sort();
		expect(Object.keys(catalogues.ko).sort()).toEqual(enKeys);
		for (const key of enKeys) {
			expect(catalogues.ko[key as keyof typeof catalogues.ko].trim()).not.toBe('');
		}
	});

	it('keeps every placeholder of the English message in the Korean one', () => {
		for (const [key, message] of Object.entries(catalogues.en)) {
			const names = (message.match(/\{\w+\}/g) ?? []).sort();
			const koNames = (catalogues.ko[key as keyof typeof catalogues.ko].match(/\{\w+\}/g) ?? []).sort();
			expect(koNames, key).toEqual(names);
		}
	});

	it('fills placeholders and formats numbers per locale', () => {
		expect(translate('en', 'error.generic', { message: 'boom' })).toBe('Something went wrong: boom');
		expect(translate('ko', 'error.generic', { message: 'x' })).toContain('x');
		expect(formatNumber('en', 1234567.891)).toBe('1,234,567.89');
	});

	it('formats Korean Won with the ₩ sign and no minor unit', () => {
		expect(formatKrw('ko', 1234567.4)).toBe('₩1,234,567');
		expect(formatKrw('en', 1500000)).toMatch(/₩1,500,000/);
		expect(formatKrw('ko', 1_230_000, true)).toBe('123만 원');
	});
});
