import { describe, expect, it } from 'vitest';
import { isThemeName, resolveTheme } from './theme';

describe('resolveTheme', () => {
	it('keeps a stored choice whatever the browser prefers', () => {
		expect(resolveTheme('light', false)).toBe('light');
		expect(resolveTheme('dark', true)).toBe('dark');
	});

	it('follows prefers-color-scheme on the first visit', () => {
		expect(resolveTheme(null, true)).toBe('light');
		expect(resolveTheme(null, false)).toBe('dark');
	});

	it('ignores a corrupted stored value', () => {
		expect(resolveTheme('purple', true)).toBe('light');
		expect(isThemeName('purple')).toBe(false);
	});
});
