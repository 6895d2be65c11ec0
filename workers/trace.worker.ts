/** Trace analysis off the main thread: tree, critical path, breakdown, comparison, search (trace-api.ts). */
import * as Comlink from 'comlink';
import { DexieTelemetryStore } from '../src/lib/io/dexie-store';
import { createTraceApi, type TraceSource } from './trace-api';

const stores = new Map<string, TraceSource>();
const openStore = (name: string): TraceSource => {
	let store = stores.get(name);
	if (!store) stores.set(name, (store = new DexieTelemetryStore({ name })));
	return store;
};

Comlink.expose(createTraceApi(openStore));
export type { TraceApi } from './trace-api';
