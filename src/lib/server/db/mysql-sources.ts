/**
 * What one MySQL / MariaDB poll reads, in order: status counters, variables, statement
 * digests, slow statements (and literal samples for EXPLAIN), sessions with transactions
 * and lock waits, and every few minutes table sizes. Names: src/lib/server/db/README.md.
 *
 * performance_schema timers are picoseconds since the timer origin (server start); they are
 * converted in SQL (`DIV 1000000` to µs, `/ 1e9` to ms) so no value passes 2^53 in JS.
 */
import { sqlDigest } from '../../domain/db/digest';
import type { DigestCounters } from '../../domain/db/digest-deltas';
import { DbAttr, DbMetric, type LockWait, type SessionInfo } from '../../domain/db/names';
import { counterRates, hitRatio, sumIncrease, type CounterSample } from '../../domain/db/rates';
import type { DbTarget } from './config';
import {
	digestOf,
	emitDigests,
	emitSessions,
	emitSlowStatement,
	emitVariables,
	newDigestState,
	num,
	str,
	type OpenTransaction,
	type SessionsState,
	type VariablesState
} from './emit';
import { SourceUnavailable, type PollContext, type PollSource } from './poll';

const SYSTEM_SCHEMAS = "('mysql', 'performance_schema', 'information_schema', 'sys')";

/** Counters sent as `db.server.status.rate` with `db.status.name`. */
export const MYSQL_STATUS_RATES = [
	'Com_select',
	'Com_insert',
	'Com_update',
	'Com_delete',
	'Com_replace',
	'Bytes_received',
	'Bytes_sent',
	'Connections',
	'Aborted_connects',
	'Aborted_clients',
	'Created_tmp_tables',
	'Created_tmp_disk_tables',
	'Select_full_join',
	'Select_scan',
	'Sort_merge_passes',
	'Handler_read_rnd_next',
	'Innodb_rows_read',
	'Innodb_rows_inserted',
	'Innodb_rows_updated',
	'Innodb_rows_deleted',
	'Innodb_data_reads',
	'Innodb_data_writes',
	'Table_locks_waited',
	'Opened_tables'
];


/** Status variables the status source reads; the server has ~500, parsing them all costs CPU every poll. */
const MYSQL_STATUS_READ = [
	'Uptime',
	'Threads_running',
	'Threads_connected',
	'Questions',
	'Com_commit',
	'Com_rollback',
	'Slow_queries',
	'Innodb_deadlocks',
	'Innodb_row_lock_waits',
	'Innodb_row_lock_time',
	'Innodb_buffer_pool_read_requests',
	'Innodb_buffer_pool_reads',
	...MYSQL_STATUS_RATES
];

