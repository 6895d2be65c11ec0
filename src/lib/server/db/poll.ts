/**
 * The contract between the generic collector loop (collector.ts) and a database driver
 * (mysql.ts, postgres.ts): a driver opens sessions and lists the sources one poll runs.
 */
import type { DbRecordBuilder } from '../../domain/db/records';
import type { DbTarget } from './config';
import type { SampleStore } from './samples';

export type Row = Record<string, unknown>;

/** One database connection as a driver exposes it. */
export interface SqlSession {
	query(sql: string, params?: unknown[]): Promise<Row[]>;
	close(): Promise<void>;
	/** Set once the connection reported a fatal error: the collector reconnects. */
	readonly broken: boolean;
	/** `SELECT VERSION()` / `server_version`, read at connect. */
	readonly serverVersion: string;
}

export interface PollContext {
	/** Metered: counts towards `meridian.db.collector.queries` and `.duration`. */
	query(sql: string, params?: unknown[]): Promise<Row[]>;
	session: SqlSession;
	records: DbRecordBuilder;
	target: DbTarget;
	/** This poll's time, Unix µs. */
	timeUs: number;
	/** Time of the previous successful poll (kept across reconnects), undefined before the first. */
	prevPollUs: number | undefined;
	/** First poll on this connection. */
	afterConnect: boolean;
	samples: SampleStore;
}

/** A failure the operator can fix; `hint` says how. */
export class SourceUnavailable extends Error {
	constructor(
		message: string,
		readonly hint: string
	) {
		super(message);
		this.name = 'SourceUnavailable';
	}
}

export interface PollSource {
	/** `status`, `variables`, `digests`, `slow`, `sessions`, `tables`. */
	name: string;
	/** Run at most this often (sources that are costly and change slowly); every poll when absent. */
	everyMs?: number;
	run(ctx: PollContext): Promise<void>;
}

export interface ExplainRequest {
	statement: string;
	namespace?: string;
	/** The text has `?`/`$n` placeholders rather than literal values. */
	generic: boolean;
}

export interface ExplainResult {
	/** The plan as the server returns it in JSON form. */
	plan: unknown;
	/** What was planned (the sample or the generic text). */
	statement: string;
	generic: boolean;
}

export interface DbDriver {
	/** Opens a session; `database` overrides the target's namespace (PostgreSQL EXPLAIN in another database). */
	connect(target: DbTarget, database?: string): Promise<SqlSession>;
	/** The error means the connection is gone (reconnect), not that one query failed. */
	isConnectionError(error: unknown): boolean;
	/** Fresh sources with their own state, for one collector. */
	createSources(target: DbTarget): PollSource[];
	explain(target: DbTarget, request: ExplainRequest): Promise<ExplainResult>;
}
