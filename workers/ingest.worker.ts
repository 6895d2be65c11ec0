/**
 * Ingest worker: waits for the writer lock, then streams from the relay into IndexedDB and
 * hands stored transactions to the rollup worker (src/lib/io/ingest-host.ts holds the logic).
 */
import * as Comlink from 'comlink';
import { IngestHost } from '../src/lib/io/ingest-host';

const host = new IngestHost();

const api = {
	start(options: { dbName: string; demo: boolean }, rollupPort: MessagePort, onRole: (role: 'waiting' | 'writer') => void): void {
		host.start(options, rollupPort, (role) => void onRole(role));
	},
	setDemo: (demo: boolean) => host.setDemo(demo),
	stop: () => host.stop()
};

Comlink.expose(api);
export type IngestApi = typeof api;
