/**
 * The DocStore contract, run against every implementation (memory-doc-store.test.ts,
 * src/lib/server/docs-sqlite.test.ts). Persistent stores also run the restart test: their
 * fixture's `reopen` closes the store and opens the same storage again.
 */
import { describe, expect, it } from 'vitest';
import type { DocChange, DocRecord } from '../../protocol/sync';
import { applyChange, canonicalRecord } from '../../domain/docs/merge';
import type { DocStore, DocStoreLimits } from './doc-store';

export interface DocStoreFixture {
	store: DocStore;
	/** Closes and reopens the same storage (persistent stores only). */
	reopen?: () => Promise<DocStore>;
}

const stamp = (ms: number, replica = 'a') => `${String(ms).padStart(15, '0')}:000000:${replica}`;

function record(id: string, edits: [string, unknown, number][], type: DocRecord['type'] = 'board'): DocRecord {
	let r: DocRecord | undefined;
	for (const [field, value, ms] of edits) {
		const change: DocChange = { id, type, field, value: value as never, hlc: stamp(ms) };
		r = applyChange(r, change);
	}
	return r as DocRecord;
}

export function runDocStoreContract(
	name: string,
	open: (limits?: Partial<DocStoreLimits>) => Promise<DocStoreFixture>,
	options: { persistent?: boolean } = {}
): void {
	describe(`DocStore contract: ${name}`, () => {
		it('merges documents, numbers every change and serves them after a cursor', async () => {
			const { store } = await open();
			expect(await store.lastSeq()).toBe(0);
			const first = await store.merge([record('b1', [['title', 'A', 1]]), record('b2', [['title', 'B', 1]])]);
			expect(first.changed.map((d) => [d.id, d.seq])).toEqual([
				['b1', 1],
				['b2', 2]
			]);
			const again = await store.merge([record('b1', [['title', 'A', 1]])]);
			expect(again.changed).toEqual([]);
			expect(again.lastSeq).toBe(2);
			const edit = await store.merge([record('b1', [['title', 'A2', 5]])]);
			expect(edit.changed[0]).toMatchObject({ id: 'b1', seq: 3, fields: { title: { v: 'A2', t: stamp(5) } }, history: [{ f: 'title', v: 'A', t: stamp(1) }] });
			const all = await store.since(0, 10);
			expect(all.docs.map((d) => [d.id, d.seq])).toEqual([
				['b2', 2],
				['b1', 3]
			]);
			expect(all.more).toBe(false);
			expect((await store.since(2, 10)).docs.map((d) => d.id)).toEqual(['b1']);
			const page = await store.since(0, 1);
			expect(page).toMatchObject({ more: true, docs: [{ id: 'b2' }] });
			expect((await store.get('b1'))?.seq).toBe(3);
			expect(await store.get('nope')).toBeUndefined();
			await store.close();
		});

		it('merges by the documents own rule whatever the arrival order', async () => {
			const { store } = await open();
			await store.merge([record('b1', [['title', 'new', 9]])]);
			await store.merge([record('b1', [['title', 'old', 3], ['widgets/w1', { kind: 'topology' }, 4]])]);
			const doc = (await store.get('b1')) as DocRecord;
			const expected = record('b1', [['title', 'old', 3], ['widgets/w1', { kind: 'topology' }, 4], ['title', 'new', 9]]);
			expect(canonicalRecord(doc)).toBe(canonicalRecord(expected));
			await store.close();
		});

		it('refuses what passes a bound, or changes a type, alone', async () => {
			const { store } = await open({ maxDocs: 2, maxRecordChars: 2_000 });
			const result = await store.merge([
				record('b1', [['title', 'x', 1]]),
				record('b1', [['name', 'x', 1]], 'kpi'),
				record('b2', [['title', 'y'.repeat(3_000), 1]]),
				record('b3', [['title', 'z', 1]]),
				record('b4', [['title', 'w', 1]])
			]);
			expect(result.changed.map((d) => d.id)).toEqual(['b1', 'b3']);
			expect(result.refused.map((r) => [r.index, r.id])).toEqual([
				[1, 'b1'],
				[2, 'b2'],
				[4, 'b4']
			]);
			expect(result.refused[0].reason).toMatch(/cannot change type/);
			expect(result.refused[2].reason).toMatch(/maximum of 2 documents/);
			expect((await store.stats()).docs).toBe(2);
			await store.close();
		});

		if (!options.persistent) return;
		it('keeps its id, documents and sequence across a restart', async () => {
			const fixture = await open();
			if (!fixture.reopen) throw new Error('A persistent store fixture must offer reopen().');
			await fixture.store.merge([record('b1', [['title', 'A', 1]]), record('k1', [['name', 'K', 2]], 'kpi')]);
			await fixture.store.merge([record('b1', [['title', 'B', 3]])]);
			const before = { id: fixture.store.storeId, docs: await fixture.store.since(0, 10), seq: await fixture.store.lastSeq() };
			const reopened = await fixture.reopen();
			expect(reopened.storeId).toBe(before.id);
			expect(await reopened.lastSeq()).toBe(3);
			expect(await reopened.since(0, 10)).toEqual(before.docs);
			const next = await reopened.merge([record('k1', [['name', 'K2', 4]], 'kpi')]);
			expect(next.changed[0].seq).toBe(4);
			await reopened.close();
		});
	});
}
