/** The service map off the main thread: the window's graph from the store, its diff, and its stable ELK layout (layout-api.ts). */
import * as Comlink from 'comlink';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkEngine } from '../src/lib/domain/layout/types';
import { DexieTelemetryStore } from '../src/lib/io/dexie-store';
import { createLayoutApi, type MapSource } from './layout-api';

// elk.bundled.js claims `self.onmessage` for its own worker protocol when loaded in a worker;
// ELK runs in-thread here (its fake worker), so give the message port back to comlink alone.
self.onmessage = null;

const stores = new Map<string, MapSource>();
const openStore = (name: string): MapSource => {
	let store = stores.get(name);
	if (!store) stores.set(name, (store = new DexieTelemetryStore({ name })));
	return store;
};

const api = createLayoutApi(new ELK() as unknown as ElkEngine, openStore);
Comlink.expose(api);
export type { LayoutApi } from './layout-api';
