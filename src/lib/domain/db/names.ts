/**
 * Names of database telemetry: the real collectors (src/lib/server/db) and the demo bank's
 * simulated databases (src/lib/sim) both emit exactly these, and the Database and Instances
 * pages read exactly these. src/lib/server/db/README.md is the prose version of this file.
 */

/** Metric names. Rates are per second over the interval since the previous poll. */
export const DbMetric = {
	up: 'db.server.up',
	uptime: 'db.server.uptime',
	queriesRate: 'db.server.queries.rate',
	transactionsRate: 'db.server.transactions.rate',
	rollbacksRate: 'db.server.rollbacks.rate',
	slowQueriesRate: 'db.server.slow_queries.rate',
	deadlocksRate: 'db.server.deadlocks.rate',
	threadsRunning: 'db.server.threads.running',
	connections: 'db.server.connections',
	connectionsMax: 'db.server.connections.max',
	bufferPoolHitRatio: 'db.server.buffer_pool.hit_ratio',
	rowLockWaitsRate: 'db.server.row_lock.waits.rate',
	rowLockTimeRate: 'db.server.row_lock.time.rate',
	lockWaiting: 'db.server.lock.waiting',
	transactionsActive: 'db.server.transactions.active',
	transactionsOldestAge: 'db.server.transactions.oldest_age',
	statusRate: 'db.server.status.rate',
	databaseSize: 'db.server.database.size',
	tableSize: 'db.server.table.size',
	tableIndexSize: 'db.server.table.index_size',
	tableRows: 'db.server.table.rows',
	statementCalls: 'db.server.statement.calls',
	statementDuration: 'db.server.statement.duration',
	statementDurationMax: 'db.server.statement.duration.max',
	statementRowsExamined: 'db.server.statement.rows_examined',
	statementRowsReturned: 'db.server.statement.rows_returned',
	statementErrors: 'db.server.statement.errors',
	statementNoIndex: 'db.server.statement.no_index',
	collectorQueries: 'meridian.db.collector.queries',
	collectorDuration: 'meridian.db.collector.duration',
	collectorPollDuration: 'meridian.db.collector.poll.duration',
	collectorErrors: 'meridian.db.collector.errors'
} as const;
export type DbMetricName = (typeof DbMetric)[keyof typeof DbMetric];

/** Unit of each metric (UCUM, as OTLP carries it). */
export const DbMetricUnit: Record<DbMetricName, string> = {
	'db.server.up': '1',
	'db.server.uptime': 's',
	'db.server.queries.rate': '{query}/s',
	'db.server.transactions.rate': '{transaction}/s',
	'db.server.rollbacks.rate': '{transaction}/s',
	'db.server.slow_queries.rate': '{query}/s',
	'db.server.deadlocks.rate': '{deadlock}/s',
	'db.server.threads.running': '{thread}',
	'db.server.connections': '{connection}',
	'db.server.connections.max': '{connection}',
	'db.server.buffer_pool.hit_ratio': '1',
	'db.server.row_lock.waits.rate': '{wait}/s',
	'db.server.row_lock.time.rate': 'ms/s',
	'db.server.lock.waiting': '{session}',
	'db.server.transactions.active': '{transaction}',
	'db.server.transactions.oldest_age': 's',
	'db.server.status.rate': '{event}/s',
	'db.server.database.size': 'By',
	'db.server.table.size': 'By',
	'db.server.table.index_size': 'By',
	'db.server.table.rows': '{row}',
	'db.server.statement.calls': '{call}',
	'db.server.statement.duration': 'ms',
	'db.server.statement.duration.max': 'ms',
	'db.server.statement.rows_examined': '{row}',
	'db.server.statement.rows_returned': '{row}',
	'db.server.statement.errors': '{error}',
	'db.server.statement.no_index': '{call}',
	'meridian.db.collector.queries': '{query}',
	'meridian.db.collector.duration': 'ms',
	'meridian.db.collector.poll.duration': 'ms',
	'meridian.db.collector.errors': '{error}'
};

