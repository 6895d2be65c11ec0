/**
 * The in-memory twin of DexieLocalDocStore: same contract (local-store.contract.ts). Used by
 * tests and as the fallback when IndexedDB cannot be opened ("This is non-fatal: documents
 * stay editable until the page is closed, and sync to the relay as usual").
 */
import type { DocChange, DocRecord, DocType, Hlc } from '../../protocol/sync';
import { foldLocal, foldRemote } from './local-merge';
import { maxOutbox, OutboxFullError, type LocalDocStore, type OutboxEntry, type RemoteMergeResult, type SyncCursor } from './local-store';

export class MemoryLocalDocStore implements LocalDocStore {
	private readonly docs = new Map<string, DocRecord>();
	private outbox: OutboxEntry[] = [];
	private nextSeq = 1;
	private cursor: SyncCursor | undefined;
	private clock: Hlc | undefined;

	constructor(private readonly limit = maxOutbox) {}

	async commit(changes: readonly DocChange[], clock: Hlc): Promise<DocRecord[]> {
		if (this.outbox.length + changes.length > this.limit) throw new OutboxFullError(this.limit);
		const next = foldLocal(changes, (id) => this.docs.get(id));
		for (const [id, record] of next) this.docs.set(id, record);
		for (const change of changes) this.outbox.push({ seq: this.nextSeq++, change });
		if (!this.clock || clock > this.clock) this.clock = clock;
		return [...next.values()];
	}

	async mergeRemote(records: readonly DocRecord[], cursor: SyncCursor): Promise<RemoteMergeResult> {
		const { next, changed, conflicts } = foldRemote(records, (id) => this.docs.get(id));
		for (const [id, record] of next) this.docs.set(id, record);
		this.cursor = { ...cursor };
		return { changed, conflicts };
	}

	async get(id: string): Promise<DocRecord | undefined> {
		return this.docs.get(id);
	}

	async list(type?: DocType): Promise<DocRecord[]> {
		return [...this.docs.values()].filter((r) => !type || r.type === type).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	}

	async pending(limit: number): Promise<OutboxEntry[]> {
		return this.outbox.slice(0, limit);
	}

	async pendingCount(): Promise<number> {
		return this.outbox.length;
	}

	async acknowledge(uptoSeq: number): Promise<void> {
		this.outbox = this.outbox.filter((e) => e.seq > uptoSeq);
	}

	async readCursor(): Promise<SyncCursor | undefined> {
		return this.cursor && { ...this.cursor };
	}

	async writeCursor(cursor: SyncCursor): Promise<void> {
		this.cursor = { ...cursor };
	}

	async readClock(): Promise<Hlc | undefined> {
		return this.clock;
	}

	close(): void {}
}
