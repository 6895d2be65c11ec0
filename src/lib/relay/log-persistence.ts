/**
 * Where the replay log keeps batches across restarts, its in-memory twin, and the error
 * the log throws when it cannot take more. The disk implementation is Node-only and lives
 * in src/lib/server/file-persistence.ts.
 */
/** A batch as persistence stores it. */
export interface StoredBatch {
	seq: number;
	receivedMs: number;
	/** JSON of the TelemetryBatch. */
	json: string;
}

/**
 * Where the log keeps batches across restarts. `append` is called in seq order; when it
 * returns a promise the batch is durable once that resolves. The in-memory twin returns
 * nothing (no restart to survive).
 */
export interface LogPersistence {
	/** Reads back what a previous process left, or starts a fresh log with `freshEpoch`. */
	open(freshEpoch: string): Promise<{ epoch: string; nextSeq: number; batches: StoredBatch[] }>;
	append(batch: StoredBatch): Promise<void> | void;
	/** Everything up to and including `seq` was evicted; storage may reclaim it. */
	evictThrough(seq: number): void;
	/** Waits for pending writes, then releases files. */
	close(): Promise<void>;
	describe(): { kind: 'memory' | 'disk'; location?: string };
}

export const memoryPersistence = (): LogPersistence => ({
	open: async (freshEpoch) => ({ epoch: freshEpoch, nextSeq: 1, batches: [] }),
	append: () => undefined,
	evictThrough: () => undefined,
	close: async () => undefined,
	describe: () => ({ kind: 'memory' })
});

export class LogBusyError extends Error {
	readonly retryAfterSec: number;
	constructor(message: string, retryAfterSec = 1) {
		super(message);
		this.name = 'LogBusyError';
		this.retryAfterSec = retryAfterSec;
	}
}

/** A new log epoch: 16 hex digits of randomness (crypto.getRandomValues is on every target runtime). */
export function freshEpoch(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(8));
	let out = '';
	for (const b of bytes) out += b.toString(16).padStart(2, '0');
	return out;
}
