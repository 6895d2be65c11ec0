/**
 * What one PostgreSQL poll reads, in order: pg_stat_database counters, pg_settings,
 * pg_stat_statements, pg_stat_activity with pg_blocking_pids (sessions, transactions, slow
 * statements in flight, lock waits via pg_locks), and every few minutes table and database
 * sizes. Names: src/lib/server/db/README.md.
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
import { SourceUnavailable, type PollSource } from './poll';
import { COLLECTOR_APPLICATION_NAME } from './postgres';

const DATABASE_COUNTERS = [
	'xact_commit',
	'xact_rollback',
	'blks_read',
	'blks_hit',
	'tup_returned',
	'tup_fetched',
	'tup_inserted',
	'tup_updated',
	'tup_deleted',
	'conflicts',
	'temp_files',
	'temp_bytes',
	'deadlocks'
];

/** `pg_stat_database` columns sent as `db.server.status.rate` with `db.status.name`. */
export const POSTGRES_STATUS_RATES = DATABASE_COUNTERS.filter((c) => c !== 'xact_commit' && c !== 'xact_rollback' && c !== 'deadlocks');

export const POSTGRES_SQL = {
	database:
		'SELECT ' +
		DATABASE_COUNTERS.map((c) => `sum(${c})::float8 AS ${c}`).join(', ') +
		', extract(epoch FROM now() - pg_postmaster_start_time())::float8 AS uptime_s FROM pg_stat_database',
	settings: 'SELECT name, current_setting(name) AS value FROM pg_settings',
	statements13:
		'SELECT s.userid::text || \'/\' || s.dbid::text || \'/\' || s.queryid::text AS key, s.queryid::text AS queryid, d.datname, ' +
		's.calls::float8 AS calls, s.total_exec_time AS total_ms, s.max_exec_time AS max_ms, s.rows::float8 AS rows ' +
		'FROM pg_stat_statements(false) s LEFT JOIN pg_database d ON d.oid = s.dbid',
	statements12:
		'SELECT s.userid::text || \'/\' || s.dbid::text || \'/\' || s.queryid::text AS key, s.queryid::text AS queryid, d.datname, ' +
		's.calls::float8 AS calls, s.total_time AS total_ms, s.max_time AS max_ms, s.rows::float8 AS rows ' +
		'FROM pg_stat_statements(false) s LEFT JOIN pg_database d ON d.oid = s.dbid',
	statementTexts: 'SELECT DISTINCT ON (queryid) queryid::text AS queryid, query FROM pg_stat_statements WHERE queryid = ANY($1::bigint[])',
	activity:
		'SELECT pid, usename, datname, state, wait_event_type, wait_event, ' +
		'(extract(epoch FROM now() - query_start) * 1000)::float8 AS query_ms, ' +
		'(extract(epoch FROM now() - xact_start) * 1000)::float8 AS xact_ms, ' +
		'(extract(epoch FROM now() - state_change) * 1000)::float8 AS state_ms, ' +
		'(extract(epoch FROM query_start) * 1000000)::float8 AS query_start_us, ' +
		'(extract(epoch FROM xact_start) * 1000000)::float8 AS xact_start_us, query, ' +
		"CASE WHEN wait_event_type = 'Lock' THEN pg_blocking_pids(pid) END AS blocked_by " +
		"FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() " +
		'AND application_name IS DISTINCT FROM $1',
	currentDatabase: 'SELECT current_database() AS db',
	locks:
		'SELECT pid, locktype, mode, relation::regclass::text AS relation FROM pg_locks WHERE NOT granted LIMIT 1000',
	tables:
		'SELECT n.nspname, c.relname, pg_total_relation_size(c.oid)::float8 AS total, pg_indexes_size(c.oid)::float8 AS idx, ' +
		'c.reltuples::float8 AS reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ' +
		"WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') " +
		"AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 3 DESC LIMIT 100",
	databaseSizes:
		"SELECT datname, CASE WHEN has_database_privilege(oid, 'CONNECT') THEN pg_database_size(oid)::float8 END AS size " +
		'FROM pg_database WHERE datallowconn AND NOT datistemplate'
} as const;

/** Digests of the collector's own statements: left out of top SQL. */
export const POSTGRES_OWN_DIGESTS: ReadonlySet<string> = new Set(Object.values(POSTGRES_SQL).map(sqlDigest));

interface PostgresState {
	statusPrev?: CounterSample;
	/** pg_stat_statements answered in this poll: queries per second come from its calls. */
	statementsOk: boolean;
	queriesRate?: number;
	variables: VariablesState;
	digests: ReturnType<typeof newDigestState>;
	/** Raw pg_stat_statements text (with $n) and digest by `userid/dbid/queryid`; bounded with the digest state. */
	texts: Map<string, { digest: string; text: string }>;
	/** `pid/query_start_us` of statements already reported as slow; pruned to running ones. */
	reportedSlow: Set<string>;
	sessions: SessionsState;
}

