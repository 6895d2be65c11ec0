import type { LiveSnapshot } from '../domain/telemetry/live-snapshot';
import type { TelemetryStore } from '../io/telemetry-store';
import type { TelemetryClient } from '../workers/types';
import type { DemoReason } from '../demo/demo-mode';

/**
 * App-wide session: how the app gets its data (relay or in-browser demo), the data path's
 * client (store, settings), and the latest live snapshot (replaced whole once a second).
 * Set by the shell's boot sequence; read by every screen.
 */
export class Session {
	phase = $state<'starting' | 'running' | 'failed'>('starting');
	mode = $state<'relay' | 'demo' | 'undecided'>('undecided');
	demoReason = $state<DemoReason | null>(null);
	/** '' = the app's own origin. */
	relayUrl = $state('');
	/** Boot or demo failure, in words for the reader. */
	error = $state<string | null>(null);
	client = $state.raw<TelemetryClient | null>(null);
	snapshot = $state.raw<LiveSnapshot | null>(null);
	/** Notices up to this time (Unix ms) were dismissed by the user. */
	noticesSeenUntilMs = $state(0);

	/** Where views read history; null until the data path has started (or if it failed). */
	get store(): TelemetryStore | null {
		return this.client?.store ?? null;
	}
}

export const session = new Session();
