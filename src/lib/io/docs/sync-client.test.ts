import { afterEach, describe, expect, it } from 'vitest';
import type { DocRecord } from '../../protocol/sync';
import { canonicalRecord } from '../../domain/docs/merge';
import { seedDomains } from '../../domain/business/seed';
import { createSyncHandler, type SyncHandler } from '../../relay/sync/handler';
import { MemoryDocStore } from '../../relay/sync/memory-doc-store';
import { Documents } from './documents';
import { MemoryLocalDocStore } from './memory-local-store';
import { DocSyncClient, type DocSyncOptions, type SyncStatus } from './sync-client';

interface Device {
	docs: Documents;
	client: DocSyncClient;
	online: boolean;
	statuses: SyncStatus[];
}

const relay: { handler: SyncHandler } = { handler: createSyncHandler({ store: new MemoryDocStore() }) };
const started: DocSyncClient[] = [];

afterEach(async () => {
	for (const client of started.splice(0)) await client.stop();
	relay.handler.close();
});

function freshRelay(storeId: string, limits = {}): MemoryDocStore {
	const store = new MemoryDocStore({ storeId, limits });
	relay.handler = createSyncHandler({ store });
	return store;
}

/** fetch for one device: refuses like a browser when the device is offline; aborts like fetch. */
function deviceFetch(device: { online: boolean }): typeof fetch {
	return (input, init) =>
		new Promise<Response>((resolve, reject) => {
			if (!device.online) return reject(new TypeError('Failed to fetch'));
			const signal = init?.signal;
			if (signal?.aborted) return reject(new DOMException('The operation was aborted.', 'AbortError'));
			signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
			const request = new Request(new URL(String(input), 'http://relay.test'), { ...init, signal: undefined });
			relay.handler.handle(request).then(resolve, reject);
		});
}

async function device(name: string, options: Partial<DocSyncOptions> = {}, seed = false): Promise<Device> {
	let n = 0;
	const random = () => ((name.charCodeAt(0) * 7919 + ++n * 104729) % 1000) / 1000;
	const docs = await Documents.open({ store: new MemoryLocalDocStore(), random, seed });
	const d: Device = { docs, online: true, statuses: [] } as unknown as Device;
	d.client = new DocSyncClient({ docs, fetch: deviceFetch(d), waitSec: 5, onStatus: (s) => d.statuses.push(s), ...options });
	docs.onChange((_ids, origin) => origin === 'local' && d.client.nudge());
	started.push(d.client);
	return d;
}

