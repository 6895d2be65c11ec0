/**
 * PostgreSQL driver: connection handling and EXPLAIN. What is polled lives in
 * postgres-sources.ts. The collector's role needs `pg_monitor` (statistics of every
 * session and statement, all settings); pg_stat_statements must be in
 * shared_preload_libraries and created (`CREATE EXTENSION pg_stat_statements`) in the
 * database the DSN names.
 */
import pg from 'pg';
import { dollarParamCount } from '../../domain/db/statement';
import type { DbTarget } from './config';
import { createPostgresSources } from './postgres-sources';
import type { DbDriver, ExplainRequest, ExplainResult, Row, SqlSession } from './poll';

export const COLLECTOR_APPLICATION_NAME = 'meridian-collector';

/** SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash). */
const CONNECTION_SQLSTATE = /^(08|57P0[1-3])/;
const CONNECTION_ERROR_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN',
	'28P01',
	'28000',
	'3D000'
]);

export function isPostgresConnectionError(error: unknown): boolean {
	const e = error as { code?: unknown; message?: unknown };
	if (typeof e?.code === 'string' && (CONNECTION_SQLSTATE.test(e.code) || CONNECTION_ERROR_CODES.has(e.code))) return true;
	const message = typeof e?.message === 'string' ? e.message : '';
	return /Connection terminated|not queryable|timeout exceeded when trying to connect|Query read timeout/i.test(message);
}

export async function openPostgres(target: DbTarget, database?: string): Promise<SqlSession> {
	const timeoutMs = target.options.queryTimeoutMs;
	const client = new pg.Client({
		host: target.host,
		port: target.port,
		user: target.credentials.user,
		password: target.credentials.password,
		database: database ?? target.namespace ?? 'postgres',
		application_name: COLLECTOR_APPLICATION_NAME,
		connectionTimeoutMillis: timeoutMs,
		statement_timeout: timeoutMs,
		query_timeout: timeoutMs + 1_000,
		ssl: target.options.ssl ? { rejectUnauthorized: true } : undefined
	});
	let broken = false;
	// Without a listener a dropped connection would be an uncaught 'error' event.
	client.on('error', () => {
		broken = true;
	});
	client.on('end', () => {
		broken = true;
	});
	try {
		await client.connect();
	} catch (error) {
		await client.end().catch(() => {});
		throw error;
	}
	const query = async (sql: string, params?: unknown[]): Promise<Row[]> => {
		const result = await client.query(sql, params as unknown[] | undefined);
		return result.rows as Row[];
	};
	let serverVersion = '';
	try {
		const [row] = await query('SHOW server_version_num');
		serverVersion = String(row?.server_version_num ?? '');
	} catch (error) {
		await client.end().catch(() => {});
		throw error;
	}
	return {
		query,
		close: () => client.end().catch(() => {}),
		get broken() {
			return broken;
		},
		serverVersion
	};
}

/**
 * A literal sample is planned as is. A text with `$n` placeholders is prepared and planned
 * with `plan_cache_mode = force_generic_plan`, so the planner never sees parameter values
 * (the NULLs passed to EXECUTE are not used for planning).
 */
async function explainPostgres(target: DbTarget, request: ExplainRequest): Promise<ExplainResult> {
	const session = await openPostgres(target, request.namespace);
	try {
		await session.query('BEGIN READ ONLY');
		let rows: Row[];
		const params = request.generic ? dollarParamCount(request.statement) : 0;
		if (params > 0) {
			await session.query('SET LOCAL plan_cache_mode = force_generic_plan');
			await session.query(`PREPARE meridian_explain AS ${request.statement}`);
			const nulls = Array.from({ length: params }, () => 'NULL').join(', ');
			rows = await session.query(`EXPLAIN (FORMAT JSON) EXECUTE meridian_explain(${nulls})`);
		} else {
			rows = await session.query(`EXPLAIN (FORMAT JSON) ${request.statement}`);
		}
		await session.query('ROLLBACK');
		const plan = rows[0]?.['QUERY PLAN'];
		return { plan: typeof plan === 'string' ? JSON.parse(plan) : plan, statement: request.statement, generic: params > 0 };
	} finally {
		await session.close();
	}
}

export const postgresDriver: DbDriver = {
	connect: openPostgres,
	isConnectionError: isPostgresConnectionError,
	createSources: createPostgresSources,
	explain: explainPostgres
};
