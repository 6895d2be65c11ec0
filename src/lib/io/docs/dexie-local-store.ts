/**
 * User documents in IndexedDB: the database `meridian-docs` (Dexie 4), kept apart from the
 * telemetry database so retention, eviction and schema changes there never touch them.
 *
 *   docs     id, type      { id, type, record }   one row per document (fields + history)
 *   outbox   ++seq         { seq, change }        local edits not yet pushed
 *   meta     key           cursor, clock
 */
import Dexie, { type Table } from 'dexie';
import type { DocChange, DocRecord, DocType, Hlc } from '../../protocol/sync';
import { foldLocal, foldRemote } from './local-merge';
import { maxOutbox, OutboxFullError, type LocalDocStore, type OutboxEntry, type RemoteMergeResult, type SyncCursor } from './local-store';

export const docsDbName = 'meridian-docs';

interface DocRow {
	id: string;
	type: DocType;
	record: DocRecord;
}

interface MetaRow {
	key: string;
	value: unknown;
}

export class DocsDexie extends Dexie {
	docs!: Table<DocRow, string>;
	outbox!: Table<{ seq?: number; change: DocChange }, number>;
	meta!: Table<MetaRow, string>;

	constructor(name: string, options?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }) {
		super(name, options);
		this.version(1).stores({ docs: 'id, type', outbox: '++seq', meta: 'key' });
	}
}

export class DexieLocalDocStore implements LocalDocStore {
	readonly db: DocsDexie;

	constructor(options: { name?: string; indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange; maxOutbox?: number } = {}) {
		// Dexie spreads these over its defaults: an explicit `undefined` would erase the browser's own IndexedDB.
		this.db = new DocsDexie(options.name ?? docsDbName, {
			...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
			...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {})
		});
		this.limit = options.maxOutbox ?? maxOutbox;
	}

	private readonly limit: number;

	async commit(changes: readonly DocChange[], clock: Hlc): Promise<DocRecord[]> {
		const db = this.db;
		return db.transaction('rw', db.docs, db.outbox, db.meta, async () => {
			if ((await db.outbox.count()) + changes.length > this.limit) throw new OutboxFullError(this.limit);
			const current = await this.rows(changes.map((c) => c.id));
			const next = foldLocal(changes, (id) => current.get(id));
			await db.docs.bulkPut([...next.values()].map((record) => ({ id: record.id, type: record.type, record })));
			await db.outbox.bulkAdd(changes.map((change) => ({ change })));
			const stored = (await db.meta.get('clock'))?.value as Hlc | undefined;
			if (!stored || clock > stored) await db.meta.put({ key: 'clock', value: clock });
			return [...next.values()];
		});
	}

	async mergeRemote(records: readonly DocRecord[], cursor: SyncCursor): Promise<RemoteMergeResult> {
		const db = this.db;
		return db.transaction('rw', db.docs, db.meta, async () => {
			const current = await this.rows(records.map((r) => r.id));
			const { next, changed, conflicts } = foldRemote(records, (id) => current.get(id));
			await db.docs.bulkPut([...next.values()].map((record) => ({ id: record.id, type: record.type, record })));
			await db.meta.put({ key: 'cursor', value: { storeId: cursor.storeId, cursor: cursor.cursor } });
			return { changed, conflicts };
		});
	}

	private async rows(ids: string[]): Promise<Map<string, DocRecord>> {
		const unique = [...new Set(ids)];
		const rows = await this.db.docs.bulkGet(unique);
		const out = new Map<string, DocRecord>();
		rows.forEach((row) => row && out.set(row.id, row.record));
		return out;
	}

	async get(id: string): Promise<DocRecord | undefined> {
		return (await this.db.docs.get(id))?.record;
	}

	async list(type?: DocType): Promise<DocRecord[]> {
		const rows = type ? await this.db.docs.where('type').equals(type).sortBy('id') : await this.db.docs.orderBy('id').toArray();
		return rows.map((r) => r.record);
	}

	async pending(limit: number): Promise<OutboxEntry[]> {
		const rows = await this.db.outbox.orderBy('seq').limit(limit).toArray();
		return rows.map((r) => ({ seq: r.seq as number, change: r.change }));
	}

	async pendingCount(): Promise<number> {
		return this.db.outbox.count();
	}

	async acknowledge(uptoSeq: number): Promise<void> {
		await this.db.outbox.where('seq').belowOrEqual(uptoSeq).delete();
	}

	async readCursor(): Promise<SyncCursor | undefined> {
		return (await this.db.meta.get('cursor'))?.value as SyncCursor | undefined;
	}

	async writeCursor(cursor: SyncCursor): Promise<void> {
		await this.db.meta.put({ key: 'cursor', value: { storeId: cursor.storeId, cursor: cursor.cursor } });
	}

	async readClock(): Promise<Hlc | undefined> {
		return (await this.db.meta.get('clock'))?.value as Hlc | undefined;
	}

	close(): void {
		this.db.close();
	}
}
