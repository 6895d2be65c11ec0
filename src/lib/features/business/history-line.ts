/** A history entry as one line: the field, its overwritten value (titles as text, widgets by title or kind), and when it was written. */
import type { HistoryEntry } from '$lib/protocol/sync';
import { parseHlc } from '$lib/domain/docs/hlc';

export function historyLine(entry: HistoryEntry): { field: string; value: string; ms: number } {
	const v = entry.v;
	let value: string;
	if (typeof v === 'string') value = v;
	else if (v && typeof v === 'object' && !Array.isArray(v)) value = typeof v.title === 'string' ? v.title : typeof v.kind === 'string' ? v.kind : JSON.stringify(v);
	else value = JSON.stringify(v);
	return { field: entry.f, value: value.length > 120 ? value.slice(0, 119) + '…' : value, ms: parseHlc(entry.t)?.ms ?? 0 };
}
