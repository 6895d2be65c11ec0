/**
 * The replay log: every accepted batch gets the next sequence number and is kept, as its
 * encoded SSE frame, until the log's byte or age bound evicts it (oldest first). Streams
 * read it by cursor, so a client that was away catches up from here, and one whose
 * position was evicted gets an explicit gap.
 *
 * Durability: with a persistence that writes to disk, a batch becomes visible to streams
 * (and `lastSeq` moves) only once it is durable, in seq order; the ingest handler answers
 * 200 only then. A batch whose write failed is never published: its seq stays unused, so
 * seqs may skip a number, but nothing a client saw can disappear after a restart.
 *
 *   seq:      1   2   3 | 4   5   6   7 | 8   9
 *             evicted   | held (bytes)  | pending (being made durable)
 *                       ^ firstSeq      ^ lastSeq   nextSeq = 10
 */
import type { LogRecord, MetricPoint, ResourceRecord, SpanRecord, TelemetryBatch } from '../protocol/records';
import type { StreamGap } from '../protocol/stream';
import { freshEpoch, LogBusyError, memoryPersistence, type LogPersistence } from './log-persistence';
import { batchFrame } from './sse';

export { freshEpoch, LogBusyError, memoryPersistence, type LogPersistence, type StoredBatch } from './log-persistence';

export interface LogLimits {
	/** Frame bytes held in memory (and on disk); default 256 MiB. */
	maxBytes: number;
	/** Age after which batches are evicted; default 1 h. */
	maxAgeMs: number;
	/** Bytes accepted but not yet durable; beyond it `append` throws LogBusyError (503). Default 64 MiB. */
	maxPendingBytes: number;
}

export const defaultLogLimits: LogLimits = {
	maxBytes: 256 * 1024 * 1024,
	maxAgeMs: 60 * 60 * 1000,
	maxPendingBytes: 64 * 1024 * 1024
};

export interface LogEntry {
	seq: number;
	receivedMs: number;
	/** The batch's SSE frame; its length is what the byte bound counts. */
	frame: Uint8Array;
}

export interface RecordSet {
	resources: ResourceRecord[];
	spans?: SpanRecord[];
	metrics?: MetricPoint[];
	logs?: LogRecord[];
}

/**
 * Receive times of this many most recently evicted batches are remembered (512 KiB) for gap
 * time ranges; an older lost position reports the oldest remembered time as its start.
 */
const evictedTimesKept = 65536;

export type WakeReason = 'append' | 'timeout' | 'closed';

export class ReplayLog {
	readonly epoch: string;
	readonly limits: LogLimits;
	private persistence: LogPersistence;
	private now: () => number;
	private entries: LogEntry[] = [];
	/** entries[head..] are live; the array is compacted when head passes half its length. */
	private head = 0;
	private heldBytes = 0;
	private nextSeqValue: number;
	private lastPublished = 0;
	private evictedThroughSeq = 0;
	private evictedTimes = new Float64Array(evictedTimesKept);
	/** First seq this process evicted (0: none); only seqs from here on have remembered times. */
	private firstEvictedSeq = 0;
	private pending: { entry: LogEntry; state: 'writing' | 'done' | 'failed' }[] = [];
	private pendingBytes = 0;
	private waiters = new Set<(reason: WakeReason) => void>();
	private closed = false;

	private constructor(options: {
		epoch: string;
		nextSeq: number;
		persistence: LogPersistence;
		limits: LogLimits;
		now: () => number;
	}) {
		this.epoch = options.epoch;
		this.nextSeqValue = options.nextSeq;
		this.persistence = options.persistence;
		this.limits = options.limits;
		this.now = options.now;
		this.evictedThroughSeq = options.nextSeq - 1;
		this.lastPublished = options.nextSeq - 1;
	}

	/** Opens a log over `persistence` (in memory by default), reloading what it holds within bounds. */
	static async open(
		options: { persistence?: LogPersistence; limits?: Partial<LogLimits>; now?: () => number; epoch?: string } = {}
	): Promise<ReplayLog> {
		const persistence = options.persistence ?? memoryPersistence();
		const restored = await persistence.open(options.epoch ?? freshEpoch());
		const first = restored.batches[0]?.seq ?? restored.nextSeq;
		const log = new ReplayLog({
			epoch: restored.epoch,
			nextSeq: first,
			persistence,
			limits: { ...defaultLogLimits, ...options.limits },
			now: options.now ?? Date.now
		});
		for (const b of restored.batches) {
			if (b.seq < log.nextSeqValue) continue; // duplicated line; keep the first
			if (b.seq > log.nextSeqValue) log.skipTo(b.seq);
			log.publish({ seq: b.seq, receivedMs: b.receivedMs, frame: batchFrame(b.seq, b.json) });
			log.nextSeqValue = b.seq + 1;
		}
		if (restored.nextSeq > log.nextSeqValue) log.skipTo(restored.nextSeq);
		log.evictExpired();
		return log;
	}