export const MYSQL_SQL = {
	status: `SHOW GLOBAL STATUS WHERE Variable_name IN (${MYSQL_STATUS_READ.map((n) => `'${n}'`).join(', ')})`,
	variables: 'SHOW GLOBAL VARIABLES',
	digests:
		'SELECT SCHEMA_NAME, DIGEST, DIGEST_TEXT, COUNT_STAR, SUM_TIMER_WAIT / 1000000000 AS sum_ms, ' +
		'MAX_TIMER_WAIT / 1000000000 AS max_ms, SUM_ROWS_EXAMINED, SUM_ROWS_SENT, SUM_ERRORS, SUM_NO_INDEX_USED, ' +
		'FIRST_SEEN >= ? AS is_new, NOW(6) AS server_now FROM performance_schema.events_statements_summary_by_digest ' +
		'WHERE LAST_SEEN >= ? ORDER BY SUM_TIMER_WAIT DESC LIMIT 10000',
	consumers:
		"SELECT NAME, ENABLED FROM performance_schema.setup_consumers WHERE NAME IN ('events_statements_current', 'events_statements_history_long')",
	ownThread:
		'SELECT t.THREAD_ID, c.TIMER_START DIV 1000000 AS start_us FROM performance_schema.threads t ' +
		'LEFT JOIN performance_schema.events_statements_current c ON c.THREAD_ID = t.THREAD_ID ' +
		'WHERE t.PROCESSLIST_ID = CONNECTION_ID()',
	history:
		'SELECT THREAD_ID, TIMER_END, TIMER_END DIV 1000000 AS end_us, TIMER_WAIT / 1000000000 AS duration_ms, SQL_TEXT, ' +
		'DIGEST_TEXT, CURRENT_SCHEMA, ROWS_EXAMINED, ROWS_SENT, ERRORS, NO_INDEX_USED ' +
		'FROM performance_schema.events_statements_history_long ' +
		'WHERE TIMER_END > CAST(? AS UNSIGNED) AND TIMER_WAIT >= CAST(? AS UNSIGNED) AND THREAD_ID <> ? AND SQL_TEXT IS NOT NULL ' +
		'ORDER BY TIMER_END LIMIT 200',
	historyCursor: 'SELECT MAX(TIMER_END) AS max_end FROM performance_schema.events_statements_history_long',
	samples:
		'SELECT DIGEST, CURRENT_SCHEMA, SQL_TEXT FROM performance_schema.events_statements_history_long ' +
		'WHERE DIGEST IN (?) AND THREAD_ID <> ? AND SQL_TEXT IS NOT NULL LIMIT 500',
	slowLog:
		'SELECT UNIX_TIMESTAMP(start_time) * 1000000 AS start_us, TIME_TO_SEC(query_time) * 1000 AS duration_ms, ' +
		'rows_examined, rows_sent, db, sql_text, thread_id FROM mysql.slow_log ' +
		'WHERE start_time > FROM_UNIXTIME(?) AND TIME_TO_SEC(query_time) * 1000 >= ? ORDER BY start_time LIMIT 200',
	transactions:
		'SELECT trx_id, trx_mysql_thread_id, trx_state, TIMESTAMPDIFF(MICROSECOND, trx_started, NOW(6)) / 1000 AS age_ms, trx_query ' +
		'FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id <> CONNECTION_ID() ORDER BY trx_started LIMIT 1000',
	processlistMariaDb:
		'SELECT ID, USER, DB, COMMAND, STATE, TIME_MS AS elapsed_ms, INFO FROM information_schema.PROCESSLIST ' +
		"WHERE ID <> CONNECTION_ID() AND COMMAND NOT IN ('Daemon', 'Binlog Dump') AND (COMMAND <> 'Sleep' OR ID IN (?)) LIMIT 1000",
	processlistMysql:
		'SELECT ID, USER, DB, COMMAND, STATE, TIME * 1000 AS elapsed_ms, INFO FROM information_schema.PROCESSLIST ' +
		"WHERE ID <> CONNECTION_ID() AND COMMAND NOT IN ('Daemon', 'Binlog Dump') AND (COMMAND <> 'Sleep' OR ID IN (?)) LIMIT 1000",
	lockWaitsInnodb:
		'SELECT r.trx_mysql_thread_id AS waiting_id, b.trx_mysql_thread_id AS blocking_id, ' +
		'TIMESTAMPDIFF(MICROSECOND, r.trx_wait_started, NOW(6)) / 1000 AS wait_ms, l.lock_type, l.lock_mode, l.lock_table, ' +
		'r.trx_query AS waiting_query, b.trx_query AS blocking_query FROM information_schema.INNODB_LOCK_WAITS w ' +
		'JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id ' +
		'JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id ' +
		'LEFT JOIN information_schema.INNODB_LOCKS l ON l.lock_id = w.requested_lock_id LIMIT 1000',
	lockWaitsPerfSchema:
		'SELECT r.trx_mysql_thread_id AS waiting_id, b.trx_mysql_thread_id AS blocking_id, ' +
		'TIMESTAMPDIFF(MICROSECOND, r.trx_wait_started, NOW(6)) / 1000 AS wait_ms, l.LOCK_TYPE AS lock_type, ' +
		"l.LOCK_MODE AS lock_mode, CONCAT(l.OBJECT_SCHEMA, '.', l.OBJECT_NAME) AS lock_table, " +
		'r.trx_query AS waiting_query, b.trx_query AS blocking_query FROM performance_schema.data_lock_waits w ' +
		'JOIN information_schema.INNODB_TRX r ON r.trx_id = w.REQUESTING_ENGINE_TRANSACTION_ID ' +
		'JOIN information_schema.INNODB_TRX b ON b.trx_id = w.BLOCKING_ENGINE_TRANSACTION_ID ' +
		'LEFT JOIN performance_schema.data_locks l ON l.ENGINE_LOCK_ID = w.REQUESTING_ENGINE_LOCK_ID LIMIT 1000',
	tables:
		'SELECT TABLE_SCHEMA, TABLE_NAME, DATA_LENGTH, INDEX_LENGTH, TABLE_ROWS FROM information_schema.TABLES ' +
		`WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN ${SYSTEM_SCHEMAS} ` +
		'ORDER BY DATA_LENGTH + INDEX_LENGTH DESC LIMIT 100',
	schemaSizes:
		'SELECT TABLE_SCHEMA, SUM(DATA_LENGTH + INDEX_LENGTH) AS size FROM information_schema.TABLES ' +
		`WHERE TABLE_SCHEMA NOT IN ${SYSTEM_SCHEMAS} GROUP BY TABLE_SCHEMA LIMIT 1000`
} as const;

