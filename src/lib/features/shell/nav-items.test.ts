import { describe, expect, it } from 'vitest';
import { isCurrentPath, navItems } from './nav-items';

describe('navigation', () => {
	it('marks the root only on the root', () => {
		expect(isCurrentPath('/', '/')).toBe(true);
		expect(isCurrentPath('/', '/settings')).toBe(false);
	});

	it('marks an area on its sub-paths but not on a longer sibling name', () => {
		expect(isCurrentPath('/settings/', '/settings/')).toBe(true);
		expect(isCurrentPath('/settings/', '/settings')).toBe(true);
		expect(isCurrentPath('/settings/', '/settings/storage/')).toBe(true);
		expect(isCurrentPath('/settings/', '/settings-old/')).toBe(false);
	});

	it('has unique paths', () => {
		expect(new Set(navItems.map((i) => i.path)).size).toBe(navItems.length);
	});
});
