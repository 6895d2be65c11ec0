/**
 * The writer tab's ingest pipeline: stream client -> bounded queue -> store, in order.
 *
 *   network --(SSE events)--> queue (<= maxQueuedRecords) --(groups <= writeGroupRecords)--> IndexedDB
 *                      ^ awaits room (backpressure)             one transaction per group, with the cursor
 *
 * Cursor rules: the stored cursor names the last batch written. Resuming asks for batches
 * after the last batch RECEIVED (queued batches are not fetched twice); after a reload the
 * stored cursor is the position, so nothing queued-but-unwritten is lost. A hello with
 * another epoch (or a log behind our cursor) resets the cursor to {epoch, 0} and records an
 * `epoch-reset` gap; a relay gap event records a `relay-evicted` gap; a batch
 * that cannot be parsed records an `unreadable` gap. Every gap moves the cursor past it in
 * the same transaction, so a reload never records it twice.
 *
 * A QuotaExceededError evicts the oldest 10 % of raw chunks (a `quota` notice) and retries
 * the same group: the cursor never moves past data that was not written.
 */
import type { TelemetryBatch } from '../protocol/records';
import type { StreamGap, StreamHello } from '../protocol/stream';
import type { ConnectionStatus, IngestStatus } from '../domain/telemetry/live-snapshot';
import { quotaEvictionFraction } from '../domain/telemetry/retention';
import type { GapRecord, StorageNotice, StreamCursor } from '../domain/telemetry/types';
import { BoundedQueue } from './bounded-queue';
import { isQuotaError, textStorable } from './chunks';
import { StreamClient, type BackoffOptions, type StreamStatus } from './stream-client';
import type { TelemetryWriter, WriteResult } from './telemetry-store';

/** Records held between network and IndexedDB at most (~60 MB of parsed spans, and about as much of the JSON text each batch keeps for the store); reading pauses past it. */
export const defaultMaxQueuedRecords = 100_000;
/** Records per IndexedDB transaction at most (measured: 20,000 writes ~1.5x faster than 5,000). */
export const defaultWriteGroupRecords = 20_000;
/** Wait after a failed write that was not a quota error, before trying the same group again. */
const writeRetryMs = 1_000;

type Item =
	| { kind: 'batch'; epoch: string; batch: TelemetryBatch; text?: string }
	| { kind: 'cursor'; cursor: StreamCursor; gap: GapRecord }
	| { kind: 'stop' };

export interface IngestEngineOptions {
	store: TelemetryWriter;
	/** Stream URL, e.g. `/api/stream`. */
	url: string;
	token?: string;
	demo?: boolean;
	fetch?: typeof fetch;
	backoff?: Partial<BackoffOptions>;
	keepaliveMs?: number;
	random?: () => number;
	now?: () => number;
	sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
	maxQueuedRecords?: number;
	writeGroupRecords?: number;
	/** After each committed group: hand the batches to the rollup worker. */
	onWritten?: (result: WriteResult, batches: TelemetryBatch[]) => void;
	onStatus?: (status: { connection: ConnectionStatus; ingest: IngestStatus }) => void;
	onNotice?: (notice: StorageNotice) => void;
}

function recordsOf(batch: TelemetryBatch): number {
	return Math.max(1, batch.spans.length + batch.metrics.length + batch.logs.length);
}

export class IngestEngine {
	private readonly queue: BoundedQueue<Item>;
	private readonly now: () => number;
	private client: StreamClient | undefined;
	private writer: Promise<void> | undefined;
	private stopped = false;
	private received: StreamCursor | undefined;
	/** No cursor was stored: relay gaps before our first batch are not our loss. */
	private fresh = false;
	private lastReceivedMs = 0;
	private connection: ConnectionStatus;
	private readonly rate: { atMs: number; spans: number }[] = [];
	private counters = { writtenSpans: 0, writtenBatches: 0 };
	overflow = { endpoints: 0, instances: 0 };

	constructor(private options: IngestEngineOptions) {
		this.now = options.now ?? Date.now;
		this.queue = new BoundedQueue<Item>(options.maxQueuedRecords ?? defaultMaxQueuedRecords);
		this.connection = { state: 'connecting', demo: options.demo ?? false, sinceMs: this.now(), epoch: '', lastSeq: 0, relayLastSeq: 0 };
	}

