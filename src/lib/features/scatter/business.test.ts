import { describe, expect, it } from 'vitest';
import { formatKrw, formatNumber } from '$lib/i18n/catalogue';
import { bizText } from './business';

describe('business attributes in a list', () => {
	it('leads with domain, transaction and channel, and formats amounts in KRW per locale', () => {
		const biz = { 'biz.amount_krw': 1_250_000, 'biz.channel': 'mobile', 'biz.transaction': 'account.transfer', 'biz.domain': 'deposits', 'biz.customer_segment': 'vip' };
		const format = (locale: 'en' | 'ko') => ({ krw: (v: number) => formatKrw(locale, v), number: (v: number) => formatNumber(locale, v) });
		expect(bizText(biz, format('ko'))).toBe('deposits · account.transfer · channel mobile · amount_krw ₩1,250,000 · customer_segment vip');
		expect(bizText({}, format('en'))).toBe('');
	});
});