async function until(what: string, check: () => Promise<boolean> | boolean, limit = 500): Promise<void> {
	for (let i = 0; i < limit; i++) {
		if (await check()) return;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error(`Timed out waiting for: ${what}`);
}

async function record(d: Device, id: string): Promise<string | undefined> {
	const r = await d.docs.store.get(id);
	return r && canonicalRecord(r);
}

describe('DocSyncClient', () => {
	it('brings one device’s edit to another through a long poll', async () => {
		freshRelay('s1');
		const a = await device('a');
		const b = await device('b');
		a.client.start();
		b.client.start();
		await until('both idle', () => a.client.current.state === 'idle' && b.client.current.state === 'idle');
		await a.docs.edit('noc', 'board', { title: 'NOC wall' });
		await until('b sees the title', async () => (await b.docs.get('noc'))?.body.title === 'NOC wall');
		expect(await a.docs.store.pendingCount()).toBe(0);
	});

	it('converges two devices that edited the same board offline, keeping the losing title in history', async () => {
		freshRelay('s1');
		const a = await device('a');
		const b = await device('b');
		await a.docs.edit('noc', 'board', { title: 'Shared', widgets: { base: { kind: 'topology' } } });
		a.client.start();
		b.client.start();
		await until('b has the board', async () => (await b.docs.get('noc')) !== undefined);
		a.online = false;
		b.online = false;
		await a.docs.edit('noc', 'board', { title: 'Title from A', widgets: { wa: { kind: 'big-number', kpiIds: ['k1'] } } });
		await new Promise((resolve) => setTimeout(resolve, 5));
		await b.docs.edit('noc', 'board', { title: 'Title from B', widgets: { wb: { kind: 'time-series' }, base: null } });
		await until('both offline', () => a.client.current.state === 'offline' && b.client.current.state === 'offline');
		expect(a.client.current.pending).toBeGreaterThan(0);
		a.online = true;
		b.online = true;
		// retries after backoff; a nudge shortens nothing while offline, so wait for the retry
		await until(
			'identical boards',
			async () => (await a.docs.store.pendingCount()) === 0 && (await b.docs.store.pendingCount()) === 0 && (await record(a, 'noc')) === (await record(b, 'noc')),
			600
		);
		const view = await a.docs.get('noc');
		expect(view?.body.title).toBe('Title from B');
		expect(Object.keys(view?.body.widgets as object).sort()).toEqual(['wa', 'wb']);
		const history = await a.docs.history('noc');
		expect(history.entries.map((e) => [e.f, e.v])).toEqual(expect.arrayContaining([['title', 'Title from A'], ['title', 'Shared'], ['widgets/base', { kind: 'topology' }]]));
	}, 20_000);

	it('backs off while the relay is unreachable and reports why', async () => {
		const delays: number[] = [];
		const d = await device('c', {
			backoff: { random: () => 0.5 },
			sleep: async (ms) => {
				delays.push(ms);
				if (delays.length >= 5) void d.client.stop();
			}
		});
		d.online = false;
		await d.docs.edit('b1', 'board', { title: 'offline edit' });
		d.client.start();
		await until('five retries', () => delays.length >= 5);
		await until('stopped', () => d.client.current.state === 'stopped');
		// equal jitter at r = 0.5: 3/4 of a ceiling that doubles from 1 s
		expect(delays).toEqual([750, 1_500, 3_000, 6_000, 12_000]);
		const offline = d.statuses.find((s) => s.state === 'offline');
		expect(offline).toMatchObject({ pending: 1, error: { key: 'docs.sync.offline' }, retryInMs: 750 });
		expect(await d.docs.store.pendingCount()).toBe(1);
	});

	it('says when the relay refuses its token', async () => {
		freshRelay('s1');
		const d = await device('d', { fetch: async () => new Response('{"code":401}', { status: 401 }), sleep: async () => void d.client.stop() });
		d.client.start();
		await until('unauthorized', () => d.statuses.some((s) => s.state === 'unauthorized'));
		expect(d.statuses.find((s) => s.state === 'unauthorized')?.error).toEqual({ key: 'docs.sync.unauthorized' });
	});

	it('drops refused changes from the outbox and keeps the reasons for the UI', async () => {
		freshRelay('s1', { maxDocs: 1 });
		const d = await device('e');
		await d.docs.edit('b1', 'board', { title: 'one' });
		await d.docs.edit('b2', 'board', { title: 'two' });
		d.client.start();
		await until('outbox empty', async () => (await d.docs.store.pendingCount()) === 0);
		expect(d.client.current.refused.map((r) => r.id)).toEqual(['b2']);
		expect(d.client.current.refused[0].reason).toMatch(/maximum of 1 documents/);
	});

	it('pushes everything it holds to a relay whose store is new, then pulls from there', async () => {
		freshRelay('old');
		const d = await device('f', { waitSec: 1, sleep: (ms, signal) => new Promise((resolve) => (signal.aborted ? resolve() : setTimeout(resolve, 10))) }, true);
		await d.docs.edit('b1', 'board', { title: 'kept' });
		d.client.start();
		await until('synced with old', async () => (await d.docs.store.readCursor())?.storeId === 'old' && (await d.docs.store.pendingCount()) === 0);
		// the relay restarts on an empty store: the waiting poll ends with 503 and the client retries
		relay.handler.close();
		const fresh = freshRelay('new');
		await until('synced with new', async () => (await d.docs.store.readCursor())?.storeId === 'new' && (await fresh.get('b1')) !== undefined);
		expect((await fresh.stats()).docs).toBe(1 + seedDomains.length);
		expect(canonicalRecord((await fresh.get('b1')) as DocRecord)).toBe(await record(d, 'b1'));
	});
});

describe('Documents', () => {
	it('seeds the four business domains once, and edits offline with listeners told', async () => {
		const store = new MemoryLocalDocStore();
		const docs = await Documents.open({ store });
		expect((await docs.definitions()).domains.map((x) => x.names.ko)).toEqual(['여신', '수신', '전자금융', '상품처리']);
		const pending = await store.pendingCount();
		await Documents.open({ store });
		expect(await store.pendingCount()).toBe(pending);
		const heard: [string[], string][] = [];
		docs.onChange((ids, origin) => heard.push([ids, origin]));
		const id = await docs.create('board', { title: 'Wall' });
		expect(await docs.edit(id, 'board', { title: 'Wall' })).toEqual([]);
		await docs.remove(id, 'board');
		expect(await docs.list('board')).toEqual([]);
		expect(heard).toEqual([
			[[id], 'local'],
			[[id], 'local']
		]);
	});

	it('imports a board file and reports a bad one without writing', async () => {
		const docs = await Documents.open({ store: new MemoryLocalDocStore() });
		const before = await docs.store.pendingCount();
		expect(await docs.importBoard('{"format":"meridian.board","version":2}', 'copy')).toMatchObject({ ok: false, issues: [{ code: 'business.import.version' }] });
		expect(await docs.store.pendingCount()).toBe(before);
		const file = { format: 'meridian.board', version: 1, board: { id: 'x', title: 'Imported', widgets: {}, layout: {} }, domains: [], transactions: [], kpis: [] };
		const result = await docs.importBoard(JSON.stringify(file), 'copy');
		if (!result.ok) throw new Error('import failed');
		expect((await docs.get(result.boardId))?.body.title).toBe('Imported');
		expect(result.boardId).not.toBe('x');
	});
});
