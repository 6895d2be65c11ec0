import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
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
