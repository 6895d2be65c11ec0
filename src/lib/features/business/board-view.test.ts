import { describe, expect, it } from 'vitest';
import { decodeViewState } from '$lib/state/url-state';
import { boardViewSchema, kioskBoards, kioskIndex, kioskViewSchema } from './board-view';

describe('board and kiosk URLs', () => {
	it('reads the board, range and kiosk rotation from the query string', () => {
		expect(decodeViewState(boardViewSchema, new URLSearchParams('board=board-a&range=24h'))).toEqual({ board: 'board-a', range: '24h', edit: 'off' });
		expect(decodeViewState(kioskViewSchema, new URLSearchParams('every=2&range=nope'))).toEqual({ boards: '', every: 30, range: '1h' });
	});

	it('rotates through the listed boards that exist', () => {
		expect(kioskBoards('b, x, a', ['a', 'b', 'c'])).toEqual(['b', 'a']);
		expect(kioskBoards('', ['a', 'b'])).toEqual(['a', 'b']);
		expect([0, 29, 30, 61, 90].map((s) => kioskIndex(s, 30, 2))).toEqual([0, 0, 1, 0, 1]);
		expect(kioskIndex(10, 30, 0)).toBe(0);
	});
});
