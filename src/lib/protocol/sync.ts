/**
 * Document sync between browsers and the relay (`/api/sync`): the wire shapes of user
 * documents (boards, business domains, transactions, KPIs, pinned layouts, analysis rules),
 * of field edits, and of the push / pull exchange. The merge rules live in
 * src/lib/domain/docs (merge.ts); this file is only the contract.
 *
 * A document is a set of FIELDS, each a last-writer-wins register stamped with a hybrid
 * logical clock (`Hlc`, see domain/docs/hlc.ts). Keyed collections (a board's widgets) are
 * one field per entry (`widgets/<widgetId>`), so two devices editing different widgets
 * never conflict. A field whose value is `null` has been removed. `$deleted: true` is the
 * document's tombstone.
 *
 *   push:  POST /api/sync          { changes }            -> SyncPushResponse
 *   pull:  GET  /api/sync?since=SEQ&limit=N&waitSec=S    -> SyncPullResponse
 *
 * `since` is a server cursor: every stored document carries the server sequence number of
 * its last change (`seq`); a pull returns documents with `seq > since`, oldest first. With
 * `waitSec` (at most 30) and nothing newer, the server holds the request until a change
 * arrives or the time passes (long poll), so other devices see an edit within about a
 * second. `storeId` names the server store: when it differs from the one a client synced
 * with, or `lastSeq` is below the client's cursor, the store was replaced and the client
 * starts over from 0 and pushes what it holds.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `<ms, 15 digits>:<counter, 6 digits>:<replica id>`; string order is clock order. */
export type Hlc = string;

/**
 * `layout`: a view's pinned node positions (topology pins per grouping); `cloud-links`: the
 * console deep-link URL templates; `preferences`: user settings that follow the user across
 * devices (device settings such as the relay URL stay local).
 */
export const docTypes = ['board', 'domain', 'transaction', 'kpi', 'layout', 'analysis-rule', 'cloud-links', 'preferences'] as const;
export type DocType = (typeof docTypes)[number];

/** The tombstone field: `true` once the document is deleted. */
export const deletedField = '$deleted';

/** One field edit. `value: null` removes the field. */
export interface DocChange {
	id: string;
	type: DocType;
	field: string;
	value: Json;
	hlc: Hlc;
}

export interface FieldState {
	/** Value; null = removed. */
	v: Json;
	/** Stamp of the write that set it. */
	t: Hlc;
}

/** A field value that lost to a later (or tie-broken) write: kept so no edit vanishes. */
export interface HistoryEntry {
	f: string;
	v: Json;
	t: Hlc;
}

export interface DocRecord {
	id: string;
	type: DocType;
	fields: Record<string, FieldState>;
	/**
	 * Overwritten values, newest stamp first, at most `maxHistoryEntries`
	 * (domain/docs/merge.ts) per document.
	 */
	history: HistoryEntry[];
	/** Highest stamp of an overwritten value that fell out of the bounded history. */
	historyFloor?: Hlc;
}

/** A document as the server stores and serves it. */
export interface SyncedDoc extends DocRecord {
	seq: number;
}

export interface SyncPushRequest {
	changes?: DocChange[];
	/** Whole documents (after a store change, a client pushes everything it holds). */
	docs?: DocRecord[];
}

export interface SyncRefusal {
	/** `change` = index into `changes`; `doc` = index into `docs`. */
	kind: 'change' | 'doc';
	index: number;
	id: string;
	reason: string;
}

export interface SyncPushResponse {
	storeId: string;
	/** Changes and documents merged (including ones that were already known). */
	accepted: number;
	refused: SyncRefusal[];
	lastSeq: number;
}

export interface SyncPullResponse {
	storeId: string;
	docs: SyncedDoc[];
	/** Pass as `since` next time. */
	cursor: number;
	/** More documents are waiting: pull again at once. */
	more: boolean;
	lastSeq: number;
}
