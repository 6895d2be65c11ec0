/**
 * One simulated database server: what its performance_schema / pg_stat_statements, status
 * counters and session views would hold, accumulated from the statements the bank's spans
 * executed (so top SQL and spans agree). db-telemetry.ts turns a poll of it into records.
 *
 * Bounds: digests ≤ MAX_DIGESTS (statement catalogue ≈ 45; extra texts share "other");
 * per-poll samples: slow statements ≤ 50, lock waits ≤ 50, recent statements ≤ 32.
 */
import { OTHER_DIGEST } from '../domain/db/names';
import { normaliseSql, querySummary, sqlDigest, stableHash16 } from '../domain/db/digest';
import type { DatabaseDef } from './catalogue';
import type { StatementExecution } from './trace';

export const MAX_DIGESTS = 500;
const MAX_SAMPLES = 50;
const MAX_RECENT = 32;
/** Server-side threshold for slow statements (the collectors' default `slowMs`). */
export const SLOW_MS = 1000;
/** MySQL `long_query_time`, seconds: Slow_queries counts statements above it. */
export const LONG_QUERY_TIME_S = 0.5;

export interface DigestTotals {
	calls: number;
	durationMs: number;
	rowsExamined: number;
	rowsReturned: number;
	errors: number;
	noIndex: number;
}

export interface DigestEntry {
	digest: string;
	summary: string;
	/** Canonical text (normaliseSql), as the server's digest view shows it. */
	text: string;
	nativeId: string;
	interval: DigestTotals;
	/** Since the digest's statistics began (duration.max is over this). */
	maxMs: number;
}

export interface ExecutionSample {
	sessionId: string;
	user: string;
	text: string;
	digest: string;
	summary: string;
	endMs: number;
	durationMs: number;
	rowsExamined: number;
	rowsReturned: number;
	error: boolean;
	noIndexUsed: boolean;
}

export interface LockWaitSample {
	waiting: ExecutionSample;
	blockingSessionId: string;
	blockingQuery: string;
	waitMs: number;
	table: string;
}

function emptyTotals(): DigestTotals {
	return { calls: 0, durationMs: 0, rowsExamined: 0, rowsReturned: 0, errors: 0, noIndex: 0 };
}

/** MySQL DIGEST (64 hex digits) or PostgreSQL queryid (signed 64-bit decimal). */
function nativeIdOf(system: string, text: string): string {
	const h = stableHash16(`native:${text}`);
	if (system === 'postgresql') return BigInt.asIntN(64, BigInt(`0x${h}`)).toString();
	return h + stableHash16(`a:${text}`) + stableHash16(`b:${text}`) + stableHash16(`c:${text}`);
}

export class DbServer {
	readonly digests = new Map<string, DigestEntry>();
	/** Interval counters, reset by `takeInterval()`. */
	busyMs = 0;
	lockWaitMs = 0;
	lockWaits = 0;
	writes = 0;
	slowQueries = 0;
	/** Rows examined by plans without an index (full scans read more from disk). */
	scanRows = 0;
	slow: ExecutionSample[] = [];
	locks: LockWaitSample[] = [];
	recent: ExecutionSample[] = [];
	/** Table rows grow with inserts (table sizes). */
	readonly insertedRows = new Map<string, number>();
	private readonly digestCache = new Map<string, { digest: string; summary: string; text: string }>();
	private sessionSeq = 1000;

	constructor(readonly def: DatabaseDef) {}

	private sessionId(): string {
		this.sessionSeq = (this.sessionSeq % 9000) + 1;
		return String(this.def.system === 'postgresql' ? 20_000 + this.sessionSeq : 4_000 + this.sessionSeq);
	}

	private entryFor(sql: string): DigestEntry {
		let key = this.digestCache.get(sql);
		if (!key) {
			key = { digest: sqlDigest(sql), summary: querySummary(sql), text: normaliseSql(sql) };
			if (this.digestCache.size < MAX_DIGESTS) this.digestCache.set(sql, key);
		}
		let entry = this.digests.get(key.digest);
		if (!entry) {
			if (this.digests.size >= MAX_DIGESTS) key = { digest: OTHER_DIGEST, summary: 'other statements', text: '' };
			entry = this.digests.get(key.digest) ?? {
				digest: key.digest,
				summary: key.summary,
				text: key.text,
				nativeId: key.digest === OTHER_DIGEST ? OTHER_DIGEST : nativeIdOf(this.def.system, key.text),
				interval: emptyTotals(),
				maxMs: 0
			};
			this.digests.set(key.digest, entry);
		}
		return entry;
	}

