import { describe, expect, it } from 'vitest';
import type { AdvisorClient, ReadProgress, WindowQuery, WindowReply } from '$lib/workers/advisor-client';
import { WindowReader } from './window-reader.svelte';

/** A client whose reads finish when the test says so. */
function fakeClient() {
	const pending: { query: WindowQuery; progress?: (p: ReadProgress) => void; resolve: (reply: WindowReply) => void }[] = [];
	let cancels = 0;
	const client = {
		readWindow: (query: WindowQuery, progress?: (p: ReadProgress) => void) => new Promise<WindowReply>((resolve) => pending.push({ query, progress, resolve })),
		cancelRead: () => void cancels++
	} as unknown as AdvisorClient;
	return { client, pending, cancels: () => cancels };
}

const read = (toMs: number) => ({ query: { dbName: 'm', fromMs: 0, toMs }, spans: toMs, chunks: 1 }) as never;

describe('WindowReader', () => {
	it('shows progress while reading and keeps the answer of the newest query only', async () => {
		const { client, pending } = fakeClient();
		const reader = new WindowReader(client);
		const first = reader.load({ dbName: 'm', fromMs: 0, toMs: 10 });
		pending[0].progress?.({ spans: 5, chunks: 1, fraction: 0.5 });
		expect(reader.status).toBe('reading');
		expect(reader.progress).toEqual({ spans: 5, chunks: 1, fraction: 0.5 });
		const second = reader.load({ dbName: 'm', fromMs: 0, toMs: 20 });
		// the same query again while it is read: no second read
		void reader.load({ dbName: 'm', fromMs: 0, toMs: 20 });
		expect(pending).toHaveLength(2);
		pending[1].resolve({ status: 'done', read: read(20), cached: false });
		await second;
		pending[0].resolve({ status: 'done', read: read(10), cached: false });
		await first;
		expect(reader.status).toBe('ready');
		expect(reader.read?.spans).toBe(20);
	});

	it('says when a read was cancelled or failed, and reads the same window again after either', async () => {
		const { client, pending, cancels } = fakeClient();
		const reader = new WindowReader(client);
		const query = { dbName: 'm', fromMs: 0, toMs: 10 };
		const cancelled = reader.load(query);
		reader.cancel();
		expect(cancels()).toBe(1);
		pending[0].resolve({ status: 'superseded' });
		await cancelled;
		expect(reader.status).toBe('cancelled');
		const failing = reader.load(query);
		pending[1].resolve({ status: 'failed', message: 'IndexedDB is closed' });
		await failing;
		expect([reader.status, reader.error]).toEqual(['error', 'IndexedDB is closed']);
		void reader.load(query);
		expect(pending).toHaveLength(3);
	});
});
