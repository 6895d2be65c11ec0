import { describe, expect, it } from 'vitest';
import { SpanFactory } from '../../../../test/fixtures/advisor/spans';
import { ContextCensus } from './context-census';

describe('ContextCensus', () => {
	it('offers string attributes of entry spans that take a few distinct values, most common first', () => {
		const f = new SpanFactory();
		for (let i = 0; i < 6; i++) {
			const attrs = { 'biz.transaction': ['transfer', 'deposit', 'loan'][i % 3], 'biz.channel': i < 3 ? 'IB' : 'MB', 'user.id': `u${i}`, region: 'kr', amount: i };
			const root = f.entry('gw', 'POST /x', i * 1000, 100, { attrs: i === 5 ? { region: 'kr' } : attrs });
			f.internal(root, 'child', i * 1000 + 1, 10, { 'biz.transaction': 'not-an-entry' });
		}
		const census = new ContextCensus({ maxValues: 4 });
		census.addSpans(f.spans);
		// user.id has 5 values (over maxValues), region one, amount is a number: none qualify
		expect(census.candidates()).toEqual([
			{ key: 'biz.channel', spans: 5, values: 2, examples: ['IB', 'MB'] },
			{ key: 'biz.transaction', spans: 5, values: 3, examples: ['transfer', 'deposit', 'loan'] }
		]);
	});

	it('tracks at most maxKeys keys and counts the ones it ignored', () => {
		const f = new SpanFactory();
		f.entry('gw', 'a', 0, 1, { attrs: { a: '1', b: '1', c: '1' } });
		f.entry('gw', 'b', 0, 1, { attrs: { a: '2', b: '2', c: '2' } });
		const census = new ContextCensus({ maxKeys: 2 });
		census.addSpans(f.spans);
		expect(census.candidates().map((c) => c.key)).toEqual(['a', 'b']);
		expect(census.ignoredKeys).toBe(2);
	});
});
