/**
 * Starts the data path in this tab (see types.ts). The main thread only reads rollups and
 * single traces through `store`, and receives snapshots; it never loops over raw spans.
 */
import * as Comlink from 'comlink';
import type { IngestApi } from '../../../workers/ingest.worker';
import type { RollupApi } from '../../../workers/rollup.worker';
import { DexieTelemetryStore } from '../io/dexie-store';
import { controlChannelName, type ControlMessage } from '../io/ingest-host';
import { createLiveFeed } from './live-feed';
import type { StartTelemetryOptions, TelemetryClient, WriterRole } from './types';

export function startTelemetry(options: StartTelemetryOptions = {}): TelemetryClient {
	const dbName = options.dbName ?? 'meridian';
	const store = new DexieTelemetryStore({ name: dbName });
	const live = createLiveFeed();
	const control = new BroadcastChannel(controlChannelName);
	const roleListeners = new Set<(role: WriterRole) => void>();
	let role: WriterRole = 'starting';

	const ingestWorker = new Worker(new URL('../../../workers/ingest.worker.ts', import.meta.url), { type: 'module', name: 'meridian-ingest' });
	const ingest = Comlink.wrap<IngestApi>(ingestWorker);
	const channel = new MessageChannel();
	let rollupWorker: Worker | undefined;
	let rollup: Comlink.Remote<RollupApi> | undefined;

	const setRole = (next: WriterRole) => {
		role = next;
		for (const listener of roleListeners) listener(next);
		if (next === 'writer' && !rollupWorker) {
			rollupWorker = new Worker(new URL('../../../workers/rollup.worker.ts', import.meta.url), { type: 'module', name: 'meridian-rollup' });
			rollup = Comlink.wrap<RollupApi>(rollupWorker);
			void rollup.start(dbName, Comlink.transfer(channel.port2, [channel.port2]));
		}
	};
	void ingest.start({ dbName, demo: options.demo ?? false }, Comlink.transfer(channel.port1, [channel.port1]), Comlink.proxy(setRole));

	return {
		store,
		live,
		role: () => role,
		onRole(listener) {
			roleListeners.add(listener);
			return () => roleListeners.delete(listener);
		},
		getSettings: () => store.getSettings(),
		async updateSettings(patch) {
			const next = await store.updateSettings(patch);
			control.postMessage({ type: 'settings' } satisfies ControlMessage);
			return next;
		},
		setDemo(demo) {
			void ingest.setDemo(demo);
		},
		async stop() {
			await Promise.allSettled([ingest.stop(), rollup?.stop()]);
			ingestWorker.terminate();
			rollupWorker?.terminate();
			control.close();
			live.close();
			store.close();
		}
	};
}
