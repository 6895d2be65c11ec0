/** The response-time scatter off the main thread: transactions from the store, followed live, drawn to pixels (scatter-api.ts). */
import * as Comlink from 'comlink';
import { DexieTelemetryStore } from '../src/lib/io/dexie-store';
import { createScatterApi, type ScatterSource } from './scatter-api';

const stores = new Map<string, ScatterSource>();
const openStore = (name: string): ScatterSource => {
	let store = stores.get(name);
	if (!store) stores.set(name, (store = new DexieTelemetryStore({ name })));
	return store;
};

Comlink.expose(createScatterApi(openStore));
export type { ScatterApi } from './scatter-api';
