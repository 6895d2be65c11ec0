import type { BoardFigures } from './board-data';

/** Locale formatting the board needs (the `i18n` store provides these). */
export interface BoardFormat {
	number(value: number, maxFractionDigits?: number): string;
	percent(ratio: number, maxFractionDigits?: number): string;
	duration(durationMs: number): string;
}

/** Rates below 10/s keep two decimals so a trickle of traffic does not read as 0. */
export function formatRate(f: BoardFormat, perSec: number): string {
	return f.number(perSec, perSec < 10 ? 2 : 1);
}

export function formatFigure(f: BoardFormat, column: keyof BoardFigures, value: number | null): string {
	if (value === null) return '–';
	switch (column) {
		case 'tps':
			return formatRate(f, value);
		case 'errorRate':
			return f.percent(value, 2);
		case 'active':
			return f.number(value, value < 10 ? 2 : 1);
		default:
			return f.duration(value);
	}
}
