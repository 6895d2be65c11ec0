import { describe, expect, it } from 'vitest';
import { formatChange, formatMeasure, isKrwAttr } from './format';

describe('KPI figures per locale', () => {
	it('shows KRW amounts with the won sign in both locales and 원 when compact in Korean', () => {
		expect(isKrwAttr('biz.amount_krw')).toBe(true);
		expect(isKrwAttr('biz.count')).toBe(false);
		expect(formatMeasure('ko', { kind: 'sum', attr: 'biz.amount_krw' }, 1_234_000)).toBe('₩1,234,000');
		expect(formatMeasure('en', { kind: 'sum', attr: 'biz.amount_krw' }, 1_234_000)).toMatch(/^₩1,234,000$/);
		expect(formatMeasure('ko', { kind: 'sum', attr: 'biz.amount_krw' }, 1_234_000, true)).toMatch(/원$/);
	});

	it('shows counts, ratios, durations and unknowns', () => {
		expect(formatMeasure('en', { kind: 'count' }, 1234)).toBe('1,234');
		expect(formatMeasure('en', { kind: 'success-ratio' }, 0.995)).toBe('99.5%');
		expect(formatMeasure('en', { kind: 'percentile', q: 0.95 }, 812)).toBe('812 ms');
		expect(formatMeasure('en', { kind: 'mean' }, 1500)).toBe('1.5 s');
		expect(formatMeasure('en', { kind: 'count' }, null)).toBe('–');
		expect(formatChange('en', 0.125)).toBe('+12.5%');
		expect(formatChange('en', -0.03)).toBe('−3%');
		expect(formatChange('en', null)).toBe('–');
	});
});
