/**
 * Rollup worker (writer tab only): windows, checkpoints, eviction and the once-a-second
 * LiveSnapshot broadcast (src/lib/io/rollup-host.ts holds the logic).
 */
import * as Comlink from 'comlink';
import { RollupHost } from '../src/lib/io/rollup-host';

const host = new RollupHost();

const api = {
	start: (dbName: string, ingestPort: MessagePort) => host.start(dbName, ingestPort),
	stop: () => host.stop()
};

Comlink.expose(api);
export type RollupApi = typeof api;
