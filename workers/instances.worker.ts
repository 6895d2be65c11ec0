/** The Instances page model off the main thread: churn, scale steps, platform events, per-instance figures (instances-api.ts). */
import * as Comlink from 'comlink';
import { DexieTelemetryStore } from '../src/lib/io/dexie-store';
import { createInstancesApi, type InstancesSource } from './instances-api';

const stores = new Map<string, InstancesSource>();
const openStore = (name: string): InstancesSource => {
	let store = stores.get(name);
	if (!store) stores.set(name, (store = new DexieTelemetryStore({ name })));
	return store;
};

Comlink.expose(createInstancesApi(openStore));
export type { InstancesApi } from './instances-api';
