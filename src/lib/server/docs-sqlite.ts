/**
 * The relay's document store on disk: SQLite through better-sqlite3 12, WAL journal, one
 * file (`docs.sqlite` in the relay's data directory). Same contract as the in-memory store
 * (src/lib/relay/sync/doc-store.contract.ts); what a merge() acknowledged survives a
 * restart (each merge is one transaction; synchronous = NORMAL in WAL mode keeps every
 * committed transaction across a process crash, and loses at most the last ones to a power
 * cut).
 *
 *   meta(key, value)                          storeId, seq
 *   docs(id, type, seq, chars, record JSON)   index on seq for pulls
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { DocRecord, SyncedDoc } from '../protocol/sync';
import { cleanRecord } from '../domain/docs/validate';
import { defaultDocStoreLimits, mergeStep, type DocStore, type DocStoreLimits, type MergeResult } from '../relay/sync/doc-store';

type Row = { record: string; seq: number };

export class SqliteDocStore implements DocStore {
	readonly storeId: string;
	private readonly db: Database.Database;
	private readonly limits: DocStoreLimits;
	private seq: number;
	private count: number;
	private readonly mergeAll: (records: readonly DocRecord[]) => MergeResult;

	/** Opens (or creates) the store in `file`. Throws with the file name when it cannot. */
	constructor(options: { file: string; limits?: Partial<DocStoreLimits> }) {
		this.limits = { ...defaultDocStoreLimits, ...options.limits };
		try {
			this.db = new Database(options.file);
			this.db.pragma('journal_mode = WAL');
			this.db.pragma('synchronous = NORMAL');
			this.db.exec(`
				CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
				CREATE TABLE IF NOT EXISTS docs (
					id TEXT PRIMARY KEY, type TEXT NOT NULL, seq INTEGER NOT NULL, chars INTEGER NOT NULL, record TEXT NOT NULL
				);
				CREATE INDEX IF NOT EXISTS docs_seq ON docs (seq);
			`);
		} catch (error) {
			throw new Error(`The document store ${options.file} could not be opened: ${(error as Error).message}`);
		}
		const meta = (key: string) => (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
		let storeId = meta('storeId');
		if (!storeId) {
			storeId = 'sqlite-' + randomUUID();
			this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('storeId', storeId);
		}
		this.storeId = storeId;
		this.seq = Number(meta('seq') ?? 0);
		this.count = (this.db.prepare('SELECT COUNT(*) AS n FROM docs').get() as { n: number }).n;

		const read = this.db.prepare('SELECT record, seq FROM docs WHERE id = ?');
		const write = this.db.prepare('INSERT OR REPLACE INTO docs (id, type, seq, chars, record) VALUES (?, ?, ?, ?, ?)');
		const saveSeq = this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('seq', ?)");
		this.mergeAll = this.db.transaction((records: readonly DocRecord[]) => {
			const result: MergeResult = { changed: [], refused: [], lastSeq: this.seq };
			let seq = this.seq;
			let count = this.count;
			const changed = new Map<string, SyncedDoc>();
			records.forEach((incoming, index) => {
				const row = read.get(incoming.id) as Row | undefined;
				const stored = row ? (JSON.parse(row.record) as DocRecord) : undefined;
				const outcome = mergeStep(stored, incoming, count, this.limits);
				if (outcome.kind === 'refused') result.refused.push({ index, id: incoming.id, reason: outcome.reason });
				if (outcome.kind !== 'changed') return;
				seq++;
				if (!row) count++;
				write.run(incoming.id, incoming.type, seq, outcome.text.length, JSON.stringify(outcome.record));
				changed.set(incoming.id, { ...outcome.record, seq });
			});
			if (seq !== this.seq) saveSeq.run(String(seq));
			// counters move only once the transaction commits (a throw above rolls all back)
			this.seq = seq;
			this.count = count;
			result.changed = [...changed.values()];
			result.lastSeq = seq;
			return result;
		});
	}

	async merge(records: readonly DocRecord[]): Promise<MergeResult> {
		return this.mergeAll(records.map(cleanRecord));
	}

	async since(afterSeq: number, limit: number): Promise<{ docs: SyncedDoc[]; more: boolean }> {
		const rows = this.db.prepare('SELECT record, seq FROM docs WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit + 1) as Row[];
		const more = rows.length > limit;
		return { docs: rows.slice(0, limit).map((r) => ({ ...(JSON.parse(r.record) as DocRecord), seq: r.seq })), more };
	}

	async get(id: string): Promise<SyncedDoc | undefined> {
		const row = this.db.prepare('SELECT record, seq FROM docs WHERE id = ?').get(id) as Row | undefined;
		return row ? { ...(JSON.parse(row.record) as DocRecord), seq: row.seq } : undefined;
	}

	async lastSeq(): Promise<number> {
		return this.seq;
	}

	async stats(): Promise<{ docs: number; chars: number }> {
		const row = this.db.prepare('SELECT COUNT(*) AS docs, COALESCE(SUM(chars), 0) AS chars FROM docs').get() as { docs: number; chars: number };
		return { docs: row.docs, chars: row.chars };
	}

	async close(): Promise<void> {
		if (this.db.open) this.db.close();
	}
}
