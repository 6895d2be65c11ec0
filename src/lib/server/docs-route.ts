/**
 * Document sync for `npm start`: the /api/sync handler on the SQLite store in the data
 * directory (`<data-dir>/docs.sqlite`), or on an in-memory store with --no-persist or when
 * the file cannot be opened (said on stderr; the relay keeps serving and documents last
 * until it stops).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createSyncHandler, MemoryDocStore, type DocStore, type SyncHandler } from '../relay/sync/index';
import { SqliteDocStore } from './docs-sqlite';

export function openDocSync(options: { dataDir: string | undefined; warn: (line: string) => void }): {
	handler: SyncHandler;
	where: string;
	close: () => Promise<void>;
} {
	let store: DocStore;
	let where: string;
	if (options.dataDir) {
		const file = join(options.dataDir, 'docs.sqlite');
		try {
			mkdirSync(options.dataDir, { recursive: true });
			store = new SqliteDocStore({ file });
			where = file;
		} catch (error) {
			options.warn(`${(error as Error).message}. Synced documents are kept in memory until the relay stops.`);
			store = new MemoryDocStore();
			where = 'memory';
		}
	} else {
		store = new MemoryDocStore();
		where = 'memory (--no-persist)';
	}
	const handler = createSyncHandler({ store });
	return {
		handler,
		where,
		close: async () => {
			handler.close();
			await store.close();
		}
	};
}
