import { param, type ViewSchema } from '$lib/state/url-state';
import { boardRanges, type BoardRange } from '$lib/domain/business/board-read';

/** The Business screen's state in the query string: `?board=board-x&range=1h&edit=1`; a link reopens the same board. */
export interface BoardView {
	/** '' = the first board. */
	board: string;
	range: BoardRange;
	edit: 'on' | 'off';
}

export const boardViewSchema: ViewSchema<BoardView> = {
	board: param.string(''),
	range: param.oneOf(boardRanges, '1h'),
	edit: param.oneOf(['on', 'off'], 'off')
};

/** Kiosk: `?boards=a,b&every=30&range=1h` (empty boards = every board). */
export interface KioskView {
	boards: string;
	/** Seconds on each board before the next, 5-3600. */
	every: number;
	range: BoardRange;
}

export const kioskViewSchema: ViewSchema<KioskView> = {
	boards: param.string(''),
	every: param.int(30, { min: 5, max: 3_600 }),
	range: param.oneOf(boardRanges, '1h')
};

/** The boards a kiosk rotates through: the listed ids that exist, in the listed order, else every board. */
export function kioskBoards(listed: string, available: readonly string[]): string[] {
	const wanted = listed.split(',').map((s) => s.trim()).filter((s) => available.includes(s));
	return wanted.length > 0 ? wanted : [...available];
}

/** The board shown `elapsedSec` after the kiosk started. */
export function kioskIndex(elapsedSec: number, everySec: number, count: number): number {
	return count === 0 ? 0 : Math.floor(Math.max(0, elapsedSec) / everySec) % count;
}
