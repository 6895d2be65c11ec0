/**
 * The data path as the app sees it. `startTelemetry()` (telemetry-client.ts) opens the
 * IndexedDB store for reading, starts the ingest worker (which waits for the Web Lock
 * `meridian-writer`: exactly one tab writes) and subscribes to the live feed. The tab
 * holding the lock also runs the rollup worker, which publishes the LiveSnapshot to all tabs.
 * When the writer tab closes, another tab's ingest worker gets the lock and resumes from the
 * stored cursor.
 */
import type { Settings, SettingsPatch } from '../domain/telemetry/settings';
import type { TelemetryStore } from '../io/telemetry-store';
import type { LiveFeed } from './live-feed';

/** `waiting`: another tab writes, this one reads; `writer`: this tab ingests and rolls up. */
export type WriterRole = 'starting' | 'waiting' | 'writer';

export interface StartTelemetryOptions {
	/** IndexedDB database name; default `meridian`. */
	dbName?: string;
	/**
	 * The stream is served by the in-browser demo bank (msw): the relay URL from Settings is
	 * ignored (same origin) and snapshots say `connection.demo`.
	 */
	demo?: boolean;
}

export interface TelemetryClient {
	/** Reads history (rollups, traces, metrics, logs) from IndexedDB. */
	store: TelemetryStore;
	/** Once-a-second snapshots from the writer tab. */
	live: LiveFeed;
	role(): WriterRole;
	onRole(listener: (role: WriterRole) => void): () => void;
	getSettings(): Promise<Settings>;
	/**
	 * Persists the change and tells the writer tab: a new relay URL or token reconnects the
	 * stream; a changed retention is applied by the rollup worker's eviction pass at its next tick.
	 */
	updateSettings(patch: SettingsPatch): Promise<Settings>;
	/** Switches the demo label (and same-origin stream) on or off, in this tab's workers. */
	setDemo(demo: boolean): void;
	/** Stops the workers of this tab (releasing the writer lock) and closes the store. */
	stop(): Promise<void>;
}
