/**
 * Simulated database telemetry in the names of src/lib/server/db/README.md
 * (src/lib/domain/db/names.ts): one resource per database, server gauges and rates, statement
 * digest deltas, and slow-statement / sessions / blocking / variables events as log records.
 */
import { DbAttr, DbEvent, DbMetric, DbSeverity, MAX_DIGEST_TEXT_CHARS, MAX_SAMPLE_TEXT_CHARS, type BlockingBody, type SessionsBody, type SlowStatementBody, type VariableChangeBody, type VariablesBody } from '../domain/db/names';
import { buildBlockingTree } from '../domain/db/blocking';
import type { OtlpLogRecord, OtlpMetric, Resource } from '../domain/otlp/types';
import { CLOUD, type DatabaseDef } from './catalogue';
import { unixNano } from './clock';
import type { DbServer, ExecutionSample } from './db-server';
import { gaugeMetric, jsonToAnyValue, sumMetric, toKeyValues, type SimAttrs, type SimPoint } from './otlp';
import type { Prng } from './prng';
import { TABLE_SIZES } from './db-tables';

export const DB_LABELS: Record<DatabaseDef['id'], string> = {
	'deposits-db': 'deposits-mysql',
	'products-db': 'products-mysql',
	'lending-db': 'lending-postgresql',
	'auth-db': 'auth-postgresql',
	'core-db': 'core-postgresql'
};

export function dbResource(def: DatabaseDef): Resource {
	const rds = def.address.endsWith('.rds.amazonaws.com');
	return {
		attributes: toKeyValues({
			'service.name': DB_LABELS[def.id],
			'service.instance.id': `${def.address}:${def.port}`,
			'db.system': def.system,
			'db.namespace': def.namespace,
			'server.address': def.address,
			'server.port': def.port,
			'cloud.provider': rds ? CLOUD.provider : undefined,
			'cloud.region': rds ? CLOUD.region : undefined,
			'cloud.platform': rds ? 'aws_rds' : undefined
		})
	};
}

export interface DbPoll {
	nowMs: number;
	sinceMs: number;
	/** Client connections open to the server (pools × instances + admin sessions). */
	connections: number;
	/** Server start on the caller's clock (uptime). */
	serverStartMs: number;
	/** Table sizes are polled every 5 minutes. */
	includeSizes: boolean;
	variables: Record<string, string>;
	variableSnapshot?: 'connect' | 'periodic';
	variableChanges: VariableChangeBody[];
	prng: Prng;
}

export interface DbPollOutput {
	metrics: OtlpMetric[];
	logs: OtlpLogRecord[];
}

function log(system: string, eventName: string, severity: number, timeMs: number, attrs: SimAttrs, body: unknown): OtlpLogRecord {
	return {
		timeUnixNano: unixNano(timeMs),
		observedTimeUnixNano: unixNano(timeMs),
		severityNumber: severity,
		severityText: severity >= DbSeverity.error ? 'ERROR' : severity >= DbSeverity.warn ? 'WARN' : 'INFO',
		eventName,
		body: jsonToAnyValue(body),
		attributes: toKeyValues({ [DbAttr.system]: system, ...attrs })
	};
}

function sessionOf(s: ExecutionSample, mysql: boolean, namespace: string, blockedBy: string[] = []) {
	return {
		id: s.sessionId,
		user: s.user,
		namespace,
		state: blockedBy.length > 0 ? (mysql ? 'Query: updating' : 'active') : mysql ? 'Query: executing' : 'active',
		waitEvent: blockedBy.length > 0 ? (mysql ? 'wait/lock/table/sql/handler' : 'Lock:transactionid') : undefined,
		elapsedMs: Math.round(s.durationMs),
		transactionAgeMs: Math.round(s.durationMs * 1.5),
		query: s.text.slice(0, MAX_DIGEST_TEXT_CHARS),
		blockedBy
	};
}

