import { afterEach, describe, expect, it } from 'vitest';
import { createSyncHandler } from '../../relay/sync/handler';
import { MemoryDocStore } from '../../relay/sync/memory-doc-store';
import type { DocsChannel } from './documents';
import { startDocuments, type DocumentsSession } from './start';

/** BroadcastChannel semantics: a message reaches every other channel of the same name. */
function channelHub() {
	const members = new Set<{ listeners: ((e: MessageEvent) => void)[] }>();
	return (): DocsChannel => {
		const me = { listeners: [] as ((e: MessageEvent) => void)[] };
		members.add(me);
		return {
			postMessage(message) {
				for (const m of members) if (m !== me) for (const l of m.listeners) queueMicrotask(() => l({ data: message } as MessageEvent));
			},
			addEventListener(_type, listener) {
				me.listeners.push(listener);
			},
			close() {
				members.delete(me);
			}
		};
	};
}

/** Web Locks: the first requester holds the lock; later ones wait. */
function oneLock() {
	let held = false;
	return {
		request: (async (_name: string, run: () => Promise<void>) => {
			if (held) return new Promise(() => undefined);
			held = true;
			return run();
		}) as unknown as LockManager['request']
	};
}

const sessions: DocumentsSession[] = [];
afterEach(async () => {
	for (const s of sessions.splice(0)) await s.stop();
});

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
	for (let i = 0; i < 500; i++) {
		if (await check()) return;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error('timed out');
}

describe('startDocuments', () => {
	it('falls back to memory when IndexedDB cannot open, and one tab syncs for all', async () => {
		const server = new MemoryDocStore();
		const handler = createSyncHandler({ store: server });
		const fetch = ((input: RequestInfo | URL, init?: RequestInit) => handler.handle(new Request(new URL(String(input), 'http://relay.test'), init))) as typeof globalThis.fetch;
		const channel = channelHub();
		const locks = oneLock();
		const noIndexedDb = async () => {
			throw new Error('IndexedDB is not available');
		};
		const first = await startDocuments({ openStore: noIndexedDb, channel, locks, fetch });
		const second = await startDocuments({ openStore: noIndexedDb, channel, locks, fetch });
		sessions.push(first, second);
		expect(first.storage).toBe('memory');
		await until(() => first.status()?.state === 'idle');
		// the second tab learns the status from the syncing tab
		await until(() => second.status()?.state === 'idle');
		// in this test the tabs do not share storage, so the syncing tab pushes its own edit
		await first.docs.edit('wall', 'board', { title: 'From the syncing tab' });
		await until(async () => (await server.get('wall')) !== undefined);
		expect((await server.get('wall'))?.fields.title.v).toBe('From the syncing tab');
		handler.close();
	});
});
