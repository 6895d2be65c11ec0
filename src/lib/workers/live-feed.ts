/**
 * The live feed on the main thread: every tab (writer or reader) receives the writer tab's
 * `LiveSnapshot` once a second over BroadcastChannel `meridian-live`. Listeners get the
 * latest snapshot only ("latest wins": nothing queues up while a tab is busy or hidden).
 */
import { liveChannelName } from '../domain/telemetry/live-snapshot';
import type { LiveSnapshot } from '../domain/telemetry/live-snapshot';

export type { LiveSnapshot } from '../domain/telemetry/live-snapshot';
export type {
	LiveColumns,
	LiveFigures,
	LiveServiceRow,
	ConnectionState,
	ConnectionStatus,
	IngestStatus
} from '../domain/telemetry/live-snapshot';

export { liveChannelName };

export interface LiveMessage {
	type: 'snapshot';
	snapshot: LiveSnapshot;
}

export function isLiveMessage(value: unknown): value is LiveMessage {
	if (typeof value !== 'object' || value === null) return false;
	const message = value as Partial<LiveMessage>;
	return (
		message.type === 'snapshot' &&
		typeof message.snapshot === 'object' &&
		message.snapshot !== null &&
		Array.isArray(message.snapshot.xsSec)
	);
}

export interface LiveFeed {
	/** The most recent snapshot, undefined until the first arrives (about 1 s after start). */
	latest(): LiveSnapshot | undefined;
	/** Calls `listener` with each new snapshot (and at once with the latest, if any). */
	subscribe(listener: (snapshot: LiveSnapshot) => void): () => void;
	close(): void;
}

/** The part of BroadcastChannel the feed uses (tests pass an in-memory channel). */
export interface ChannelLike {
	postMessage(message: unknown): void;
	addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
	removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
	close(): void;
}

export function createLiveFeed(channel: ChannelLike = new BroadcastChannel(liveChannelName)): LiveFeed {
	let latest: LiveSnapshot | undefined;
	const listeners = new Set<(snapshot: LiveSnapshot) => void>();
	const onMessage = (event: MessageEvent) => {
		if (!isLiveMessage(event.data)) return;
		// a snapshot older than the one held (two writers during a hand-over) is dropped
		if (latest && event.data.snapshot.atMs < latest.atMs) return;
		latest = event.data.snapshot;
		for (const listener of listeners) listener(latest);
	};
	channel.addEventListener('message', onMessage);
	return {
		latest: () => latest,
		subscribe(listener) {
			listeners.add(listener);
			if (latest) listener(latest);
			return () => listeners.delete(listener);
		},
		close() {
			listeners.clear();
			channel.removeEventListener('message', onMessage);
			channel.close();
		}
	};
}