export function pollDatabase(server: DbServer, p: DbPoll): DbPollOutput {
	const def = server.def;
	const mysql = def.system === 'mysql';
	const intervalS = Math.max(0.001, (p.nowMs - p.sinceMs) / 1000);
	const digests = server.takeIntervalView();
	const sys = { [DbAttr.system]: def.system };
	const g = (value: number, attrs: SimAttrs = {}): SimPoint => ({ attrs: { ...sys, ...attrs }, value, timeMs: p.nowMs });
	const calls = digests.reduce((n, d) => n + d.interval.calls, 0);
	const rowsExamined = digests.reduce((n, d) => n + d.interval.rowsExamined, 0);
	const rowsReturned = digests.reduce((n, d) => n + d.interval.rowsReturned, 0);
	const errors = digests.reduce((n, d) => n + d.interval.errors, 0);
	const transactions = server.writes * 0.6 + errors;
	const readRequests = rowsExamined * 4 + calls * 10;
	const diskReads = (rowsExamined - server.scanRows) * 4 * 0.0015 + server.scanRows * 4 * 0.02 + p.prng.range(0, 3);
	const running = Math.max(1, Math.round(server.busyMs / (intervalS * 1000) + p.prng.range(0, 1.5)));
	const lockWaiting = Math.round(server.lockWaitMs / (intervalS * 1000));
	const longestMs = server.recent.reduce((m, s) => Math.max(m, s.durationMs), 0);

	const metrics: OtlpMetric[] = [
		gaugeMetric(DbMetric.up, '1', [g(1)]),
		gaugeMetric(DbMetric.uptime, 's', [g(Math.round((p.nowMs - p.serverStartMs) / 1000))]),
		gaugeMetric(DbMetric.queriesRate, '{query}/s', [g((calls + transactions) / intervalS)]),
		gaugeMetric(DbMetric.transactionsRate, '{transaction}/s', [g(transactions / intervalS)]),
		gaugeMetric(DbMetric.rollbacksRate, '{transaction}/s', [g(errors / intervalS)]),
		gaugeMetric(DbMetric.threadsRunning, '{thread}', [g(running)]),
		gaugeMetric(DbMetric.connections, '{connection}', [g(p.connections)]),
		gaugeMetric(DbMetric.connectionsMax, '{connection}', [g(Number(p.variables.max_connections))]),
		gaugeMetric(DbMetric.bufferPoolHitRatio, '1', [g(readRequests > 0 ? Math.max(0, 1 - diskReads / readRequests) : 1)]),
		gaugeMetric(DbMetric.lockWaiting, '{session}', [g(lockWaiting)]),
		gaugeMetric(DbMetric.transactionsActive, '{transaction}', [g(Math.max(0, running - 1 + lockWaiting))]),
		gaugeMetric(DbMetric.transactionsOldestAge, 's', [g(longestMs / 1000)])
	];
	const status: [string, number][] = mysql
		? [['Com_select', digests.filter((d) => d.summary.startsWith('SELECT')).reduce((n, d) => n + d.interval.calls, 0)], ['Com_insert', digests.filter((d) => d.summary.startsWith('INSERT')).reduce((n, d) => n + d.interval.calls, 0)], ['Com_update', digests.filter((d) => d.summary.startsWith('UPDATE')).reduce((n, d) => n + d.interval.calls, 0)], ['Innodb_rows_read', rowsExamined], ['Handler_read_rnd_next', server.scanRows], ['Select_scan', digests.reduce((n, d) => n + d.interval.noIndex, 0)], ['Bytes_sent', rowsReturned * 120 + calls * 60], ['Innodb_buffer_pool_read_requests', readRequests], ['Innodb_buffer_pool_reads', diskReads]]
		: [['tup_returned', rowsExamined], ['tup_fetched', rowsReturned], ['tup_inserted', digests.filter((d) => d.summary.startsWith('INSERT')).reduce((n, d) => n + d.interval.calls, 0)], ['tup_updated', digests.filter((d) => d.summary.startsWith('UPDATE')).reduce((n, d) => n + d.interval.calls, 0)], ['blks_hit', readRequests - diskReads], ['blks_read', diskReads]];
	metrics.push(gaugeMetric(DbMetric.statusRate, '{event}/s', status.map(([name, v]) => g(v / intervalS, { [DbAttr.statusName]: name }))));
	if (mysql) {
		metrics.push(
			gaugeMetric(DbMetric.slowQueriesRate, '{query}/s', [g(server.slowQueries / intervalS)]),
			gaugeMetric(DbMetric.rowLockWaitsRate, '{wait}/s', [g(server.lockWaits / intervalS)]),
			gaugeMetric(DbMetric.rowLockTimeRate, 'ms/s', [g(server.lockWaitMs / intervalS)])
		);
	} else {
		metrics.push(gaugeMetric(DbMetric.deadlocksRate, '{deadlock}/s', [g(errors / intervalS)]));
	}
	if (p.includeSizes) metrics.push(...sizeMetrics(server, g));
	metrics.push(...statementMetrics(server, digests, p));

	const logs: OtlpLogRecord[] = [];
	for (const s of server.slow) {
		const body: SlowStatementBody = mysql
			? { durationMs: s.durationMs, phase: 'finished', source: 'statement_history', sessionId: s.sessionId, user: s.user, rowsExamined: s.rowsExamined, rowsReturned: s.rowsReturned, errors: s.error ? 1 : 0, noIndexUsed: s.noIndexUsed }
			: { durationMs: s.durationMs, phase: 'running', source: 'activity', sessionId: s.sessionId, user: s.user };
		logs.push(log(def.system, DbEvent.slowStatement, DbSeverity.warn, s.endMs, {
			[DbAttr.digest]: s.digest,
			[DbAttr.summary]: s.summary,
			[DbAttr.text]: s.text.slice(0, MAX_SAMPLE_TEXT_CHARS),
			[DbAttr.namespace]: def.namespace,
			[DbAttr.durationMs]: s.durationMs
		}, body));
	}
	const waiting = new Map(server.locks.map((l) => [l.waiting.sessionId, l]));
	const active = server.recent.filter((s) => s.endMs > p.nowMs - 2_000 && !waiting.has(s.sessionId)).slice(-10);
	const sessions: SessionsBody = {
		sessions: [...active.map((s) => sessionOf(s, mysql, def.namespace)), ...[...waiting.values()].slice(0, 10).map((l) => sessionOf(l.waiting, mysql, def.namespace, [l.blockingSessionId]))]
			.sort((a, b) => b.elapsedMs - a.elapsedMs),
		omitted: Math.max(0, waiting.size - 10)
	};
	logs.push(log(def.system, DbEvent.sessions, DbSeverity.info, p.nowMs, {}, sessions));
	if (server.locks.length > 0) {
		const body: BlockingBody = {
			tree: buildBlockingTree(server.locks.map((l) => ({ waitingId: l.waiting.sessionId, blockingId: l.blockingSessionId }))),
			waits: server.locks.map((l) => ({ waitingId: l.waiting.sessionId, blockingId: l.blockingSessionId, waitMs: Math.round(l.waitMs), lockType: mysql ? 'RECORD' : 'transactionid', lockMode: 'X', table: l.table, waitingQuery: l.waiting.text, blockingQuery: l.blockingQuery }))
		};
		logs.push(log(def.system, DbEvent.blocking, DbSeverity.warn, p.nowMs, { [DbAttr.blockedSessions]: server.locks.length }, body));
	}
	if (p.variableSnapshot) {
		const body: VariablesBody = { variables: { ...p.variables }, reason: p.variableSnapshot };
		logs.push(log(def.system, DbEvent.variables, DbSeverity.info, p.nowMs, {}, body));
	}
	for (const change of p.variableChanges) {
		logs.push(log(def.system, DbEvent.variableChange, DbSeverity.info, p.nowMs, { [DbAttr.variableName]: change.name }, change));
	}
	server.endInterval();
	return { metrics, logs };
}

