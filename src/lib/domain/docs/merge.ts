/**
 * Deterministic merge of documents: per-field last-writer-wins under hybrid logical clocks.
 *
 * Field rule: the write with the greater stamp wins; stamps compare as text (hlc.ts), so
 * equal wall times fall back to the counter, then to the replica id. Two different values
 * with the SAME stamp (only a misbehaving client makes them) are ordered by their canonical
 * JSON text, so even then every replica picks the same winner.
 *
 * Nothing is lost without a trace: every value that loses (an older edit overwritten, or
 * an edit that arrives after a newer one) goes to the document's history. The history is
 * bounded: it keeps the `maxHistoryEntries` newest losing values (by stamp) and records in
 * `historyFloor` the newest stamp that fell out. Both depend only on the SET of edits a
 * replica has seen, not on their order, so replicas that saw the same edits hold identical
 * records (merge is commutative, associative and idempotent).
 *
 *   a: title=(t3,"Loans")              b: title=(t5,"Lending")
 *   merge(a, b) = merge(b, a): title=(t5,"Lending"), history=[title (t3,"Loans")]
 *
 * Deletion is the `$deleted` field (a tombstone under the same rule): a document deleted
 * at t7 stays deleted when an edit stamped t6 arrives later; an edit stamped t8 is kept
 * in the record but does not undelete it (only writing `$deleted: false` does).
 */
import type { DocChange, DocRecord, DocType, FieldState, Hlc, HistoryEntry } from '../../protocol/sync';
import { canonicalJson } from './json';

/** History bound per document (every field together). */
export const maxHistoryEntries = 32;

export class DocMergeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DocMergeError';
	}
}

export function emptyRecord(id: string, type: DocType): DocRecord {
	return { id, type, fields: {}, history: [] };
}

export function recordOfChange(change: DocChange): DocRecord {
	return { id: change.id, type: change.type, fields: { [change.field]: { v: change.value, t: change.hlc } }, history: [] };
}

/** Orders two writes of one field: by stamp, then by canonical value text. 0 = the same write. */
function compareWrites(a: FieldState, b: FieldState): number {
	if (a.t !== b.t) return a.t < b.t ? -1 : 1;
	const av = canonicalJson(a.v);
	const bv = canonicalJson(b.v);
	return av < bv ? -1 : av > bv ? 1 : 0;
}

/** Merges two states of one document. Throws DocMergeError when ids or types differ. */
export function mergeRecords(a: DocRecord, b: DocRecord): DocRecord {
	if (a.id !== b.id) throw new DocMergeError(`Cannot merge document "${a.id}" with "${b.id}".`);
	if (a.type !== b.type) {
		throw new DocMergeError(`Document "${a.id}" is a ${a.type} here and a ${b.type} there; it cannot change type.`);
	}
	const losers: HistoryEntry[] = [...a.history, ...b.history];
	const fields: Record<string, FieldState> = { ...a.fields };
	for (const [field, incoming] of Object.entries(b.fields)) {
		const current = fields[field];
		if (!current) {
			fields[field] = incoming;
			continue;
		}
		const order = compareWrites(current, incoming);
		if (order < 0) {
			losers.push({ f: field, v: current.v, t: current.t });
			fields[field] = incoming;
		} else if (order > 0) {
			losers.push({ f: field, v: incoming.v, t: incoming.t });
		}
	}
	const bounded = boundHistory(losers, maxFloor(a.historyFloor, b.historyFloor));
	const merged: DocRecord = { id: a.id, type: a.type, fields, history: bounded.history };
	if (bounded.floor) merged.historyFloor = bounded.floor;
	return merged;
}

export function applyChange(record: DocRecord | undefined, change: DocChange): DocRecord {
	const single = recordOfChange(change);
	return record ? mergeRecords(record, single) : single;
}

function maxFloor(a: Hlc | undefined, b: Hlc | undefined): Hlc | undefined {
	if (!a) return b;
	if (!b) return a;
	return a > b ? a : b;
}

/** Newest first; ties by field name, then by value text: a total order. */
function compareEntries(a: { e: HistoryEntry; text: string }, b: { e: HistoryEntry; text: string }): number {
	if (a.e.t !== b.e.t) return a.e.t > b.e.t ? -1 : 1;
	if (a.e.f !== b.e.f) return a.e.f < b.e.f ? -1 : 1;
	return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}

function boundHistory(entries: HistoryEntry[], floor: Hlc | undefined): { history: HistoryEntry[]; floor: Hlc | undefined } {
	const unique = new Map<string, { e: HistoryEntry; text: string }>();
	for (const e of entries) {
		const text = canonicalJson(e.v);
		const key = e.t + '\u0000' + e.f + '\u0000' + text;
		if (!unique.has(key)) unique.set(key, { e, text });
	}
	const sorted = [...unique.values()].sort(compareEntries);
	if (sorted.length > maxHistoryEntries) {
		// sorted newest first: the first dropped entry has the newest dropped stamp
		floor = maxFloor(floor, sorted[maxHistoryEntries].e.t);
		sorted.length = maxHistoryEntries;
	}
	return { history: sorted.map((x) => x.e), floor };
}

/** Canonical text of a record: equal on two replicas exactly when they converged. */
export function canonicalRecord(record: DocRecord): string {
	const fields: Record<string, { v: unknown; t: string }> = {};
	for (const key of Object.keys(record.fields).sort()) fields[key] = record.fields[key];
	return canonicalJson({
		id: record.id,
		type: record.type,
		fields: fields as never,
		history: record.history as never,
		historyFloor: record.historyFloor ?? null
	});
}

/** Newest stamp in the record (fields and history); '' for an empty record. */
export function newestStamp(record: DocRecord): Hlc {
	let newest = record.historyFloor ?? '';
	for (const state of Object.values(record.fields)) if (state.t > newest) newest = state.t;
	for (const entry of record.history) if (entry.t > newest) newest = entry.t;
	return newest;
}
