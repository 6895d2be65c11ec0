/**
 * Keeps this device's documents in sync with the relay's `/api/sync` (protocol/sync.ts):
 * pushes the outbox, pulls what other devices changed since the stored cursor and merges
 * it. Between rounds it long-polls (`waitSec`), so an edit on another device arrives
 * within about a second; `nudge()` (called after a local edit) cuts the poll short so the
 * edit is pushed at once.
 *
 *   loop:  push outbox (batches) -> pull since cursor (long poll when idle) -> merge -> ...
 *   error: status offline / unauthorized / error, retry after backoff (1 s .. 60 s, jitter)
 *
 * A refused change (the relay says why) is dropped from the outbox, since sending it again
 * cannot succeed, and kept in `status.refused` (latest 50) for the UI. When the relay's
 * store is another one than the cursor's (`storeId` differs, or its `lastSeq` is below the
 * cursor: a new or restored file), the client pushes every document it holds and pulls
 * from 0, so neither side loses anything.
 *
 * One client per browser is enough (start.ts runs it under a Web Lock); other tabs' edits
 * reach it through the shared outbox and a nudge over the BroadcastChannel.
 */
import type { DocRecord, SyncPullResponse, SyncPushRequest, SyncPushResponse, SyncRefusal } from '../../protocol/sync';
import { backoffDelayMs } from '../../domain/db/backoff';
import type { Documents } from './documents';

export type SyncState = 'starting' | 'syncing' | 'idle' | 'offline' | 'unauthorized' | 'error' | 'stopped';

export interface SyncStatus {
	state: SyncState;
	/** Local edits not yet accepted by the relay. */
	pending: number;
	/** Wall clock (ms) of the last completed round, for "synced 5 s ago". */
	lastSyncMs?: number;
	/** Message key of the `docs` catalogue area and its parameters, when not syncing. */
	error?: { key: 'docs.sync.offline' | 'docs.sync.unauthorized' | 'docs.sync.http' | 'docs.sync.protocol'; params?: Record<string, string | number> };
	retryInMs?: number;
	refused: SyncRefusal[];
}

export interface DocSyncOptions {
	docs: Documents;
	/** Default: `/api/sync` on the page's origin. */
	url?: string;
	token?: () => string | undefined;
	fetch?: typeof fetch;
	/** Long-poll wait, seconds (default 25; the relay caps at 30). */
	waitSec?: number;
	/** Changes per push (default 500) and documents per full push (default 200). */
	pushBatch?: number;
	docsBatch?: number;
	backoff?: { baseMs?: number; maxMs?: number; random?: () => number };
	now?: () => number;
	/** Waits `ms` or until `signal` aborts (injectable for tests). */
	sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
	onStatus?: (status: SyncStatus) => void;
}

class HttpStatusError extends Error {
	constructor(readonly status: number) {
		super(`The relay answered ${status}.`);
	}
}

const maxRefusalsKept = 50;
/** Shortest time between two idle polls, ms. */
const minPollMs = 1_000;

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		}
		signal.addEventListener('abort', done);
	});
}

export class DocSyncClient {
	private status: SyncStatus = { state: 'starting', pending: 0, refused: [] };
	private running = false;
	private stopping = new AbortController();
	/** Aborts the current long poll (a local edit to push). */
	private poll: AbortController | undefined;
	/** Counts nudges, so one that comes between two rounds is not lost. */
	private nudges = 0;
	private loopDone: Promise<void> = Promise.resolve();
	private readonly url: string;
	private readonly fetch: typeof fetch;

	constructor(private readonly options: DocSyncOptions) {
		this.url = options.url ?? '/api/sync';
		this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
	}

	get current(): SyncStatus {
		return { ...this.status, refused: [...this.status.refused] };
	}

	start(): void {
		if (this.running) return;
		this.running = true;
		this.stopping = new AbortController();
		this.loopDone = this.loop();
	}

	async stop(): Promise<void> {
		this.running = false;
		this.stopping.abort();
		this.poll?.abort();
		await this.loopDone;
		this.setStatus({ state: 'stopped' });
	}

	/** A local edit happened: push it now instead of after the current long poll. */
	nudge(): void {
		this.nudges++;
		this.poll?.abort();
	}

	private setStatus(patch: Partial<SyncStatus>): void {
		this.status = { ...this.status, ...patch };
		if (patch.state && patch.state !== 'offline' && patch.state !== 'unauthorized' && patch.state !== 'error') {
			delete this.status.error;
			delete this.status.retryInMs;
		}
		this.options.onStatus?.(this.current);
	}

	private headers(json: boolean): Record<string, string> {
		const headers: Record<string, string> = {};
		if (json) headers['content-type'] = 'application/json';
		const token = this.options.token?.();
		if (token) headers.authorization = `Bearer ${token}`;
		return headers;
	}

