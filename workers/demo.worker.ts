/**
 * Offline demo: the simulator and the relay core in a worker (see src/lib/demo). The page's
 * msw handler calls `handle()`; response bodies (SSE streams) are transferred, not copied.
 */
import * as Comlink from 'comlink';
import { createRelay } from '../src/lib/relay';
import { createSyncHandler, MemoryDocStore } from '../src/lib/relay/sync/index';
import { createDemoBank } from '../src/lib/sim';
import { DemoBackend } from '../src/lib/demo/demo-backend';
import { bankSource } from '../src/lib/demo/bank-source';
import { transferablesOf, type WireRequest, type WireResponse } from '../src/lib/demo/wire';

/**
 * History generated at start, so the board does not open empty. Catching up costs the bank
 * and the relay core 19-29 ms per simulated second at lunch-time load (Node, 2-core
 * machine: 120 s in 2.2-3.5 s), so two minutes reach "now" in about 3 s. Five minutes took
 * over 12 s in Chromium, with the present second reading zero until then.
 */
const backfillMs = 120_000;

let backend: DemoBackend | undefined;

const api = {
	start(options: { seed: number; nowMs: number }): void {
		if (backend) return;
		const startMs = options.nowMs - backfillMs;
		backend = new DemoBackend({
			// documents synced here last until the page closes; each browser keeps its own copy in IndexedDB
			relay: createRelay({ demo: true, routes: { '/api/sync': createSyncHandler({ store: new MemoryDocStore() }).handle } }),
			source: bankSource({ bank: createDemoBank({ seed: options.seed, startMs }), startMs })
		});
		backend.start();
	},
	async handle(wire: WireRequest): Promise<WireResponse> {
		if (!backend) throw new Error('The demo has not started.');
		const response = await backend.handle(wire);
		return Comlink.transfer(response, transferablesOf(response));
	},
	stats() {
		return backend?.stats();
	},
	async stop(): Promise<void> {
		await backend?.stop();
		backend = undefined;
	}
};

Comlink.expose(api);
export type DemoApi = typeof api;
