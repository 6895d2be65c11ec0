/**
 * The browser's document storage: every user document (boards, business definitions,
 * pinned layouts, analysis rules) and the outbox of local edits not yet pushed to the
 * relay. `DexieLocalDocStore` (IndexedDB database `meridian-docs`, separate from the
 * telemetry database) and `MemoryLocalDocStore` pass one contract suite
 * (local-store.contract.ts).
 *
 * Local edits and their outbox entries are written in ONE transaction, so an edit made
 * offline is either both applied and queued, or neither. Remote documents and the sync
 * cursor are also written together, so a reload never re-applies or skips a pull.
 *
 * Bound: at most `maxOutbox` unsent changes. Past it `commit` throws OutboxFullError and
 * writes nothing ("sync before editing more"); the edits already queued are kept.
 */
import type { DocChange, DocRecord, DocType, Hlc } from '../../protocol/sync';

export const maxOutbox = 10_000;

export interface OutboxEntry {
	/** Increasing per store. */
	seq: number;
	change: DocChange;
}

/** Where this device's pulls resume: the server store it synced with and its cursor there. */
export interface SyncCursor {
	storeId: string;
	cursor: number;
}

export interface RemoteMergeResult {
	/** Documents whose local state changed. */
	changed: DocRecord[];
	/** Remote documents that could not merge (same id, another type here): the local one is kept. */
	conflicts: { id: string; reason: string }[];
}

export class OutboxFullError extends Error {
	constructor(limit: number) {
		super(`${limit} edits are waiting to sync. Connect to the relay so they can be sent before editing more; nothing was changed.`);
		this.name = 'OutboxFullError';
	}
}

export interface LocalDocStore {
	/** Applies local changes and queues them, with the clock's newest stamp, in one transaction. */
	commit(changes: readonly DocChange[], clock: Hlc): Promise<DocRecord[]>;
	/** Merges documents from the relay and stores the cursor, in one transaction. */
	mergeRemote(records: readonly DocRecord[], cursor: SyncCursor): Promise<RemoteMergeResult>;
	get(id: string): Promise<DocRecord | undefined>;
	/** Every document (tombstoned ones included), optionally of one type, by id. */
	list(type?: DocType): Promise<DocRecord[]>;
	/** The oldest queued changes. */
	pending(limit: number): Promise<OutboxEntry[]>;
	pendingCount(): Promise<number>;
	/** Drops queued changes with seq <= `uptoSeq` (sent, or refused for good). */
	acknowledge(uptoSeq: number): Promise<void>;
	readCursor(): Promise<SyncCursor | undefined>;
	writeCursor(cursor: SyncCursor): Promise<void>;
	/** The newest stamp this device issued or saw (so its clock never runs backwards after a reload). */
	readClock(): Promise<Hlc | undefined>;
	close(): void;
}
