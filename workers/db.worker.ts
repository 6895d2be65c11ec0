/** The Database page's folds off the main thread: top SQL, status gauges, events, a digest's spans (db-api.ts). */
import * as Comlink from 'comlink';
import { DexieTelemetryStore } from '../src/lib/io/dexie-store';
import { createDbApi, type DbSource } from './db-api';

const stores = new Map<string, DbSource>();
const openStore = (name: string): DbSource => {
	let store = stores.get(name);
	if (!store) stores.set(name, (store = new DexieTelemetryStore({ name })));
	return store;
};

Comlink.expose(createDbApi(openStore));
export type { DbApi } from './db-api';
