import { describe, expect, it } from 'vitest';
import { formatDurationMs, formatNumber, formatPercent, translate, type MessageKey } from '$lib/i18n/catalogue';
import { formatSeriesValue, seriesLabel } from './insight-labels';

const i18n = (locale: 'en' | 'ko') => ({
	t: (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params),
	number: (v: number, d?: number) => formatNumber(locale, v, d),
	percent: (v: number, d?: number) => formatPercent(locale, v, d),
	duration: (v: number) => formatDurationMs(locale, v)
});

describe('insight labels', () => {
	it('names series by metric and scope in either language', () => {
		expect(seriesLabel('latency.p95Ms@svc|transfer', i18n('en'))).toBe('p95 latency · transfer');
		expect(seriesLabel('runtime.heap.usage@inst|accounts|pod-1', i18n('ko'))).toBe('힙 사용률 · accounts · pod-1');
		expect(seriesLabel('db.latency.p95Ms@db:mysql/deposits', i18n('en'))).toBe('Database p95 latency · mysql/deposits');
		expect(seriesLabel('requests.rate@overall', i18n('en'))).toBe('Requests per second · all services');
		expect(seriesLabel('db.server.threads.running@db:mysql/deposits', i18n('en'))).toBe('db.server.threads.running · mysql/deposits');
	});

	it('formats values in their unit', () => {
		expect(formatSeriesValue('latency.p95Ms', 1500, i18n('en'))).toBe('1.5 s');
		expect(formatSeriesValue('runtime.heap.usage', 0.873, i18n('en'))).toBe('87.3%');
		expect(formatSeriesValue('requests.rate', 42.25, i18n('en'))).toBe('42.3/s');
		expect(formatSeriesValue('db.pool.pending', NaN, i18n('en'))).toBe('–');
	});
});
