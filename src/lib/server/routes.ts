/**
 * Handlers mounted on the relay beside the OTLP and stream endpoints (document sync at
 * /api/sync, database collectors at /api/db/...). Each area adds its mount here; every
 * mounted prefix is behind the view token.
 */
import type { Relay } from '../relay/index';
import type { ServerConfig } from './config';

export interface MountContext {
	relay: Relay;
	config: ServerConfig;
	/** Resolved data directory for areas that keep files (undefined with --no-persist). */
	dataDir: string | undefined;
}

/** Returns cleanups to run at shutdown, in order. */
export async function mountExtraRoutes(context: MountContext): Promise<(() => Promise<void>)[]> {
	void context;
	return [];
}
