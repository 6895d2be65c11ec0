/**
 * What the waterfall needs of each span to draw a row, as columns: a 100,000-span trace
 * crosses from the worker to the page in a few typed arrays and one list of distinct
 * strings, instead of 100,000 objects (structured-cloning those costs more than the whole
 * first-paint budget). Full spans are fetched one at a time, for the details panel.
 *
 *   text        string[]     distinct services and span names
 *   serviceIds  Uint32Array  index into `text`
 *   nameIds     Uint32Array  index into `text`
 *   flags       Uint8Array   bit 0 error; bits 1-3 the span's role (roleCodes)
 *   spanWords   Uint32Array  the span id, 16 hex digits as two 32-bit words per span
 */
import { StatusCode, type SpanRecord } from '../../protocol/records';
import { spanRole, type SpanRole } from '../topology/peer';

export const roleCodes: readonly SpanRole[] = ['internal', 'server', 'consumer', 'database', 'producer', 'client'];

export interface SpanRows {
	count: number;
	text: string[];
	serviceIds: Uint32Array;
	nameIds: Uint32Array;
	flags: Uint8Array;
	spanWords: Uint32Array;
}

export function spanRows(spans: readonly SpanRecord[]): SpanRows {
	const count = spans.length;
	const ids = new Map<string, number>();
	const text: string[] = [];
	const idOf = (s: string) => {
		let id = ids.get(s);
		if (id === undefined) {
			id = text.length;
			text.push(s);
			ids.set(s, id);
		}
		return id;
	};
	const serviceIds = new Uint32Array(count);
	const nameIds = new Uint32Array(count);
	const flags = new Uint8Array(count);
	const spanWords = new Uint32Array(2 * count);
	for (let i = 0; i < count; i++) {
		const s = spans[i];
		// ids are 16 hex digits (the normaliser checks); anything else reads as 0
		spanWords[2 * i] = Number.parseInt(s.spanId.slice(0, 8), 16) || 0;
		spanWords[2 * i + 1] = Number.parseInt(s.spanId.slice(8, 16), 16) || 0;
		serviceIds[i] = idOf(s.service);
		nameIds[i] = idOf(s.name);
		flags[i] = (s.status === StatusCode.Error ? 1 : 0) | (roleCodes.indexOf(spanRole(s)) << 1);
	}
	return { count, text, serviceIds, nameIds, flags, spanWords };
}

export const rowService = (rows: SpanRows, i: number): string => rows.text[rows.serviceIds[i]];
export const rowName = (rows: SpanRows, i: number): string => rows.text[rows.nameIds[i]];
export const rowError = (rows: SpanRows, i: number): boolean => (rows.flags[i] & 1) === 1;
export const rowRole = (rows: SpanRows, i: number): SpanRole => roleCodes[(rows.flags[i] >> 1) & 7];

export function rowSpanId(rows: SpanRows, i: number): string {
	return rows.spanWords[2 * i].toString(16).padStart(8, '0') + rows.spanWords[2 * i + 1].toString(16).padStart(8, '0');
}

/** The position of a span id, -1 when absent. */
export function rowOfSpanId(rows: SpanRows, spanId: string): number {
	if (!/^[0-9a-f]{16}$/.test(spanId)) return -1;
	const hi = Number.parseInt(spanId.slice(0, 8), 16);
	const lo = Number.parseInt(spanId.slice(8), 16);
	for (let i = 0; i < rows.count; i++) if (rows.spanWords[2 * i] === hi && rows.spanWords[2 * i + 1] === lo) return i;
	return -1;
}

export function spanRowsBuffers(rows: SpanRows): ArrayBuffer[] {
	return [rows.serviceIds.buffer, rows.nameIds.buffer, rows.flags.buffer, rows.spanWords.buffer] as ArrayBuffer[];
}
