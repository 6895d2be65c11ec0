/**
 * Handlers mounted on the relay beside the OTLP and stream endpoints (document sync at
 * /api/sync, database collectors at /api/db/...). Each area adds its mount here; every
 * mounted prefix is behind the view token.
 */
import type { Relay } from '../relay/index';
import type { ServerConfig } from './config';
import { startDbCollectorsFromConfig } from './db/index';
import { openDocSync } from './docs-route';

export interface MountContext {
	relay: Relay;
	config: ServerConfig;
	/** Resolved data directory for areas that keep files (undefined with --no-persist). */
	dataDir: string | undefined;
}

/** Returns cleanups to run at shutdown, in order. */
export async function mountExtraRoutes(context: MountContext): Promise<(() => Promise<void>)[]> {
	const { relay, config } = context;
	const cleanups: (() => Promise<void>)[] = [];

	// Database collectors: credentials stay in this process; records enter the replay log
	// like OTLP. With no database configured this starts nothing.
	const db = startDbCollectorsFromConfig({
		env: process.env,
		argv: config.dbConfig ? ['--db-config', config.dbConfig] : [],
		sink: (records) => relay.append(records),
		log: (line) => console.log(line)
	});
	for (const line of db.errors) console.error(`database config: ${line}`);
	for (const route of db.collectors.routes) relay.mount(route.prefix, route.handler);
	cleanups.push(() => db.collectors.stop());

	// Synced user documents (boards, business definitions): SQLite in the data directory.
	const docs = openDocSync({ dataDir: context.dataDir, warn: (line) => console.error(line) });
	relay.mount('/api/sync', docs.handler.handle);
	console.error(`Documents: ${docs.where}`);
	cleanups.push(docs.close);

	return cleanups;
}