	/** Synchronous in-memory log (browser demo, tests). */
	static inMemory(options: { limits?: Partial<LogLimits>; now?: () => number; epoch?: string } = {}): ReplayLog {
		return new ReplayLog({
			epoch: options.epoch ?? freshEpoch(),
			nextSeq: 1,
			persistence: memoryPersistence(),
			limits: { ...defaultLogLimits, ...options.limits },
			now: options.now ?? Date.now
		});
	}

	/** Seqs that never held a batch (failed writes, gaps in storage) are published as nothing. */
	private skipTo(seq: number): void {
		if (this.entries.length - this.head === 0) this.evictedThroughSeq = Math.max(this.evictedThroughSeq, seq - 1);
		this.lastPublished = Math.max(this.lastPublished, seq - 1);
		this.nextSeqValue = seq;
	}

	get firstSeq(): number {
		return this.head < this.entries.length ? this.entries[this.head].seq : 0;
	}

	get lastSeq(): number {
		return this.lastPublished;
	}

	get nextSeq(): number {
		return this.nextSeqValue;
	}

	get evictedThrough(): number {
		return this.evictedThroughSeq;
	}

	get bytes(): number {
		return this.heldBytes;
	}

	get batches(): number {
		return this.entries.length - this.head;
	}

	get pendingWriteBytes(): number {
		return this.pendingBytes;
	}

	/** Age of the oldest held batch, in seconds (0 when empty). */
	ageSec(): number {
		const first = this.entries[this.head];
		return first ? Math.max(0, (this.now() - first.receivedMs) / 1000) : 0;
	}

	describePersistence() {
		return this.persistence.describe();
	}

	/**
	 * Sequences `records` as the next batch. Returns the batch at once; `durable` resolves
	 * when it is stored and visible to streams, and rejects if storage failed.
	 * Throws LogBusyError when storage is too far behind (`maxPendingBytes`).
	 */
	append(records: RecordSet, receivedMs = this.now()): { batch: TelemetryBatch; durable: Promise<void> } {
		if (this.closed) throw new LogBusyError('The relay is shutting down.', 5);
		const seq = this.nextSeqValue;
		const batch: TelemetryBatch = {
			seq,
			receivedMs,
			resources: records.resources,
			spans: records.spans ?? [],
			metrics: records.metrics ?? [],
			logs: records.logs ?? []
		};
		const json = JSON.stringify(batch);
		const frame = batchFrame(seq, json);
		if (this.pending.length > 0 && this.pendingBytes + frame.length > this.limits.maxPendingBytes) {
			throw new LogBusyError(
				`The replay log's storage is ${Math.round(this.pendingBytes / 1048576)} MiB behind; retry shortly.`
			);
		}
		this.nextSeqValue = seq + 1;
		const entry: LogEntry = { seq, receivedMs, frame };
		let written: Promise<void> | void;
		try {
			written = this.persistence.append({ seq, receivedMs, json });
		} catch (error) {
			written = Promise.reject(error);
		}
		if (!written && this.pending.length === 0) {
			this.publish(entry);
			this.afterPublish();
			return { batch, durable: Promise.resolve() };
		}
		const slot = { entry, state: 'writing' as 'writing' | 'done' | 'failed' };
		this.pending.push(slot);
		this.pendingBytes += frame.length;
		const durable = Promise.resolve(written).then(
			() => {
				slot.state = 'done';
				this.drainPending();
			},
			(error: unknown) => {
				slot.state = 'failed';
				this.drainPending();
				throw error;
			}
		);
		return { batch, durable };
	}

