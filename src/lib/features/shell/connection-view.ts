/**
 * What the header's status indicator says, from the session and the latest snapshot.
 */
import type { StatusTone } from '$lib/components/StatusIndicator.svelte';
import type { MessageKey } from '$lib/i18n/catalogue';
import type { ConnectionStatus } from '$lib/domain/telemetry/live-snapshot';

export interface ConnectionView {
	key: MessageKey;
	params?: Record<string, string | number>;
	tone: StatusTone;
}

export function connectionView(input: {
	phase: 'starting' | 'running' | 'failed';
	mode: 'relay' | 'demo' | 'undecided';
	connection: ConnectionStatus | undefined;
}): ConnectionView {
	if (input.phase === 'failed') return { key: 'conn.stopped', tone: 'danger' };
	const c = input.connection;
	if (input.phase === 'starting' || !c) return { key: 'conn.starting', tone: 'idle' };
	switch (c.state) {
		case 'connected':
			return c.demo || input.mode === 'demo' ? { key: 'conn.demo', tone: 'info' } : { key: 'conn.connected', tone: 'ok' };
		case 'connecting':
			return { key: 'conn.connecting', tone: 'idle' };
		case 'reconnecting':
			return c.retryInMs !== undefined && c.retryInMs >= 1_000
				? { key: 'conn.reconnectingIn', params: { seconds: Math.ceil(c.retryInMs / 1000) }, tone: 'warning' }
				: { key: 'conn.reconnecting', tone: 'warning' };
		case 'unauthorized':
			return { key: 'conn.unauthorized', tone: 'danger' };
		case 'stopped':
			return { key: 'conn.stopped', tone: 'danger' };
	}
}

/** Batches the relay has that are not stored yet; 0 when caught up or unknown. */
export function batchesBehind(connection: ConnectionStatus | undefined): number {
	if (!connection) return 0;
	return Math.max(0, connection.relayLastSeq - connection.lastSeq);
}
