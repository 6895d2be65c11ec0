import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { DexieInsightHistoryStore } from './dexie-history-store';
import { runHistoryStoreContract } from './history-store.contract';

let n = 0;

runHistoryStoreContract('DexieInsightHistoryStore', async (bounds) => {
	const indexedDB = new IDBFactory();
	const name = 'insights-contract-' + ++n;
	const store = new DexieInsightHistoryStore({ name, indexedDB, IDBKeyRange, bounds });
	return {
		store,
		reopen: async () => {
			store.close();
			return new DexieInsightHistoryStore({ name, indexedDB, IDBKeyRange, bounds });
		}
	};
});
