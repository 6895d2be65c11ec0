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

/** Which of the kiosk's boards is shown, and since when. */
export interface KioskRotation {
	index: number;
	sinceMs: number;
}

/**
 * The rotation at `nowMs`: the next board once the current one has been shown for `dwellMs`
 * (one step per call, so a tab that slept resumes with the next board, not a skip). Called
 * from a steady clock, so nothing that re-renders the screen can restart a board's dwell.
 * With fewer than two boards the clock stands at now: the first dwell starts with the second board.
 */
export function kioskStep(rotation: KioskRotation, nowMs: number, dwellMs: number, count: number): KioskRotation {
	if (count < 2) return { index: rotation.index, sinceMs: nowMs };
	if (nowMs - rotation.sinceMs < dwellMs) return rotation;
	return { index: (rotation.index + 1) % count, sinceMs: nowMs };
}