function databaseSource(state: PostgresState): PollSource {
	return {
		name: 'status',
		async run(ctx) {
			const [row] = await ctx.query(POSTGRES_SQL.database);
			const values: Record<string, number> = {};
			for (const c of DATABASE_COUNTERS) {
				const v = num(row?.[c]);
				if (v !== undefined) values[c] = v;
			}
			const uptimeSec = num(row?.uptime_s);
			const sample: CounterSample = { timeUs: ctx.timeUs, values, uptimeSec };
			const prev = state.statusPrev;
			const rates = counterRates(prev, sample);
			state.statusPrev = sample;
			const r = ctx.records;
			r.gauge(DbMetric.uptime, uptimeSec);
			const xacts = 'xact_commit' in rates && 'xact_rollback' in rates ? rates.xact_commit + rates.xact_rollback : undefined;
			r.gauge(DbMetric.transactionsRate, xacts);
			r.gauge(DbMetric.rollbacksRate, rates.xact_rollback);
			r.gauge(DbMetric.deadlocksRate, rates.deadlocks);
			const hits = sumIncrease(prev, sample, ['blks_hit']);
			const reads = sumIncrease(prev, sample, ['blks_read']);
			if (hits !== undefined && reads !== undefined) r.gauge(DbMetric.bufferPoolHitRatio, hitRatio(hits, reads));
			for (const name of POSTGRES_STATUS_RATES) r.gauge(DbMetric.statusRate, rates[name], { [DbAttr.statusName]: name });
			// Set by the statements source just before; without the extension, transactions stand in.
			r.gauge(DbMetric.queriesRate, state.statementsOk ? state.queriesRate : xacts);
		}
	};
}

function settingsSource(state: PostgresState): PollSource {
	return {
		name: 'variables',
		async run(ctx) {
			const variables: Record<string, string> = {};
			for (const row of await ctx.query(POSTGRES_SQL.settings)) {
				const name = str(row.name);
				if (name) variables[name] = str(row.value) ?? '';
			}
			emitVariables(ctx, state.variables, variables);
			ctx.records.gauge(DbMetric.connectionsMax, num(variables.max_connections));
		}
	};
}

function statementsSource(state: PostgresState): PollSource {
	let prevTotalsUs: number | undefined;
	return {
		name: 'digests',
		async run(ctx) {
			const modern = Number(ctx.session.serverVersion) >= 130000;
			let rows;
			try {
				rows = await ctx.query(modern ? POSTGRES_SQL.statements13 : POSTGRES_SQL.statements12);
			} catch (error) {
				state.statementsOk = false;
				const code = (error as { code?: string }).code;
				if (code === '42P01' || code === '42883' || code === '55000') {
					throw new SourceUnavailable(
						`pg_stat_statements is not available: ${(error as Error).message}`,
						"Add pg_stat_statements to shared_preload_libraries (restart needed), then run CREATE EXTENSION pg_stat_statements in the database the collector connects to."
					);
				}
				throw error;
			}
			const missing = rows.map((r) => str(r.key) ?? '').filter((k) => k && !state.texts.has(k));
			if (missing.length > 0) {
				const ids = [...new Set(missing.map((k) => k.split('/')[2]))].slice(0, 1_000);
				const texts = new Map<string, string>();
				for (const t of await ctx.query(POSTGRES_SQL.statementTexts, [ids])) texts.set(str(t.queryid) ?? '', str(t.query) ?? '');
				for (const key of missing) {
					const text = texts.get(key.split('/')[2]);
					if (text !== undefined) state.texts.set(key, { digest: digestOf(state.digests, text, key.split('/')[2]), text });
				}
				while (state.texts.size > 20_000) state.texts.delete(state.texts.keys().next().value!);
			}
			const firstRead = state.digests.prevUs === undefined;
			const counters: DigestCounters[] = [];
			for (const row of rows) {
				const key = str(row.key) ?? '';
				const known = state.texts.get(key);
				if (!known) continue;
				counters.push({
					key,
					digest: known.digest,
					namespace: str(row.datname),
					calls: num(row.calls) ?? 0,
					durationMs: num(row.total_ms) ?? 0,
					maxDurationMs: num(row.max_ms),
					rowsReturned: num(row.rows),
					// The view is read whole each poll: a key not read before appeared since.
					isNew: !firstRead
				});
			}
			const startUs = prevTotalsUs;
			const deltas = emitDigests(ctx, state.digests, counters, POSTGRES_OWN_DIGESTS);
			prevTotalsUs = ctx.timeUs;
			state.statementsOk = true;
			state.queriesRate =
				startUs === undefined || ctx.timeUs <= startUs
					? undefined
					: deltas.reduce((n, d) => n + d.calls, 0) / ((ctx.timeUs - startUs) / 1e6);
			for (const d of deltas) {
				if (POSTGRES_OWN_DIGESTS.has(d.digest) || ctx.samples.hasLiteral(d.digest)) continue;
				const raw = state.texts.get(d.keys[0]);
				if (raw) ctx.samples.offer(d.digest, raw.text, d.namespace);
			}
		}
	};
}

