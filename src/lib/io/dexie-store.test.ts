import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { DexieTelemetryStore } from './dexie-store';
import { runTelemetryStoreContract, type ContractHarness } from './telemetry-store.contract';
import { runTransactionsContract } from './transactions.contract';

let dbCounter = 0;

const create = async (): Promise<ContractHarness> => {
	const indexedDB = new IDBFactory();
	const name = 'contract-' + ++dbCounter;
	let now = Date.now();
	let fault: 'quota' | 'cursor' | undefined;
	const open = () => {
		const store = new DexieTelemetryStore({ name, indexedDB, IDBKeyRange, clock: { now: () => now } });
		// fault injection as DBCore middleware: a write fails like the browser's would
		store.db.use({
			stack: 'dbcore',
			name: 'test-faults',
			create: (down) => ({
				...down,
				table: (tableName) => {
					const table = down.table(tableName);
					return {
						...table,
						mutate: (req) => {
							if (fault === 'quota') {
								fault = undefined;
								return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
							}
							if (fault === 'cursor' && tableName === 'meta' && req.type === 'put' && req.values.some((v: { key?: string }) => v.key === 'cursor')) {
								fault = undefined;
								return Promise.reject(new Error('cursor write failed'));
							}
							return table.mutate(req);
						}
					};
				}
			})
		});
		return store;
	};
	let store = open();
	const opened: DexieTelemetryStore[] = [store];
	return {
		store,
		reopen: async () => {
			store.close();
			store = open();
			opened.push(store);
			return store;
		},
		arm: (f) => (fault = f),
		setNow: (ms) => (now = ms),
		dispose: async () => opened.forEach((s) => s.close())
	};
};

runTelemetryStoreContract('DexieTelemetryStore', create);
runTransactionsContract('DexieTelemetryStore', create);
