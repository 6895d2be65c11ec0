import { describe, expect, it } from 'vitest';
import { isRootName, parseCodeRef } from './code-ref';

describe('parseCodeRef', () => {
	it.each([
		['TradeAction', { className: 'TradeAction' }],
		['TradeAction.buy', { className: 'TradeAction', method: 'buy' }],
		['com.acme.bank.Account', { className: 'com.acme.bank.Account' }],
		['com.acme.bank.Account.debit', { className: 'com.acme.bank.Account', method: 'debit' }],
		['Account#debit', { className: 'Account', method: 'debit' }],
		['Account::debit', { className: 'Account', method: 'debit' }],
		['KeyBlock::KeyBlockIterator', { className: 'KeyBlock::KeyBlockIterator' }],
		['Outer$Inner.run', { className: 'Outer$Inner', method: 'run' }],
		['Account.<init>', { className: 'Account', method: '<init>' }],
		['Ledger.Post(java.lang.String)', { className: 'Ledger', method: 'Post' }],
		['  Account.debit  ', { className: 'Account', method: 'debit' }]
	])('%s', (text, expected) => {
		expect(parseCodeRef(text)).toEqual(expected);
	});

	it('reads root names as the entry (null)', () => {
		for (const name of ['Root', 'ROOT', '$Root$', '', ' ']) {
			expect(isRootName(name)).toBe(true);
			expect(parseCodeRef(name)).toBeNull();
		}
		expect(isRootName('RootController')).toBe(false);
	});
});