	async start(): Promise<void> {
		const cursor = await this.options.store.readCursor();
		this.received = cursor;
		this.fresh = cursor === undefined;
		if (cursor) this.connection = { ...this.connection, epoch: cursor.epoch, lastSeq: cursor.seq };
		this.writer = this.writeLoop();
		this.connect();
	}

	async stop(): Promise<void> {
		this.stopped = true;
		await this.client?.stop();
		this.queue.pushUrgent({ kind: 'stop' });
		await this.writer;
	}

	/** New relay address or token (Settings): drop the connection and connect with them. */
	async reconfigure(change: { url?: string; token?: string; demo?: boolean }): Promise<void> {
		this.options = { ...this.options, ...change };
		this.connection = { ...this.connection, demo: change.demo ?? this.connection.demo };
		await this.client?.stop();
		if (!this.stopped) this.connect();
	}

	status(): { connection: ConnectionStatus; ingest: IngestStatus } {
		const nowMs = this.now();
		while (this.rate.length && nowMs - this.rate[0].atMs > 10_000) this.rate.shift();
		const spans = this.rate.reduce((n, r) => n + r.spans, 0);
		return {
			connection: { ...this.connection },
			ingest: {
				queuedBatches: this.queue.length,
				queuedRecords: this.queue.weight,
				maxQueuedRecords: this.queue.maxWeight,
				paused: this.queue.full,
				spansPerSec: spans / 10,
				writtenSpans: this.counters.writtenSpans,
				writtenBatches: this.counters.writtenBatches,
				overflowedEndpoints: this.overflow.endpoints,
				overflowedInstances: this.overflow.instances
			}
		};
	}

	private connect(): void {
		const o = this.options;
		this.client = new StreamClient(
			{ url: o.url, token: o.token, fetch: o.fetch, backoff: o.backoff, keepaliveMs: o.keepaliveMs, random: o.random, now: o.now, sleep: o.sleep },
			{
				position: () => this.received,
				hello: (hello) => this.onHello(hello),
				batch: (batch, epoch, text) => this.onBatch(batch, epoch, text),
				gap: (gap, epoch) => this.onGap(gap, epoch),
				unreadable: (seq, reason, epoch) => this.onUnreadable(seq, reason, epoch),
				status: (status) => this.onStreamStatus(status)
			}
		);
		this.client.start();
	}

	private onStreamStatus(status: StreamStatus): void {
		this.connection = {
			...this.connection,
			state: status.state,
			sinceMs: status.sinceMs,
			retryInMs: status.retryInMs,
			lastError: status.state === 'connected' ? undefined : (status.lastError ?? this.connection.lastError),
			lastErrorCode: status.state === 'connected' ? undefined : (status.lastErrorCode ?? this.connection.lastErrorCode),
			lastErrorParams: status.state === 'connected' ? undefined : (status.lastErrorParams ?? this.connection.lastErrorParams),
			relayLastSeq: status.relayLastSeq ?? this.connection.relayLastSeq
		};
		this.publish();
	}

	private gapRecord(fields: Omit<GapRecord, 'recordedMs'>): GapRecord {
		return { ...fields, recordedMs: this.now() };
	}

	private async onHello(hello: StreamHello): Promise<'continue' | 'restart'> {
		if (Number.isFinite(hello.nowMs)) this.connection = { ...this.connection, clockSkewMs: hello.nowMs - this.now() };
		const position = this.received;
		if (!position) {
			this.received = { epoch: hello.epoch, seq: 0 };
			return 'continue';
		}
		if (position.epoch === hello.epoch && hello.lastSeq >= position.seq) return 'continue';
		// the relay's log started over: what followed our cursor in the old log is unknown
		const cursor = { epoch: hello.epoch, seq: 0 };
		const gap = this.gapRecord({
			epoch: position.epoch,
			fromSeq: position.seq + 1,
			toSeq: position.seq + 1,
			fromMs: this.lastReceivedMs || hello.nowMs,
			toMs: hello.nowMs,
			reason: 'epoch-reset'
		});
		await this.queue.push({ kind: 'cursor', cursor, gap }, 1);
		this.received = cursor;
		return 'restart';
	}