	private async request<T>(method: 'GET' | 'POST', query: string, body?: SyncPushRequest, signal?: AbortSignal): Promise<T> {
		const response = await this.fetch(this.url + query, { method, headers: this.headers(body !== undefined), body: body && JSON.stringify(body), signal, cache: 'no-store' });
		if (!response.ok) throw new HttpStatusError(response.status);
		return (await response.json()) as T;
	}

	private async loop(): Promise<void> {
		const store = this.options.docs.store;
		let attempt = 0;
		while (this.running) {
			try {
				this.setStatus({ state: 'syncing', pending: await store.pendingCount() });
				await this.round();
				attempt = 0;
			} catch (error) {
				if (!this.running) break;
				attempt++;
				const retryInMs = backoffDelayMs(attempt, { baseMs: 1_000, maxMs: 60_000, ...this.options.backoff });
				const status = error instanceof HttpStatusError ? error.status : 0;
				this.setStatus({
					state: status === 401 || status === 403 ? 'unauthorized' : status === 0 ? 'offline' : 'error',
					error:
						status === 401 || status === 403
							? { key: 'docs.sync.unauthorized' }
							: status === 0
								? error instanceof SyntaxError
									? { key: 'docs.sync.protocol' }
									: { key: 'docs.sync.offline' }
								: { key: 'docs.sync.http', params: { status } },
					retryInMs,
					pending: await store.pendingCount().catch(() => this.status.pending)
				});
				await (this.options.sleep ?? defaultSleep)(retryInMs, this.stopping.signal);
			}
		}
	}

	/** One push-and-pull round; returns after the pull (which may have waited). */
	private async round(): Promise<void> {
		const { docs } = this.options;
		const store = docs.store;
		// a nudge from here on ends this round's long poll (pushes are not interrupted)
		const poll = new AbortController();
		this.poll = poll;
		const nudgesSeen = this.nudges;
		const cursor = await store.readCursor();
		let storeId = cursor?.storeId;
		for (;;) {
			const batch = await store.pending(this.options.pushBatch ?? 500);
			if (batch.length === 0) break;
			const pushed = await this.request<SyncPushResponse>('POST', '', { changes: batch.map((e) => e.change) });
			this.remember(pushed.refused);
			await store.acknowledge(batch[batch.length - 1].seq);
			if (storeId !== undefined && pushed.storeId !== storeId) {
				await this.pushEverything();
				await store.writeCursor({ storeId: pushed.storeId, cursor: 0 });
				return;
			}
			storeId = pushed.storeId;
		}
		const pending = await store.pendingCount();
		this.setStatus({ state: 'idle', pending, lastSyncMs: this.now() });
		if (poll.signal.aborted || this.nudges !== nudgesSeen || !this.running) return;
		const waitSec = pending === 0 && cursor ? (this.options.waitSec ?? 25) : 0;
		const startedMs = this.now();
		let pulled: SyncPullResponse;
		try {
			pulled = await this.request<SyncPullResponse>('GET', `?since=${cursor?.cursor ?? 0}&waitSec=${waitSec}`, undefined, poll.signal);
		} catch (error) {
			// an aborted poll (nudge, stop) is not a failure
			if (poll.signal.aborted) return;
			throw error;
		}
		if (cursor && (pulled.storeId !== cursor.storeId || pulled.lastSeq < cursor.cursor)) {
			await this.pushEverything();
			await store.writeCursor({ storeId: pulled.storeId, cursor: 0 });
			return;
		}
		await docs.applyRemote(pulled.docs, { storeId: pulled.storeId, cursor: pulled.cursor });
		this.setStatus({ state: 'idle', pending: await store.pendingCount(), lastSyncMs: this.now() });
		// a relay that answers a long poll at once (an old one, a proxy) must not make this spin
		const elapsedMs = this.now() - startedMs;
		if (waitSec > 0 && pulled.docs.length === 0 && elapsedMs < minPollMs) await (this.options.sleep ?? defaultSleep)(minPollMs - elapsedMs, poll.signal);
	}

	private now(): number {
		return (this.options.now ?? Date.now)();
	}

	/** Every local document as a whole state (the relay's store is new to this device). */
	private async pushEverything(): Promise<void> {
		const all: DocRecord[] = await this.options.docs.store.list();
		const size = this.options.docsBatch ?? 200;
		for (let i = 0; i < all.length; i += size) {
			const pushed = await this.request<SyncPushResponse>('POST', '', { docs: all.slice(i, i + size) });
			this.remember(pushed.refused);
		}
	}

	private remember(refused: SyncRefusal[]): void {
		if (refused.length === 0) return;
		this.setStatus({ refused: [...this.status.refused, ...refused].slice(-maxRefusalsKept) });
	}
}
