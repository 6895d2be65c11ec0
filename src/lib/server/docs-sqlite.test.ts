import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDocStoreContract } from '../relay/sync/doc-store.contract';
import { SqliteDocStore } from './docs-sqlite';

const dir = mkdtempSync(join(tmpdir(), 'meridian-docs-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runDocStoreContract('SqliteDocStore', async (limits) => {
	const file = join(dir, `store-${++n}.sqlite`);
	const store = new SqliteDocStore({ file, limits });
	return {
		store,
		reopen: async () => {
			await store.close();
			return new SqliteDocStore({ file, limits });
		}
	};
}, { persistent: true });

describe('SqliteDocStore', () => {
	it('uses the WAL journal and says which file it could not open', async () => {
		const store = new SqliteDocStore({ file: join(dir, 'wal.sqlite') });
		expect((store as unknown as { db: { pragma(s: string, o: object): unknown } }).db.pragma('journal_mode', { simple: true })).toBe('wal');
		await store.close();
		expect(() => new SqliteDocStore({ file: join(dir, 'missing-dir', 'x.sqlite') })).toThrow(/missing-dir.*could not be opened/);
	});
});