function statementMetrics(server: DbServer, digests: ReturnType<DbServer['takeIntervalView']>, p: DbPoll): OtlpMetric[] {
	const mysql = server.def.system === 'mysql';
	const top = [...digests].sort((a, b) => b.interval.durationMs - a.interval.durationMs).slice(0, 200);
	const point = (d: (typeof top)[number], value: number, withText = false): SimPoint => ({
		attrs: {
			[DbAttr.system]: server.def.system,
			[DbAttr.digest]: d.digest,
			[DbAttr.summary]: d.summary,
			[DbAttr.namespace]: server.def.namespace,
			[DbAttr.nativeId]: d.nativeId,
			[DbAttr.text]: withText ? d.text.slice(0, MAX_DIGEST_TEXT_CHARS) : undefined
		},
		value,
		timeMs: p.nowMs,
		startMs: p.sinceMs
	});
	const delta = { monotonic: true, temporality: 1 as const };
	const out = [
		sumMetric(DbMetric.statementCalls, '{call}', top.map((d) => point(d, d.interval.calls, true)), { ...delta, integer: true }),
		sumMetric(DbMetric.statementDuration, 'ms', top.map((d) => point(d, d.interval.durationMs)), delta),
		sumMetric(DbMetric.statementRowsReturned, '{row}', top.map((d) => point(d, d.interval.rowsReturned)), { ...delta, integer: true }),
		gaugeMetric(DbMetric.statementDurationMax, 'ms', top.map((d) => ({ ...point(d, d.maxMs), startMs: undefined })))
	];
	if (mysql) {
		out.push(
			sumMetric(DbMetric.statementRowsExamined, '{row}', top.map((d) => point(d, d.interval.rowsExamined)), { ...delta, integer: true }),
			sumMetric(DbMetric.statementErrors, '{error}', top.map((d) => point(d, d.interval.errors)), { ...delta, integer: true }),
			sumMetric(DbMetric.statementNoIndex, '{call}', top.map((d) => point(d, d.interval.noIndex)), { ...delta, integer: true })
		);
	}
	return out;
}

function sizeMetrics(server: DbServer, g: (value: number, attrs?: SimAttrs) => SimPoint): OtlpMetric[] {
	const tables = TABLE_SIZES[server.def.id];
	const ns = { [DbAttr.namespace]: server.def.namespace };
	const rows = tables.map((t) => ({ ...t, rows: t.rows + (server.insertedRows.get(t.table) ?? 0) }));
	const bytes = (t: (typeof rows)[number]) => t.rows * t.rowBytes;
	return [
		gaugeMetric(DbMetric.databaseSize, 'By', [g(rows.reduce((n, t) => n + bytes(t) * 1.35, 0), ns)]),
		gaugeMetric(DbMetric.tableSize, 'By', rows.map((t) => g(Math.round(bytes(t) * 1.35), { ...ns, [DbAttr.collection]: t.table }))),
		gaugeMetric(DbMetric.tableIndexSize, 'By', rows.map((t) => g(Math.round(bytes(t) * 0.35), { ...ns, [DbAttr.collection]: t.table }))),
		gaugeMetric(DbMetric.tableRows, '{row}', rows.map((t) => g(t.rows, { ...ns, [DbAttr.collection]: t.table })))
	];
}