function activitySource(state: PostgresState): PollSource {
	return {
		name: 'sessions',
		async run(ctx) {
			const rows = await ctx.query(POSTGRES_SQL.activity, [COLLECTOR_APPLICATION_NAME]);
			const r = ctx.records;
			const slowMs = ctx.target.options.slowMs;
			const sessions: SessionInfo[] = [];
			const transactions: OpenTransaction[] = [];
			const edges: LockWait[] = [];
			const running = new Set<string>();
			let active = 0;
			const queryByPid = new Map<string, string>();
			for (const row of rows) {
				const pid = str(row.pid) ?? '';
				const state_ = str(row.state) ?? '';
				const query = str(row.query);
				if (query) queryByPid.set(pid, query);
				if (state_ === 'active') active++;
				const xactMs = num(row.xact_ms);
				if (xactMs !== undefined) {
					transactions.push({
						id: `${pid}/${str(row.xact_start_us)}`,
						sessionId: pid,
						ageMs: xactMs,
						user: str(row.usename),
						query
					});
				}
				const blockedBy = Array.isArray(row.blocked_by) ? row.blocked_by.map(String) : [];
				for (const blocker of blockedBy) edges.push({ waitingId: pid, blockingId: blocker, waitMs: num(row.state_ms) });
				if (state_ === 'idle' && xactMs === undefined) continue;
				const elapsedMs = state_ === 'active' ? (num(row.query_ms) ?? 0) : (num(row.state_ms) ?? 0);
				const waitType = str(row.wait_event_type);
				sessions.push({
					id: pid,
					user: str(row.usename),
					namespace: str(row.datname),
					state: state_ || 'unknown',
					...(waitType ? { waitEvent: `${waitType}: ${str(row.wait_event) ?? ''}` } : {}),
					elapsedMs,
					...(xactMs !== undefined ? { transactionAgeMs: xactMs } : {}),
					...(query ? { query } : {}),
					blockedBy
				});
				if (query && (state_ === 'active' || state_.startsWith('idle in transaction'))) {
					ctx.samples.offer(sqlDigest(query), query, str(row.datname));
				}
				if (state_ === 'active' && query && elapsedMs >= slowMs) {
					const key = `${pid}/${str(row.query_start_us)}`;
					running.add(key);
					if (!state.reportedSlow.has(key)) {
						state.reportedSlow.add(key);
						emitSlowStatement(ctx, {
							timeUs: ctx.timeUs,
							text: query,
							namespace: str(row.datname),
							body: { durationMs: elapsedMs, phase: 'running', source: 'activity', sessionId: pid, user: str(row.usename) }
						});
					}
				}
			}
			for (const key of state.reportedSlow) if (!running.has(key)) state.reportedSlow.delete(key);
			r.gauge(DbMetric.connections, rows.length);
			r.gauge(DbMetric.threadsRunning, active);
			if (edges.length > 0) {
				const locks = new Map<string, { locktype?: string; mode?: string; relation?: string }>();
				for (const l of await ctx.query(POSTGRES_SQL.locks)) {
					locks.set(str(l.pid) ?? '', { locktype: str(l.locktype), mode: str(l.mode), relation: str(l.relation) });
				}
				for (const e of edges) {
					const lock = locks.get(e.waitingId);
					e.lockType = lock?.locktype;
					e.lockMode = lock?.mode;
					e.table = lock?.relation;
					e.waitingQuery = queryByPid.get(e.waitingId);
					e.blockingQuery = queryByPid.get(e.blockingId);
				}
			}
			emitSessions(ctx, state.sessions, { sessions, waits: edges, transactions });
		}
	};
}

function tablesSource(target: DbTarget): PollSource {
	return {
		name: 'tables',
		everyMs: target.options.tableSizeEveryMs,
		async run(ctx) {
			const r = ctx.records;
			const [dbRow] = await ctx.query(POSTGRES_SQL.currentDatabase);
			const namespace = str(dbRow?.db) ?? '';
			for (const row of await ctx.query(POSTGRES_SQL.tables)) {
				const schema = str(row.nspname) ?? '';
				const table = str(row.relname) ?? '';
				const attrs = { [DbAttr.namespace]: namespace, [DbAttr.collection]: schema === 'public' ? table : `${schema}.${table}` };
				r.gauge(DbMetric.tableSize, num(row.total), attrs);
				r.gauge(DbMetric.tableIndexSize, num(row.idx), attrs);
				// reltuples is -1 for a table never analysed: unknown, not negative.
				const rows = num(row.reltuples);
				r.gauge(DbMetric.tableRows, rows !== undefined && rows >= 0 ? rows : undefined, attrs);
			}
			for (const row of await ctx.query(POSTGRES_SQL.databaseSizes)) {
				r.gauge(DbMetric.databaseSize, num(row.size), { [DbAttr.namespace]: str(row.datname) ?? '' });
			}
		}
	};
}

export function createPostgresSources(target: DbTarget): PollSource[] {
	const state: PostgresState = {
		statementsOk: false,
		variables: {},
		digests: newDigestState(),
		texts: new Map(),
		reportedSlow: new Set(),
		sessions: { reportedLongTransactions: new Set() }
	};
	// Statements before status: queries per second come from this poll's statement deltas.
	return [settingsSource(state), statementsSource(state), databaseSource(state), activitySource(state), tablesSource(target)];
}
