import { describe, expect, it } from 'vitest';
import type { DocChange, SyncPullResponse, SyncPushResponse } from '../../protocol/sync';
import { applyChange } from '../../domain/docs/merge';
import { createRelay } from '../relay';
import { createSyncHandler } from './handler';
import { MemoryDocStore } from './memory-doc-store';

const base = 'http://127.0.0.1/api/sync';
const stamp = (ms: number, replica = 'dev') => `${String(ms).padStart(15, '0')}:000000:${replica}`;
const change = (id: string, field: string, value: unknown, ms: number): DocChange => ({ id, type: 'board', field, value: value as never, hlc: stamp(ms) });

function setup(limits = {}) {
	const store = new MemoryDocStore({ storeId: 'test-store' });
	const sync = createSyncHandler({ store, limits });
	const push = async (body: unknown) => sync.handle(new Request(base, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) }));
	const pull = async (query = '') => sync.handle(new Request(base + query));
	return { store, sync, push, pull };
}

describe('sync handler', () => {
	it('stores pushed changes and serves them to a pull after the cursor', async () => {
		const { push, pull } = setup();
		const pushed = (await (await push({ changes: [change('b1', 'title', 'Ops', 1), change('b1', 'widgets/w1', { kind: 'topology' }, 2), change('b2', 'title', 'NOC', 3)] })).json()) as SyncPushResponse;
		expect(pushed).toEqual({ storeId: 'test-store', accepted: 3, refused: [], lastSeq: 2 });
		const first = (await (await pull('?since=0&limit=1')).json()) as SyncPullResponse;
		expect(first).toMatchObject({ storeId: 'test-store', cursor: 1, more: true, lastSeq: 2, docs: [{ id: 'b1', seq: 1, fields: { title: { v: 'Ops' }, 'widgets/w1': { v: { kind: 'topology' } } } }] });
		const rest = (await (await pull(`?since=${first.cursor}`)).json()) as SyncPullResponse;
		expect(rest.docs.map((d) => d.id)).toEqual(['b2']);
		expect(rest.more).toBe(false);
		const none = (await (await pull(`?since=${rest.cursor}`)).json()) as SyncPullResponse;
		expect(none).toMatchObject({ docs: [], cursor: 2, more: false });
	});

	it('refuses bad changes alone and says why', async () => {
		const { push } = setup();
		const response = (await (
			await push({
				changes: [change('b1', 'title', 'ok', 1), { ...change('b1', 'title', 'x', 2), hlc: 'soon' }, change('b1', 'colour', 'red', 3), { junk: true }],
				docs: [{ id: 'k1', type: 'kpi' }, applyChange(undefined, { id: 'k2', type: 'kpi', field: 'name', value: 'K2', hlc: stamp(4) })]
			})
		).json()) as SyncPushResponse;
		expect(response.accepted).toBe(2);
		expect(response.refused.map((r) => [r.kind, r.index, r.id])).toEqual([
			['change', 1, 'b1'],
			['change', 2, 'b1'],
			['change', 3, ''],
			['doc', 0, 'k1']
		]);
		expect(response.refused[1].reason).toMatch(/no field "colour"/);
	});

	it('refuses a change whose document exists with another type, naming every change of it', async () => {
		const { push } = setup();
		await push({ changes: [change('x', 'title', 'board', 1)] });
		const response = (await (await push({ changes: [{ id: 'x', type: 'kpi', field: 'name', value: 'K', hlc: stamp(2) }, { id: 'x', type: 'kpi', field: 'target', value: 3, hlc: stamp(3) }] })).json()) as SyncPushResponse;
		expect(response.refused.map((r) => r.index)).toEqual([0, 1]);
		expect(response.refused[0].reason).toMatch(/cannot change type/);
	});

	it('answers bad requests with a status and a reason, and keeps serving', async () => {
		const { push, pull, sync } = setup({ maxChangesPerPush: 2, maxBodyBytes: 1_000 });
		expect((await push('{nope')).status).toBe(400);
		expect((await push('[1]')).status).toBe(400);
		expect((await push({ changes: 'x' })).status).toBe(400);
		const tooMany = await push({ changes: [change('a', 'title', 'a', 1), change('b', 'title', 'b', 1), change('c', 'title', 'c', 1)] });
		expect(tooMany.status).toBe(413);
		expect(((await tooMany.json()) as { message: string }).message).toMatch(/At most 2 changes/);
		expect((await push({ changes: [change('a', 'title', 'x'.repeat(2_000), 1)] })).status).toBe(413);
		expect((await pull('?since=-1')).status).toBe(400);
		expect((await sync.handle(new Request(base, { method: 'DELETE' }))).status).toBe(405);
		expect((await sync.handle(new Request(base + '/other'))).status).toBe(404);
		expect((await push({ changes: [change('a', 'title', 'fine', 1)] })).status).toBe(200);
	});

	it('holds a long poll until another device pushes', async () => {
		const { push, pull, sync } = setup();
		await push({ changes: [change('b1', 'title', 'one', 1)] });
		const waiting = pull('?since=1&waitSec=20');
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(sync.waiting).toBe(1);
		await push({ changes: [change('b1', 'title', 'two', 2)] });
		const response = (await (await waiting).json()) as SyncPullResponse;
		expect(response.docs.map((d) => d.fields.title.v)).toEqual(['two']);
		expect(sync.waiting).toBe(0);
	});

	it('ends a long poll when the client goes away, and bounds how many wait', async () => {
		const { pull, sync } = setup({ maxWaiters: 1 });
		const controller = new AbortController();
		const gone = sync.handle(new Request(base + '?since=0&waitSec=30', { signal: controller.signal }));
		await new Promise((resolve) => setTimeout(resolve, 10));
		const second = await pull('?since=0&waitSec=30');
		expect(second.status).toBe(503);
		expect(second.headers.get('retry-after')).toBe('2');
		controller.abort();
		expect(((await (await gone).json()) as SyncPullResponse).docs).toEqual([]);
		expect(sync.waiting).toBe(0);
	});

	it('tells a client whose cursor is past the store that the store is another one', async () => {
		const { pull } = setup();
		const response = (await (await pull('?since=40')).json()) as SyncPullResponse;
		expect(response).toMatchObject({ storeId: 'test-store', lastSeq: 0, cursor: 0 });
	});

	it('is mounted by the relay behind the view token', async () => {
		const store = new MemoryDocStore();
		const relay = createRelay({ viewToken: 'secret', routes: { '/api/sync': createSyncHandler({ store }).handle } });
		expect((await relay.handle(new Request(base))).status).toBe(401);
		const ok = await relay.handle(new Request(base, { method: 'POST', headers: { authorization: 'Bearer secret' }, body: JSON.stringify({ changes: [change('b', 'title', 't', 1)] }) }));
		expect(((await ok.json()) as SyncPushResponse).lastSeq).toBe(1);
		await relay.close();
	});
});
