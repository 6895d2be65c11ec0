/**
 * The LocalDocStore contract, run by dexie-local-store.test.ts (fake-indexeddb) and
 * memory-local-store.test.ts. Persistent stores also run the reopen test.
 */
import { describe, expect, it } from 'vitest';
import type { DocChange, DocRecord } from '../../protocol/sync';
import { applyChange, canonicalRecord } from '../../domain/docs/merge';
import { OutboxFullError, type LocalDocStore } from './local-store';

const stamp = (ms: number, replica = 'dev') => `${String(ms).padStart(15, '0')}:000000:${replica}`;
const change = (id: string, field: string, value: unknown, ms: number, type: DocChange['type'] = 'board'): DocChange => ({ id, type, field, value: value as never, hlc: stamp(ms) });

export interface LocalStoreFixture {
	store: LocalDocStore;
	reopen?: () => Promise<LocalDocStore>;
}

export function runLocalDocStoreContract(
	name: string,
	open: (options?: { maxOutbox?: number }) => Promise<LocalStoreFixture>,
	options: { persistent?: boolean } = {}
): void {
	describe(`LocalDocStore contract: ${name}`, () => {
		it('applies local edits and queues them in order until acknowledged', async () => {
			const { store } = await open();
			await store.commit([change('b1', 'title', 'A', 1), change('b1', 'widgets/w1', { kind: 'topology' }, 2)], stamp(2));
			const changed = await store.commit([change('b1', 'title', 'B', 3), change('k1', 'name', 'K', 4, 'kpi')], stamp(4));
			expect(changed.map((r) => r.id).sort()).toEqual(['b1', 'k1']);
			const b1 = (await store.get('b1')) as DocRecord;
			expect(b1.fields.title).toEqual({ v: 'B', t: stamp(3) });
			expect(b1.history).toEqual([{ f: 'title', v: 'A', t: stamp(1) }]);
			const queued = await store.pending(10);
			expect(queued.map((e) => e.change.hlc)).toEqual([stamp(1), stamp(2), stamp(3), stamp(4)]);
			expect(queued.map((e) => e.seq)).toEqual([...queued.map((e) => e.seq)].sort((a, b) => a - b));
			await store.acknowledge(queued[1].seq);
			expect((await store.pending(10)).map((e) => e.change.hlc)).toEqual([stamp(3), stamp(4)]);
			expect(await store.pendingCount()).toBe(2);
			expect((await store.list('kpi')).map((r) => r.id)).toEqual(['k1']);
			expect((await store.list()).map((r) => r.id)).toEqual(['b1', 'k1']);
			expect(await store.readClock()).toBe(stamp(4));
			store.close();
		});

		it('writes nothing when a commit fails, and says when the outbox is full', async () => {
			const { store } = await open({ maxOutbox: 3 });
			await store.commit([change('b1', 'title', 'A', 1)], stamp(1));
			await expect(store.commit([change('b2', 'title', 'x', 2), change('b1', 'name', 'K', 3, 'kpi')], stamp(3))).rejects.toThrow(/cannot change type/);
			expect(await store.get('b2')).toBeUndefined();
			expect(await store.pendingCount()).toBe(1);
			await expect(store.commit([change('b3', 'title', 'x', 4), change('b4', 'title', 'y', 5), change('b5', 'title', 'z', 6)], stamp(6))).rejects.toThrow(OutboxFullError);
			expect(await store.get('b3')).toBeUndefined();
			expect(await store.readClock()).toBe(stamp(1));
			store.close();
		});

		it('merges remote documents with the cursor, reporting what changed and what could not merge', async () => {
			const { store } = await open();
			await store.commit([change('b1', 'title', 'mine', 5)], stamp(5));
			const remoteB1 = applyChange(applyChange(undefined, change('b1', 'title', 'theirs', 3, 'board')), change('b1', 'widgets/w2', { kind: 'big-number' }, 4));
			const remoteK = applyChange(undefined, change('b9', 'name', 'kpi here', 2, 'kpi'));
			await store.commit([change('b9', 'title', 'a board here', 1)], stamp(5));
			const result = await store.mergeRemote([remoteB1, remoteK], { storeId: 's1', cursor: 7 });
			expect(result.changed.map((r) => r.id)).toEqual(['b1']);
			expect(result.conflicts.map((c) => c.id)).toEqual(['b9']);
			const b1 = (await store.get('b1')) as DocRecord;
			expect(b1.fields.title.v).toBe('mine');
			expect(b1.history).toEqual([{ f: 'title', v: 'theirs', t: stamp(3) }]);
			expect((await store.get('b9'))?.type).toBe('board');
			expect(await store.readCursor()).toEqual({ storeId: 's1', cursor: 7 });
			const again = await store.mergeRemote([remoteB1], { storeId: 's1', cursor: 8 });
			expect(again.changed).toEqual([]);
			await store.writeCursor({ storeId: 's2', cursor: 0 });
			expect(await store.readCursor()).toEqual({ storeId: 's2', cursor: 0 });
			store.close();
		});

		if (!options.persistent) return;
		it('keeps documents, outbox, cursor and clock across a reopen', async () => {
			const fixture = await open();
			if (!fixture.reopen) throw new Error('A persistent store fixture must offer reopen().');
			await fixture.store.commit([change('b1', 'title', 'A', 1), change('b1', 'title', 'B', 2)], stamp(2));
			await fixture.store.mergeRemote([applyChange(undefined, change('b2', 'title', 'R', 3))], { storeId: 's', cursor: 4 });
			const before = canonicalRecord((await fixture.store.get('b1')) as DocRecord);
			const store = await fixture.reopen();
			expect(canonicalRecord((await store.get('b1')) as DocRecord)).toBe(before);
			expect((await store.list()).map((r) => r.id)).toEqual(['b1', 'b2']);
			expect((await store.pending(10)).map((e) => e.change.value)).toEqual(['A', 'B']);
			expect(await store.readCursor()).toEqual({ storeId: 's', cursor: 4 });
			expect(await store.readClock()).toBe(stamp(2));
			store.close();
		});
	});
}