	private drainPending(): void {
		let published = false;
		while (this.pending.length > 0 && this.pending[0].state !== 'writing') {
			const slot = this.pending.shift()!;
			this.pendingBytes -= slot.entry.frame.length;
			if (slot.state === 'done') {
				this.publish(slot.entry);
				published = true;
			} else this.lastPublished = Math.max(this.lastPublished, slot.entry.seq);
		}
		if (published) this.afterPublish();
	}

	private publish(entry: LogEntry): void {
		this.entries.push(entry);
		this.heldBytes += entry.frame.length;
		this.lastPublished = entry.seq;
	}

	private afterPublish(): void {
		this.evictOverBytes();
		this.evictExpired();
		this.wake('append');
	}

	private evictOverBytes(): void {
		// the newest batch always stays, even when it alone exceeds the bound
		while (this.heldBytes > this.limits.maxBytes && this.entries.length - this.head > 1) this.evictOldest();
	}

	/** Evicts batches older than `maxAgeMs`; called on append, by streams' keepalive timers and by health. */
	evictExpired(): void {
		const cutoffMs = this.now() - this.limits.maxAgeMs;
		while (this.head < this.entries.length && this.entries[this.head].receivedMs < cutoffMs) this.evictOldest();
	}

	private evictOldest(): void {
		const entry = this.entries[this.head];
		this.entries[this.head] = undefined as unknown as LogEntry;
		this.head++;
		this.heldBytes -= entry.frame.length;
		this.evictedThroughSeq = entry.seq;
		this.evictedTimes[entry.seq % evictedTimesKept] = entry.receivedMs;
		if (this.firstEvictedSeq === 0) this.firstEvictedSeq = entry.seq;
		if (this.head > 1024 && this.head * 2 > this.entries.length) {
			this.entries = this.entries.slice(this.head);
			this.head = 0;
		}
		this.persistence.evictThrough(entry.seq);
	}

	/** The first held batch after `cursor`, or undefined when the client is up to date. */
	nextAfter(cursor: number): LogEntry | undefined {
		const n = this.entries.length;
		if (this.head >= n) return undefined;
		const first = this.entries[this.head].seq;
		if (cursor < first) return this.entries[this.head];
		// seqs are contiguous unless a write failed: try the direct index, then search
		const guess = this.head + (cursor + 1 - first);
		if (guess < n && this.entries[guess].seq === cursor + 1) return this.entries[guess];
		let lo = this.head;
		let hi = n;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.entries[mid].seq <= cursor) lo = mid + 1;
			else hi = mid;
		}
		return lo < n ? this.entries[lo] : undefined;
	}

	/** The gap a client at `cursor` has to be told about, when batches after it were evicted. */
	gapFor(cursor: number): StreamGap | undefined {
		if (cursor >= this.evictedThroughSeq) return undefined;
		const fromSeq = cursor + 1;
		const toSeq = this.evictedThroughSeq;
		if (this.firstEvictedSeq === 0) {
			// evicted by an earlier process: the time range is unknown beyond "before the oldest held batch"
			const heldMs = this.entries[this.head]?.receivedMs ?? this.now();
			return { fromSeq, toSeq, fromMs: heldMs, toMs: heldMs };
		}
		const toMs = this.evictedTimes[toSeq % evictedTimesKept];
		const rememberedFrom = Math.max(fromSeq, this.firstEvictedSeq, toSeq - evictedTimesKept + 1);
		const fromMs = this.evictedTimes[rememberedFrom % evictedTimesKept] || toMs;
		return { fromSeq, toSeq, fromMs, toMs };
	}

	/** Resolves on the next publish, after `timeoutMs`, or when the log closes. */
	waitForAppend(timeoutMs: number): { promise: Promise<WakeReason>; cancel: () => void } {
		if (this.closed) return { promise: Promise.resolve('closed'), cancel: () => undefined };
		let resolver!: (reason: WakeReason) => void;
		const promise = new Promise<WakeReason>((resolve) => (resolver = resolve));
		const timer = setTimeout(() => done('timeout'), timeoutMs);
		const done = (reason: WakeReason) => {
			clearTimeout(timer);
			this.waiters.delete(done);
			resolver(reason);
		};
		this.waiters.add(done);
		return { promise, cancel: () => done('closed') };
	}

	private wake(reason: WakeReason): void {
		for (const waiter of [...this.waiters]) waiter(reason);
	}

	get isClosed(): boolean {
		return this.closed;
	}

	/** Stops accepting, wakes streams so they end, and flushes storage. */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.wake('closed');
		await this.persistence.close();
	}
}