	private async onBatch(batch: TelemetryBatch, epoch: string, text?: string): Promise<void> {
		const position = this.received;
		if (position && position.epoch === epoch && batch.seq <= position.seq) return;
		// a skipped seq is not a loss: the relay leaves a seq unused when a durable write failed,
		// and announces every eviction with a gap event
		// only a text the store may keep is held in the queue
		await this.queue.push({ kind: 'batch', epoch, batch, text: textStorable(batch, text) ? text : undefined }, recordsOf(batch));
		this.received = { epoch, seq: batch.seq };
		this.fresh = false;
		if (batch.seq > this.connection.relayLastSeq) this.connection = { ...this.connection, relayLastSeq: batch.seq };
		this.lastReceivedMs = batch.receivedMs;
	}

	private async onGap(gap: StreamGap, epoch: string): Promise<void> {
		const position = this.received;
		if (position && position.epoch === epoch && gap.toSeq <= position.seq) return;
		const cursor = { epoch, seq: gap.toSeq };
		if (this.fresh && (!position || position.seq === 0)) {
			// a new browser never held what the relay evicted before it first connected
			this.received = cursor;
			return;
		}
		await this.queue.push({ kind: 'cursor', cursor, gap: this.gapRecord({ epoch, ...gap, reason: 'relay-evicted' }) }, 1);
		this.received = cursor;
	}

	private async onUnreadable(seq: number | undefined, reason: string, epoch: string): Promise<void> {
		const position = this.received;
		const at = seq ?? (position ? position.seq + 1 : 1);
		const gap = this.gapRecord({ epoch, fromSeq: at, toSeq: at, fromMs: this.lastReceivedMs, toMs: this.lastReceivedMs, reason: 'unreadable', detail: reason });
		await this.queue.push({ kind: 'cursor', cursor: { epoch, seq: at }, gap }, 1);
		this.received = { epoch, seq: at };
	}

	private async writeLoop(): Promise<void> {
		const groupRecords = this.options.writeGroupRecords ?? defaultWriteGroupRecords;
		for (;;) {
			const items = await this.queue.take(groupRecords);
			let i = 0;
			while (i < items.length) {
				const item = items[i];
				if (item.kind === 'stop') return;
				if (item.kind === 'cursor') {
					await this.retrying(() => this.options.store.resetCursor(item.cursor, item.gap));
					this.connection = { ...this.connection, epoch: item.cursor.epoch, lastSeq: item.cursor.seq };
					this.queue.release(1);
					i++;
					continue;
				}
				// consecutive batches of one epoch go in one transaction
				const batches: TelemetryBatch[] = [];
				const texts: (string | undefined)[] = [];
				for (let next = items[i]; i < items.length && next.kind === 'batch' && next.epoch === item.epoch; next = items[++i]) {
					batches.push(next.batch);
					texts.push(next.text);
				}
				const result = await this.retrying(() => this.options.store.writeBatches(item.epoch, batches, texts));
				if (this.stopped && !result) return;
				this.queue.release(batches.reduce((n, b) => n + recordsOf(b), 0));
				if (!result) continue;
				this.counters.writtenSpans += result.spans;
				this.counters.writtenBatches += batches.length;
				this.rate.push({ atMs: this.now(), spans: result.spans });
				this.connection = { ...this.connection, epoch: result.cursor.epoch, lastSeq: result.cursor.seq };
				this.options.onWritten?.(result, batches);
				this.publish();
			}
		}
	}

	/** Runs a write until it succeeds (or the engine stops): evicting on quota errors, waiting on others. */
	private async retrying<T>(write: () => Promise<T>): Promise<T | undefined> {
		for (;;) {
			try {
				return await write();
			} catch (error) {
				if (this.stopped) return undefined;
				if (isQuotaError(error)) {
					const { notice } = await this.options.store.evictOldest({ fraction: quotaEvictionFraction, reason: 'quota', nowMs: this.now() });
					this.options.onNotice?.(notice);
					continue;
				}
				this.connection = {
					...this.connection,
					lastError: `Writing to browser storage failed (${error instanceof Error ? error.message : String(error)}); retrying.`,
					lastErrorCode: 'storage',
					lastErrorParams: undefined
				};
				this.publish();
				await new Promise((resolve) => setTimeout(resolve, writeRetryMs));
			}
		}
	}

	private publish(): void {
		this.options.onStatus?.(this.status());
	}
}
