/** The migration advisor off the main thread: findings, class call graph, decompositions (advisor-api.ts). */
import * as Comlink from 'comlink';
import { DexieTelemetryStore } from '../src/lib/io/dexie-store';
import { createAdvisorApi, type WindowSource } from './advisor-api';

const stores = new Map<string, WindowSource>();
const openStore = (name: string): WindowSource => {
	let store = stores.get(name);
	if (!store) stores.set(name, (store = new DexieTelemetryStore({ name })));
	return store;
};

Comlink.expose(createAdvisorApi(openStore));
export type { AdvisorApi } from './advisor-api';
