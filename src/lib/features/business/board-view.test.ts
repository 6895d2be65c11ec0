import { describe, expect, it } from 'vitest';
import { decodeViewState } from '$lib/state/url-state';
import { boardViewSchema, kioskBoards, kioskStep, kioskViewSchema } from './board-view';

describe('board and kiosk URLs', () => {
	it('reads the board, range and kiosk rotation from the query string', () => {
		expect(decodeViewState(boardViewSchema, new URLSearchParams('board=board-a&range=24h'))).toEqual({ board: 'board-a', range: '24h', edit: 'off' });
		expect(decodeViewState(kioskViewSchema, new URLSearchParams('every=2&range=nope'))).toEqual({ boards: '', every: 30, range: '1h' });
	});

	it('rotates through the listed boards that exist', () => {
		expect(kioskBoards('b, x, a', ['a', 'b', 'c'])).toEqual(['b', 'a']);
		expect(kioskBoards('', ['a', 'b'])).toEqual(['a', 'b']);
	});

	it('moves to the next board once the dwell has passed, and wraps round', () => {
		let rotation = { index: 0, sinceMs: 0 };
		const shown: number[] = [];
		for (let t = 0; t <= 95_000; t += 5_000) {
			rotation = kioskStep(rotation, t, 30_000, 2);
			shown.push(rotation.index);
		}
		expect(shown).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1]);
		// a tab that slept for minutes shows the next board, then dwells again
		expect(kioskStep({ index: 1, sinceMs: 0 }, 600_000, 30_000, 3)).toEqual({ index: 2, sinceMs: 600_000 });
		// one board, or none (documents still loading): nothing moves, and the first dwell starts later
		expect(kioskStep({ index: 0, sinceMs: 0 }, 600_000, 30_000, 1)).toEqual({ index: 0, sinceMs: 600_000 });
		expect(kioskStep({ index: 0, sinceMs: 600_000 }, 620_000, 30_000, 2)).toEqual({ index: 0, sinceMs: 600_000 });
	});
});