/** Digests of the collector's own statements: left out of top SQL. */
export const MYSQL_OWN_DIGESTS: ReadonlySet<string> = new Set(Object.values(MYSQL_SQL).map(sqlDigest));

/** State shared by one collector's sources, kept across reconnects unless noted. */
interface MysqlState {
	mariaDb: boolean;
	/** performance_schema lock tables (MySQL 8) instead of information_schema.INNODB_LOCK_WAITS. */
	perfSchemaLocks: boolean;
	statusPrev?: CounterSample;
	uptimeSec?: number;
	variables: VariablesState;
	/** Server time of the previous digest read, as the server prints it. */
	digestsServerNow?: string;
	digests: ReturnType<typeof newDigestState>;
	/** Native DIGEST of digests that ran this poll without a literal sample. */
	needSample: Map<string, string>;
	/** Per connection. */
	ownThreadId: number;
	/** Unix µs of the performance_schema timer origin; per connection. */
	timerOriginUs?: number;
	historyEnabled?: boolean;
	/** TIMER_END (ps, decimal string) of the last history row read; reset on restart. */
	historyCursor?: string;
	slowLogCursorSec?: number;
	sessions: SessionsState;
}

function statusSource(state: MysqlState): PollSource {
	return {
		name: 'status',
		async run(ctx) {
			const rows = await ctx.query(MYSQL_SQL.status);
			const values: Record<string, number> = {};
			for (const row of rows) {
				const value = num(row.Value ?? row.VALUE);
				const name = str(row.Variable_name ?? row.VARIABLE_NAME);
				if (name && value !== undefined) values[name] = value;
			}
			const restarted = state.uptimeSec !== undefined && values.Uptime !== undefined && values.Uptime < state.uptimeSec;
			if (restarted) state.historyCursor = undefined;
			state.uptimeSec = values.Uptime;
			const sample: CounterSample = { timeUs: ctx.timeUs, values, uptimeSec: values.Uptime };
			const prev = state.statusPrev;
			const rates = counterRates(prev, sample);
			state.statusPrev = sample;
			const r = ctx.records;
			r.gauge(DbMetric.uptime, values.Uptime);
			// The collector's own SHOW STATUS is running while it is counted.
			r.gauge(DbMetric.threadsRunning, values.Threads_running === undefined ? undefined : Math.max(0, values.Threads_running - 1));
			r.gauge(DbMetric.connections, values.Threads_connected);
			r.gauge(DbMetric.queriesRate, rates.Questions);
			r.gauge(DbMetric.transactionsRate, sumRates(rates, ['Com_commit', 'Com_rollback']));
			r.gauge(DbMetric.rollbacksRate, rates.Com_rollback);
			r.gauge(DbMetric.slowQueriesRate, rates.Slow_queries);
			r.gauge(DbMetric.deadlocksRate, rates.Innodb_deadlocks);
			r.gauge(DbMetric.rowLockWaitsRate, rates.Innodb_row_lock_waits);
			r.gauge(DbMetric.rowLockTimeRate, rates.Innodb_row_lock_time);
			const requests = sumIncrease(prev, sample, ['Innodb_buffer_pool_read_requests']);
			const diskReads = sumIncrease(prev, sample, ['Innodb_buffer_pool_reads']);
			if (requests !== undefined && diskReads !== undefined) {
				r.gauge(DbMetric.bufferPoolHitRatio, hitRatio(Math.max(0, requests - diskReads), diskReads));
			}
			for (const name of MYSQL_STATUS_RATES) {
				r.gauge(DbMetric.statusRate, rates[name], { [DbAttr.statusName]: name });
			}
		}
	};
}

