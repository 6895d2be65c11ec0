import { describe, expect, it } from 'vitest';
import { createLiveFeed, type ChannelLike } from './live-feed';
import type { LiveSnapshot } from '../domain/telemetry/live-snapshot';

function channel(): ChannelLike & { deliver(data: unknown): void; closed: boolean } {
	const listeners = new Set<(event: MessageEvent) => void>();
	return {
		closed: false,
		postMessage() {},
		addEventListener: (_type, listener) => listeners.add(listener),
		removeEventListener: (_type, listener) => listeners.delete(listener),
		close() {
			this.closed = true;
		},
		deliver(data) {
			for (const l of listeners) l({ data } as MessageEvent);
		}
	};
}

const snapshot = (atMs: number) => ({ atMs, xsSec: [atMs / 1000] }) as unknown as LiveSnapshot;

describe('createLiveFeed', () => {
	it('hands the latest snapshot to subscribers, at once and on each new one', () => {
		const ch = channel();
		const feed = createLiveFeed(ch);
		const seen: number[] = [];
		ch.deliver({ type: 'snapshot', snapshot: snapshot(1_000) });
		const stop = feed.subscribe((s) => seen.push(s.atMs));
		ch.deliver({ type: 'snapshot', snapshot: snapshot(2_000) });
		stop();
		ch.deliver({ type: 'snapshot', snapshot: snapshot(3_000) });
		expect(seen).toEqual([1_000, 2_000]);
		expect(feed.latest()?.atMs).toBe(3_000);
	});

	it('ignores other messages and snapshots older than the one held', () => {
		const ch = channel();
		const feed = createLiveFeed(ch);
		ch.deliver({ type: 'snapshot', snapshot: snapshot(5_000) });
		ch.deliver({ type: 'snapshot', snapshot: snapshot(4_000) });
		ch.deliver({ type: 'other' });
		ch.deliver('garbage');
		expect(feed.latest()?.atMs).toBe(5_000);
		feed.close();
		expect(ch.closed).toBe(true);
	});
});