	/** `templateSql` is the statement with `?` placeholders (the digest); `text` the literal sample. */
	record(e: StatementExecution, user: string): void {
		const entry = this.entryFor(e.statement.sql);
		const t = entry.interval;
		t.calls++;
		t.durationMs += e.durationMs;
		t.rowsExamined += e.rowsExamined;
		t.rowsReturned += e.rowsReturned;
		if (e.error) t.errors++;
		if (e.noIndexUsed) {
			t.noIndex++;
			this.scanRows += e.rowsExamined;
		}
		entry.maxMs = Math.max(entry.maxMs, e.durationMs);
		this.busyMs += e.durationMs;
		if (e.statement.operation !== 'SELECT') {
			this.writes++;
			if (e.statement.operation === 'INSERT') this.insertedRows.set(e.statement.table, (this.insertedRows.get(e.statement.table) ?? 0) + 1);
		}
		if (e.durationMs > LONG_QUERY_TIME_S * 1000) this.slowQueries++;
		const sample: ExecutionSample = {
			sessionId: this.sessionId(),
			user,
			text: e.text,
			digest: entry.digest,
			summary: entry.summary,
			endMs: e.startMs + e.durationMs,
			durationMs: e.durationMs,
			rowsExamined: e.rowsExamined,
			rowsReturned: e.rowsReturned,
			error: e.error,
			noIndexUsed: e.noIndexUsed
		};
		if (e.durationMs > SLOW_MS) keepSlowest(this.slow, sample);
		if (e.lockWaitMs > 0) {
			this.lockWaits++;
			this.lockWaitMs += e.lockWaitMs;
			if (this.locks.length < MAX_SAMPLES) {
				this.locks.push({ waiting: sample, blockingSessionId: this.sessionId(), blockingQuery: e.text, waitMs: e.lockWaitMs, table: `${this.def.namespace}.${e.statement.table}` });
			}
		}
		this.recent.push(sample);
		if (this.recent.length > MAX_RECENT) this.recent.shift();
	}

	/** A statement run outside the bank's traces (a migration, a DBA session). */
	recordAdmin(sql: string, atMs: number, durationMs: number): void {
		const entry = this.entryFor(sql);
		entry.interval.calls++;
		entry.interval.durationMs += durationMs;
		entry.maxMs = Math.max(entry.maxMs, durationMs);
		this.busyMs += durationMs;
		this.writes++;
		this.recent.push({ sessionId: this.sessionId(), user: 'dba_migration', text: sql, digest: entry.digest, summary: entry.summary, endMs: atMs + durationMs, durationMs, rowsExamined: 0, rowsReturned: 0, error: false, noIndexUsed: false });
		if (this.recent.length > MAX_RECENT) this.recent.shift();
	}

	/** Digests that ran in the current poll interval (copies). */
	takeIntervalView(): DigestEntry[] {
		return [...this.digests.values()].filter((d) => d.interval.calls > 0).map((d) => ({ ...d, interval: { ...d.interval } }));
	}

	/** Ends the poll interval: clears interval counters and samples. */
	endInterval(): void {
		for (const d of this.digests.values()) d.interval = emptyTotals();
		this.busyMs = 0;
		this.lockWaitMs = 0;
		this.lockWaits = 0;
		this.writes = 0;
		this.slowQueries = 0;
		this.scanRows = 0;
		this.slow = [];
		this.locks = [];
	}
}

function keepSlowest(list: ExecutionSample[], sample: ExecutionSample): void {
	if (list.length < MAX_SAMPLES) {
		list.push(sample);
		return;
	}
	let min = 0;
	for (let i = 1; i < list.length; i++) if (list[i].durationMs < list[min].durationMs) min = i;
	if (list[min].durationMs < sample.durationMs) list[min] = sample;
}