function sumRates(rates: Record<string, number>, names: string[]): number | undefined {
	if (!names.every((n) => n in rates)) return undefined;
	return names.reduce((total, n) => total + rates[n], 0);
}

function variablesSource(state: MysqlState): PollSource {
	return {
		name: 'variables',
		async run(ctx) {
			const rows = await ctx.query(MYSQL_SQL.variables);
			const variables: Record<string, string> = {};
			for (const row of rows) {
				const name = str(row.Variable_name ?? row.VARIABLE_NAME);
				if (name) variables[name] = str(row.Value ?? row.VALUE) ?? '';
			}
			emitVariables(ctx, state.variables, variables);
			ctx.records.gauge(DbMetric.connectionsMax, num(variables.max_connections));
		}
	};
}

function digestsSource(state: MysqlState): PollSource {
	return {
		name: 'digests',
		async run(ctx) {
			if (state.variables.prev?.performance_schema === 'OFF') {
				throw new SourceUnavailable(
					'performance_schema is OFF: no statement digests.',
					'Start the server with performance_schema=ON (it cannot be switched on at run time).'
				);
			}
			// Rows seen within a second before the previous read are read again: clocks tick between statements.
			const since = state.digestsServerNow ? shiftSeconds(state.digestsServerNow, -1) : '1970-01-01 00:00:01';
			const rows = await ctx.query(MYSQL_SQL.digests, [since, since]);
			// No row: nothing ran since, and the same window is read again next time.
			if (rows.length > 0) state.digestsServerNow = str(rows[0].server_now);
			const counters: DigestCounters[] = [];
			const nativeByDigest = new Map<string, string>();
			for (const row of rows) {
				const nativeId = str(row.DIGEST);
				const digest = digestOf(state.digests, str(row.DIGEST_TEXT), nativeId);
				if (nativeId) nativeByDigest.set(digest, nativeId);
				counters.push({
					key: `${str(row.SCHEMA_NAME) ?? ''}/${nativeId ?? 'null'}`,
					digest,
					namespace: str(row.SCHEMA_NAME),
					calls: num(row.COUNT_STAR) ?? 0,
					durationMs: num(row.sum_ms) ?? 0,
					maxDurationMs: num(row.max_ms),
					rowsExamined: num(row.SUM_ROWS_EXAMINED),
					rowsReturned: num(row.SUM_ROWS_SENT),
					errors: num(row.SUM_ERRORS),
					noIndex: num(row.SUM_NO_INDEX_USED),
					isNew: num(row.is_new) === 1
				});
			}
			const deltas = emitDigests(ctx, state.digests, counters, MYSQL_OWN_DIGESTS);
			state.needSample.clear();
			for (const d of deltas) {
				const nativeId = nativeByDigest.get(d.digest);
				if (nativeId && !MYSQL_OWN_DIGESTS.has(d.digest) && !ctx.samples.hasLiteral(d.digest)) state.needSample.set(nativeId, d.digest);
				// Until a literal sample arrives, the digest text is what EXPLAIN knows.
				const meta = state.digests.meta.get(d.digest);
				if (meta && !ctx.samples.get(d.digest)) ctx.samples.offer(d.digest, meta.text, d.namespace);
			}
		}
	};
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` moved by whole seconds, in the same (server) time zone. */
function shiftSeconds(serverTime: string, seconds: number): string {
	const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(serverTime);
	if (!match) return '1970-01-01 00:00:01';
	const [, y, mo, d, h, mi, s, frac = ''] = match;
	const t = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) + seconds * 1000);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}${frac}`;
}

