import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DexieKpiWindowStore } from './dexie-kpi-window-store';
import { runKpiWindowStoreContract } from './kpi-window-store.contract';

let n = 0;

runKpiWindowStoreContract('DexieKpiWindowStore', async () => {
	const indexedDB = new IDBFactory();
	const name = 'kpi-contract-' + ++n;
	const store = new DexieKpiWindowStore({ name, indexedDB, IDBKeyRange });
	return {
		store,
		reopen: async () => {
			store.close();
			return new DexieKpiWindowStore({ name, indexedDB, IDBKeyRange });
		}
	};
});

describe('DexieKpiWindowStore upgrade', () => {
	it('opens a version 1 database: its unpacked windows and state read as before, and rule rows can be kept', async () => {
		const indexedDB = new IDBFactory();
		const name = 'kpi-upgrade';
		const old = new Dexie(name, { indexedDB, IDBKeyRange });
		old.version(1).stores({ windows: '[level+startMs]', meta: 'key' });
		const t0 = Date.UTC(2026, 0, 5, 9);
		const stats = { count: 3, successes: 2, sumMs: 30, minMs: 5, maxMs: 15, sketch: { alpha: 0.01, zeroCount: 0, keys: Int32Array.of(80, 136), counts: Float64Array.of(2, 1) }, attrs: { 'biz.amount_krw': { sum: 900, n: 3 } } };
		const window = { level: '1m', startMs: t0, targets: { 't:transfer': stats }, conversions: { loans: [4, 1] } };
		await old.table('windows').put(window);
		await old.table('meta').put({ key: 'state', value: { definitionsKey: 'k', definitions: { domains: [], transactions: [], kpis: [] }, chunkId: 9, coveredFromMs: t0 } });
		old.close();

		const store = new DexieKpiWindowStore({ name, indexedDB, IDBKeyRange });
		expect(await store.windows('1m', t0, t0 + 60_000)).toEqual([window]);
		expect((await store.readState())?.chunkId).toBe(9);
		// a merge into the old window packs it
		await store.merge([{ level: '1m', startMs: t0, targets: { 't:transfer': stats }, conversions: {} }], { ...(await store.readState())!, chunkId: 10 }, t0, []);
		const [merged] = await store.windows('1m', t0, t0 + 60_000);
		expect(merged.targets['t:transfer'].count).toBe(6);
		expect(merged.conversions).toEqual({ loans: [4, 1] });
		expect(await store.putRows([])).toEqual([]);
		store.close();
	});
});
