/**
 * Starts documents in a tab: the IndexedDB store (or, when it cannot open, the in-memory
 * twin, reported as `storage: 'memory'`), the Documents editor, and the sync client.
 *
 * One tab per browser syncs: it holds the Web Lock `meridian-docs-sync`; when it closes the
 * lock passes to another tab. Tabs hear of each other's edits over the BroadcastChannel
 * `meridian-docs` (the syncing tab pushes them at once) and of the sync status the syncing
 * tab posts there. Without the Locks API every tab syncs (pushes are idempotent).
 */
import { DexieLocalDocStore, docsDbName } from './dexie-local-store';
import { Documents, type DocsChannel } from './documents';
import type { LocalDocStore } from './local-store';
import { MemoryLocalDocStore } from './memory-local-store';
import { DocSyncClient, type SyncStatus } from './sync-client';

export const docsSyncLockName = 'meridian-docs-sync';
export const docsChannelName = 'meridian-docs';

export interface DocumentsSession {
	docs: Documents;
	storage: 'indexeddb' | 'memory';
	/** Latest status known to this tab (from its own client or the syncing tab). */
	status(): SyncStatus | undefined;
	onStatus(listener: (status: SyncStatus) => void): () => void;
	stop(): Promise<void>;
}

export interface StartDocumentsOptions {
	dbName?: string;
	/** `/api/sync` on this origin by default. */
	url?: string;
	token?: () => string | undefined;
	/** False: edit locally only (no relay, e.g. a static build without the demo relay). */
	sync?: boolean;
	locks?: Pick<LockManager, 'request'>;
	fetch?: typeof fetch;
	channel?: (name: string) => DocsChannel;
	openStore?: (name: string) => Promise<LocalDocStore>;
}

async function openIndexedDb(name: string): Promise<LocalDocStore> {
	const store = new DexieLocalDocStore({ name });
	await store.db.open();
	return store;
}

export async function startDocuments(options: StartDocumentsOptions = {}): Promise<DocumentsSession> {
	let store: LocalDocStore;
	let storage: DocumentsSession['storage'] = 'indexeddb';
	try {
		store = await (options.openStore ?? openIndexedDb)(options.dbName ?? docsDbName);
	} catch {
		// This is non-fatal: documents stay editable in memory until the page closes and still sync.
		store = new MemoryLocalDocStore();
		storage = 'memory';
	}
	const makeChannel = options.channel ?? (typeof BroadcastChannel === 'function' ? (name: string) => new BroadcastChannel(name) as unknown as DocsChannel : undefined);
	const channel = makeChannel?.(docsChannelName);
	const docs = await Documents.open({ store, channel });
	const listeners = new Set<(status: SyncStatus) => void>();
	let latest: SyncStatus | undefined;
	const publish = (status: SyncStatus) => {
		latest = status;
		for (const listener of listeners) listener(status);
	};
	channel?.addEventListener('message', (event: MessageEvent) => {
		const data = event.data as { type?: string; status?: SyncStatus };
		if (data?.type === 'docs-sync-status' && data.status) publish(data.status);
	});

	let client: DocSyncClient | undefined;
	let releaseLock: (() => void) | undefined;
	let stopped = false;
	if (options.sync ?? true) {
		const run = async () => {
			if (stopped) return;
			client = new DocSyncClient({
				docs,
				url: options.url,
				token: options.token,
				fetch: options.fetch,
				onStatus: (status) => {
					publish(status);
					channel?.postMessage({ type: 'docs-sync-status', status });
				}
			});
			docs.onChange((_ids, origin) => origin !== 'remote' && client?.nudge());
			client.start();
			await new Promise<void>((resolve) => (releaseLock = resolve));
		};
		const locks = options.locks ?? (globalThis.navigator as Navigator | undefined)?.locks;
		if (locks) void locks.request(docsSyncLockName, run);
		else void run();
	}

	return {
		docs,
		storage,
		status: () => latest,
		onStatus(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		async stop() {
			stopped = true;
			await client?.stop();
			releaseLock?.();
			docs.close();
			store.close();
		}
	};
}