/** Log record `eventName`s; each record's body is the JSON of the matching `*Body` type. */
export const DbEvent = {
	slowStatement: 'db.server.slow_statement',
	variableChange: 'db.server.variable.change',
	variables: 'db.server.variables',
	sessions: 'db.server.sessions',
	blocking: 'db.server.blocking',
	longTransaction: 'db.server.long_transaction',
	availability: 'db.server.availability',
	collectorError: 'meridian.db.collector.error'
} as const;
export type DbEventName = (typeof DbEvent)[keyof typeof DbEvent];

/** Attribute keys (OpenTelemetry semantic conventions where one exists). */
export const DbAttr = {
	system: 'db.system',
	namespace: 'db.namespace',
	collection: 'db.collection.name',
	digest: 'db.query.digest',
	nativeId: 'db.query.native_id',
	summary: 'db.query.summary',
	text: 'db.query.text',
	durationMs: 'db.statement.duration_ms',
	statusName: 'db.status.name',
	variableName: 'db.variable.name',
	blockedSessions: 'db.server.blocked_sessions',
	state: 'db.server.state',
	serverAddress: 'server.address',
	serverPort: 'server.port',
	serviceName: 'service.name',
	errorType: 'error.type',
	source: 'meridian.db.source'
} as const;

/** `db.system` values, as the semantic conventions spell them. */
export type DbSystem = 'mysql' | 'mariadb' | 'postgresql';

/** The digest that gathers the statements past the per-poll bound (see README). */
export const OTHER_DIGEST = 'other';

/** OTLP SeverityNumber values used by database events. */
export const DbSeverity = { info: 9, warn: 13, error: 17 } as const;

/** Longest `db.query.text` on a metric point; sample texts in slow statements get 4096. */
export const MAX_DIGEST_TEXT_CHARS = 1024;
export const MAX_SAMPLE_TEXT_CHARS = 4096;

export interface SlowStatementBody {
	durationMs: number;
	/** 'finished': read after it ended; 'running': seen in flight, durationMs so far. */
	phase: 'finished' | 'running';
	source: 'statement_history' | 'slow_log' | 'activity';
	sessionId?: string;
	user?: string;
	rowsExamined?: number;
	rowsReturned?: number;
	errors?: number;
	noIndexUsed?: boolean;
}

export interface VariableChangeBody {
	name: string;
	/** null: the variable appeared (first poll excluded). */
	before: string | null;
	/** null: the variable disappeared. */
	after: string | null;
}

export interface VariablesBody {
	variables: Record<string, string>;
	/** Why the snapshot was sent. */
	reason: 'connect' | 'periodic';
}

export interface SessionInfo {
	id: string;
	user?: string;
	namespace?: string;
	/** MySQL COMMAND + STATE, PostgreSQL state ('active', 'idle in transaction', ...). */
	state: string;
	waitEvent?: string;
	/** Time in the current statement or state. */
	elapsedMs: number;
	/** Age of the open transaction, absent when none. */
	transactionAgeMs?: number;
	/** Current or last statement text, at most 1024 characters. */
	query?: string;
	/** Sessions that hold what this one waits for. */
	blockedBy: string[];
}

export interface SessionsBody {
	sessions: SessionInfo[];
	/** Sessions left out past the bound (200). */
	omitted: number;
}

export interface BlockingNode {
	id: string;
	/** Sessions waiting on this one, transitively. */
	children: BlockingNode[];
	/** True when this node closes a wait cycle (a deadlock not yet resolved). */
	cycle?: boolean;
}

export interface LockWait {
	waitingId: string;
	blockingId: string;
	waitMs?: number;
	lockType?: string;
	lockMode?: string;
	table?: string;
	waitingQuery?: string;
	blockingQuery?: string;
}

export interface BlockingBody {
	/** Roots are sessions that block others and wait on nobody. */
	tree: BlockingNode[];
	waits: LockWait[];
}

export interface LongTransactionBody {
	sessionId: string;
	transactionAgeMs: number;
	user?: string;
	query?: string;
}

export interface AvailabilityBody {
	state: 'up' | 'down';
	/** Failure message with credentials removed; absent when up. */
	error?: string;
	/** Consecutive failed attempts so far. */
	attempt: number;
	/** Delay before the next connection attempt; absent when up. */
	retryInMs?: number;
}

export interface CollectorErrorBody {
	source: string;
	message: string;
	/** How to make the source work (a grant, a server setting, an extension). */
	hint?: string;
}
