import { describe, expect, it } from 'vitest';
import { formatNumber } from '$lib/i18n/catalogue';
import { formatBytes } from './format-bytes';

const en = (v: number, d: number) => formatNumber('en', v, d);

describe('formatBytes', () => {
	it('picks a binary unit and keeps one decimal below 100', () => {
		expect(formatBytes(512, en)).toBe('512 B');
		expect(formatBytes(1536, en)).toBe('1.5 KiB');
		expect(formatBytes(250 * 1024 * 1024, en)).toBe('250 MiB');
		expect(formatBytes(3.25 * 1024 ** 3, en)).toBe('3.3 GiB');
	});

	it('shows a dash for impossible sizes', () => {
		expect(formatBytes(-1, en)).toBe('–');
		expect(formatBytes(Number.NaN, en)).toBe('–');
	});
});