function slowSource(state: MysqlState): PollSource {
	return {
		name: 'slow',
		async run(ctx) {
			if (ctx.afterConnect || state.historyEnabled === undefined) {
				state.historyEnabled = false;
				state.ownThreadId = 0;
				state.timerOriginUs = undefined;
				if (state.variables.prev?.performance_schema !== 'OFF') {
					const consumers = await ctx.query(MYSQL_SQL.consumers);
					const enabled = new Set(consumers.filter((c) => str(c.ENABLED) === 'YES').map((c) => str(c.NAME)));
					state.historyEnabled = enabled.has('events_statements_history_long') && enabled.has('events_statements_current');
					const [own] = await ctx.query(MYSQL_SQL.ownThread);
					state.ownThreadId = num(own?.THREAD_ID) ?? 0;
					const startUs = num(own?.start_us);
					// Our own statement started just now: that anchors the timer to the wall clock.
					if (startUs !== undefined) state.timerOriginUs = ctx.timeUs - startUs;
				}
			}
			if (state.historyEnabled) return readHistory(ctx, state);
			const vars = state.variables.prev ?? {};
			if (vars.slow_query_log === 'ON' && /TABLE/i.test(vars.log_output ?? '')) return readSlowLog(ctx, state);
			throw new SourceUnavailable(
				'No source of slow statements: the statement history consumer is off and the slow log is not written to a table.',
				"Start the server with performance_schema=ON, performance-schema-consumer-events-statements-current=ON and performance-schema-consumer-events-statements-history-long=ON, or SET GLOBAL slow_query_log=ON, log_output='TABLE'."
			);
		}
	};
}

async function readHistory(ctx: PollContext, state: MysqlState): Promise<void> {
	const originUs = state.timerOriginUs ?? ctx.timeUs - (state.uptimeSec ?? 0) * 1e6;
	if (state.historyCursor === undefined) {
		// First read on this server run: only statements from now on (the history can be hours old).
		const [row] = await ctx.query(MYSQL_SQL.historyCursor);
		state.historyCursor = str(row?.max_end) ?? '0';
	}
	const slowPs = String(Math.round(ctx.target.options.slowMs * 1e9));
	const rows = await ctx.query(MYSQL_SQL.history, [state.historyCursor, slowPs, state.ownThreadId]);
	for (const row of rows) {
		state.historyCursor = str(row.TIMER_END) ?? state.historyCursor;
		const text = str(row.SQL_TEXT);
		if (!text) continue;
		const endUs = Math.min(ctx.timeUs, originUs + (num(row.end_us) ?? 0));
		emitSlowStatement(ctx, {
			timeUs: endUs,
			text,
			digestText: str(row.DIGEST_TEXT),
			namespace: str(row.CURRENT_SCHEMA),
			body: {
				durationMs: num(row.duration_ms) ?? 0,
				phase: 'finished',
				source: 'statement_history',
				sessionId: str(row.THREAD_ID),
				rowsExamined: num(row.ROWS_EXAMINED),
				rowsReturned: num(row.ROWS_SENT),
				errors: num(row.ERRORS),
				noIndexUsed: num(row.NO_INDEX_USED) === 1
			}
		});
	}
	if (state.needSample.size > 0) {
		const wanted = [...state.needSample.keys()].slice(0, 100);
		const samples = await ctx.query(MYSQL_SQL.samples, [wanted, state.ownThreadId]);
		for (const row of samples) {
			const digest = state.needSample.get(str(row.DIGEST) ?? '');
			const text = str(row.SQL_TEXT);
			if (digest && text) ctx.samples.offer(digest, text, str(row.CURRENT_SCHEMA));
		}
	}
}

async function readSlowLog(ctx: PollContext, state: MysqlState): Promise<void> {
	state.slowLogCursorSec ??= Math.floor(ctx.timeUs / 1e6);
	const rows = await ctx.query(MYSQL_SQL.slowLog, [state.slowLogCursorSec, ctx.target.options.slowMs]);
	for (const row of rows) {
		const startUs = num(row.start_us) ?? ctx.timeUs;
		state.slowLogCursorSec = Math.max(state.slowLogCursorSec, startUs / 1e6);
		const text = str(row.sql_text);
		if (!text) continue;
		const durationMs = num(row.duration_ms) ?? 0;
		emitSlowStatement(ctx, {
			timeUs: startUs + durationMs * 1000,
			text,
			namespace: str(row.db) || undefined,
			body: {
				durationMs,
				phase: 'finished',
				source: 'slow_log',
				sessionId: str(row.thread_id),
				rowsExamined: num(row.rows_examined),
				rowsReturned: num(row.rows_sent)
			}
		});
	}
}

