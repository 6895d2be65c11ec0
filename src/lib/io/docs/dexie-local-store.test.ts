import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { DexieLocalDocStore } from './dexie-local-store';
import { runLocalDocStoreContract } from './local-store.contract';

let n = 0;

runLocalDocStoreContract(
	'DexieLocalDocStore',
	async (options) => {
		const indexedDB = new IDBFactory();
		const name = 'docs-contract-' + ++n;
		const store = new DexieLocalDocStore({ name, indexedDB, IDBKeyRange, maxOutbox: options?.maxOutbox });
		return {
			store,
			reopen: async () => {
				store.close();
				return new DexieLocalDocStore({ name, indexedDB, IDBKeyRange });
			}
		};
	},
	{ persistent: true }
);
