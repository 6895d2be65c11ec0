/**
 * What one MySQL / MariaDB poll reads, in order: status counters, variables, statement
 * digests, slow statements (and literal samples for EXPLAIN), sessions with transactions
 * and lock waits, and every few minutes table sizes. Names: src/lib/server/db/README.md.
 * Statements: mysql-sql.ts; slow statements: mysql-slow.ts.
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
	emitVariables,
	newDigestState,
	num,
	str,
	type OpenTransaction,
	type SessionsState,
	type VariablesState
} from './emit';
import { slowSource } from './mysql-slow';
import { MYSQL_OWN_DIGESTS, MYSQL_SQL, MYSQL_STATUS_RATES } from './mysql-sql';
import { SourceUnavailable, type PollSource } from './poll';

export { MYSQL_OWN_DIGESTS, MYSQL_SQL, MYSQL_STATUS_RATES } from './mysql-sql';

/** State shared by one collector's sources, kept across reconnects unless noted. */
export interface MysqlState {
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