function sessionsSource(state: MysqlState): PollSource {
	return {
		name: 'sessions',
		async run(ctx) {
			const trxRows = await ctx.query(MYSQL_SQL.transactions);
			const transactions: OpenTransaction[] = trxRows.map((t) => ({
				id: str(t.trx_id) ?? '',
				sessionId: str(t.trx_mysql_thread_id) ?? '',
				ageMs: num(t.age_ms) ?? 0,
				query: str(t.trx_query)
			}));
			const trxBySession = new Map(transactions.map((t) => [t.sessionId, t]));
			const withTrx = transactions.length > 0 ? transactions.map((t) => Number(t.sessionId)) : [-1];
			const processlist = state.mariaDb ? MYSQL_SQL.processlistMariaDb : MYSQL_SQL.processlistMysql;
			const rows = await ctx.query(processlist, [withTrx]);
			const sessions: SessionInfo[] = rows.map((row) => {
				const id = str(row.ID) ?? '';
				const trx = trxBySession.get(id);
				const command = str(row.COMMAND) ?? '';
				const stage = str(row.STATE);
				const info = str(row.INFO);
				if (info && command === 'Query') ctx.samples.offer(sqlDigest(info), info, str(row.DB));
				if (trx) trx.user = str(row.USER);
				return {
					id,
					user: str(row.USER),
					namespace: str(row.DB),
					state: stage ? `${command}: ${stage}` : command,
					elapsedMs: num(row.elapsed_ms) ?? 0,
					...(trx ? { transactionAgeMs: trx.ageMs } : {}),
					...(info ? { query: info } : trx?.query ? { query: trx.query } : {}),
					blockedBy: []
				};
			});
			let waits: LockWait[] = [];
			if (trxRows.some((t) => str(t.trx_state) === 'LOCK WAIT')) {
				const waitRows = await ctx.query(state.perfSchemaLocks ? MYSQL_SQL.lockWaitsPerfSchema : MYSQL_SQL.lockWaitsInnodb);
				waits = waitRows.map((w) => ({
					waitingId: str(w.waiting_id) ?? '',
					blockingId: str(w.blocking_id) ?? '',
					waitMs: num(w.wait_ms),
					lockType: str(w.lock_type),
					lockMode: str(w.lock_mode),
					table: str(w.lock_table),
					waitingQuery: str(w.waiting_query),
					blockingQuery: str(w.blocking_query)
				}));
			}
			emitSessions(ctx, state.sessions, { sessions, waits, transactions });
		}
	};
}

function tablesSource(): PollSource {
	return {
		name: 'tables',
		everyMs: undefined,
		async run(ctx) {
			const r = ctx.records;
			for (const row of await ctx.query(MYSQL_SQL.tables)) {
				const attrs = { [DbAttr.namespace]: str(row.TABLE_SCHEMA) ?? '', [DbAttr.collection]: str(row.TABLE_NAME) ?? '' };
				const data = num(row.DATA_LENGTH) ?? 0;
				const index = num(row.INDEX_LENGTH) ?? 0;
				r.gauge(DbMetric.tableSize, data + index, attrs);
				r.gauge(DbMetric.tableIndexSize, index, attrs);
				r.gauge(DbMetric.tableRows, num(row.TABLE_ROWS), attrs);
			}
			for (const row of await ctx.query(MYSQL_SQL.schemaSizes)) {
				r.gauge(DbMetric.databaseSize, num(row.size), { [DbAttr.namespace]: str(row.TABLE_SCHEMA) ?? '' });
			}
		}
	};
}

export function createMysqlSources(target: DbTarget): PollSource[] {
	const state: MysqlState = {
		mariaDb: target.system === 'mariadb',
		perfSchemaLocks: false,
		variables: {},
		digests: newDigestState(),
		needSample: new Map(),
		ownThreadId: 0,
		sessions: { reportedLongTransactions: new Set() }
	};
	const detect: PollSource = {
		name: 'server',
		async run(ctx) {
			if (!ctx.afterConnect) return;
			const version = ctx.session.serverVersion;
			state.mariaDb = /mariadb/i.test(version);
			const major = Number(/^(\d+)/.exec(version)?.[1] ?? 0);
			state.perfSchemaLocks = !state.mariaDb && major >= 8;
		}
	};
	const tables = tablesSource();
	tables.everyMs = target.options.tableSizeEveryMs;
	return [detect, statusSource(state), variablesSource(state), digestsSource(state), slowSource(state), sessionsSource(state), tables];
}
