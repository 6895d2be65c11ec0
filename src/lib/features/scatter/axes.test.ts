import { describe, expect, it } from 'vitest';
import { decodeViewState, encodeViewState } from '$lib/state/url-state';
import { durationTicks, timeTicks } from './axes';
import { hasSearch, searchQueryOf, transactionsViewSchema, windowOf } from './transactions-view';

describe('scatter axes', () => {
	it('ticks a log axis at each power of ten, at the rows the drawing uses', () => {
		const ticks = durationTicks({ fromMs: 0, toMs: 1, minDurationMs: 1, maxDurationMs: 10_000, widthPx: 10, heightPx: 400, yScale: 'log' });
		expect(ticks).toEqual([{ value: 1, px: 400 }, { value: 10, px: 300 }, { value: 100, px: 200 }, { value: 1000, px: 100 }, { value: 10_000, px: 0 }]);
	});

	it('ticks a linear axis at round steps', () => {
		const ticks = durationTicks({ fromMs: 0, toMs: 1, minDurationMs: 0, maxDurationMs: 500, widthPx: 10, heightPx: 100, yScale: 'linear' });
		expect(ticks.map((t) => t.value)).toEqual([0, 100, 200, 300, 400, 500]);
		expect(ticks.map((t) => t.px)).toEqual([100, 80, 60, 40, 20, 0]);
	});

	it('ticks time at round steps that fit the width', () => {
		const ticks = timeTicks({ fromMs: 1_000_000 - 300_000, toMs: 1_000_000, widthPx: 600 });
		expect(ticks.map((t) => t.value)).toEqual([720_000, 780_000, 840_000, 900_000, 960_000]);
		expect(ticks[0].px).toBeCloseTo(((720_000 - 700_000) / 300_000) * 600);
	});
});

describe('transactions view', () => {
	it('round-trips filters, the selection and the search through the URL, and ignores a malformed selection', () => {
		const state = { ...decodeViewState(transactionsViewSchema, new URLSearchParams()), service: ['transfer'], status: 'error' as const, sel: { fromMs: 10, toMs: 20, minDurationMs: 1000, maxDurationMs: 60_000 }, qa: ['biz.amount_krw>=1000000'] };
		const params = encodeViewState(transactionsViewSchema, state);
		expect(params.get('sel')).toBe('10,20,1000,60000');
		expect(decodeViewState(transactionsViewSchema, params)).toEqual(state);
		expect(decodeViewState(transactionsViewSchema, new URLSearchParams('sel=5,1,0,1')).sel).toBeNull();
	});

	it('resolves live and past windows', () => {
		expect(windowOf({ range: '5m', at: 0, len: '15m' }, 1_000_000)).toEqual({ fromMs: 700_000, toMs: 1_000_000, live: true });
		expect(windowOf({ range: 'at', at: 5_000_000, len: '1h' }, 9_000_000)).toEqual({ fromMs: 1_400_000, toMs: 5_000_000, live: false });
	});

	it('turns the search fields into a trace query and reports what it cannot read', () => {
		const fields = { qs: 'transfer', qo: '', qa: ['biz.amount_krw>=1000000', 'bad key=1 2 >'], qmin: '1.5s', qmax: 'soon', qst: 'error' as const };
		const { query, errors } = searchQueryOf(fields);
		expect(query).toEqual({ service: 'transfer', attrs: [{ key: 'biz.amount_krw', op: 'gte', value: 1_000_000 }], minDurationUs: 1_500_000, status: 'error' });
		expect(errors.map((e) => [e.parameter, e.code])).toEqual([['attr', 'bad-attribute'], ['maxDuration', 'bad-duration']]);
		expect(hasSearch({ qs: '', qo: '', qa: [], qmin: '', qmax: '', qst: '' })).toBe(false);
	});
});
