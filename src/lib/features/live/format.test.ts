import { describe, expect, it } from 'vitest';
import { formatDurationMs, formatNumber, formatPercent } from '$lib/i18n/catalogue';
import { formatFigure, type BoardFormat } from './format';

const en: BoardFormat = {
	number: (v, d) => formatNumber('en', v, d),
	percent: (v, d) => formatPercent('en', v, d),
	duration: (v) => formatDurationMs('en', v)
};
const ko: BoardFormat = {
	number: (v, d) => formatNumber('ko', v, d),
	percent: (v, d) => formatPercent('ko', v, d),
	duration: (v) => formatDurationMs('ko', v)
};

describe('formatFigure', () => {
	it('formats each figure with its unit', () => {
		expect(formatFigure(en, 'tps', 1234.56)).toBe('1,234.6');
		expect(formatFigure(en, 'tps', 0.256)).toBe('0.26');
		expect(formatFigure(en, 'errorRate', 0.01234)).toBe('1.23%');
		expect(formatFigure(en, 'p95Ms', 1520)).toBe('1.52 s');
		expect(formatFigure(en, 'meanMs', 42.25)).toBe('42.3 ms');
		expect(formatFigure(en, 'active', 3.456)).toBe('3.46');
	});

	it('shows a dash for missing values and follows the locale', () => {
		expect(formatFigure(en, 'p99Ms', null)).toBe('–');
		expect(formatFigure(ko, 'tps', 12345.6)).toBe('12,345.6');
	});
});
