/**
 * MySQL / MariaDB driver: connection handling and EXPLAIN. What is polled lives in
 * mysql-sources.ts. Privileges the collector needs (see test/integration/db/README.md):
 * `GRANT PROCESS, SELECT ON *.* TO 'meridian'@'host'` (or SELECT on performance_schema.*,
 * mysql.slow_log and the application schemas for EXPLAIN).
 */
import mysql from 'mysql2';
import type { DbTarget } from './config';
import { createMysqlSources } from './mysql-sources';
import { SourceUnavailable, type DbDriver, type ExplainRequest, type ExplainResult, type Row, type SqlSession } from './poll';

const CONNECTION_ERROR_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN',
	'PROTOCOL_CONNECTION_LOST',
	'PROTOCOL_SEQUENCE_TIMEOUT',
	'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
	'PROTOCOL_ENQUEUE_AFTER_QUIT',
	'ER_SERVER_SHUTDOWN',
	'ER_CON_COUNT_ERROR',
	'ER_ACCESS_DENIED_ERROR',
	'ER_BAD_DB_ERROR'
]);

export function isMysqlConnectionError(error: unknown): boolean {
	const e = error as { code?: unknown; fatal?: unknown };
	return e?.fatal === true || (typeof e?.code === 'string' && CONNECTION_ERROR_CODES.has(e.code));
}

export async function openMysql(target: DbTarget, database?: string): Promise<SqlSession> {
	const timeoutMs = target.options.queryTimeoutMs;
	const conn = mysql.createConnection({
		host: target.host,
		port: target.port,
		user: target.credentials.user,
		password: target.credentials.password,
		database: database ?? target.namespace,
		connectTimeout: timeoutMs,
		supportBigNumbers: true,
		bigNumberStrings: true,
		dateStrings: true,
		charset: 'utf8mb4',
		multipleStatements: false,
		ssl: target.options.ssl ? {} : undefined
	});
	let broken = false;
	// Without a listener a dropped connection would be an uncaught 'error' event.
	conn.on('error', () => {
		broken = true;
	});
	const query = (sql: string, params?: unknown[]): Promise<Row[]> =>
		new Promise((resolve, reject) => {
			conn.query({ sql, values: params, timeout: timeoutMs }, (error, rows) => {
				if (error) {
					if ((error as { fatal?: boolean }).fatal) broken = true;
					reject(error);
				} else resolve(Array.isArray(rows) ? (rows as Row[]) : []);
			});
		});
	const close = () =>
		new Promise<void>((resolve) => {
			const timer = setTimeout(() => {
				conn.destroy();
				resolve();
			}, 1_000);
			conn.end(() => {
				clearTimeout(timer);
				resolve();
			});
		});
	let serverVersion: string;
	try {
		const [row] = await query('SELECT VERSION() AS version');
		serverVersion = String(row?.version ?? '');
	} catch (error) {
		conn.destroy();
		throw error;
	}
	return {
		query,
		close,
		get broken() {
			return broken;
		},
		serverVersion
	};
}

async function explainMysql(target: DbTarget, request: ExplainRequest): Promise<ExplainResult> {
	if (request.generic) {
		throw new SourceUnavailable(
			'No sample with literal values has been captured for this statement yet; MySQL cannot plan a text with placeholders.',
			'A sample is captured when the statement appears in performance_schema.events_statements_history_long (enable that consumer and events_statements_current) or runs while the session list is read.'
		);
	}
	const session = await openMysql(target, request.namespace);
	try {
		// MySQL refuses EXPLAIN of a write inside a READ ONLY transaction. EXPLAIN never runs the
		// statement; the transaction is rolled back all the same.
		const read = /^\s*(\/\*[\s\S]*?\*\/\s*)*(select|with|values|table)\b/i.test(request.statement);
		await session.query(read ? 'START TRANSACTION READ ONLY' : 'START TRANSACTION');
		let plan: unknown;
		try {
			const [row] = await session.query(`EXPLAIN FORMAT=JSON ${request.statement}`);
			const text = Object.values(row ?? {})[0];
			plan = typeof text === 'string' ? JSON.parse(text) : text;
		} catch (error) {
			// Older servers and some statement kinds have no JSON plan: the tabular one still helps.
			if ((error as { code?: string }).code !== 'ER_PARSE_ERROR' && (error as { code?: string }).code !== 'ER_NOT_SUPPORTED_YET') throw error;
			plan = { rows: await session.query(`EXPLAIN ${request.statement}`) };
		}
		await session.query('ROLLBACK');
		return { plan, statement: request.statement, generic: false };
	} finally {
		await session.close();
	}
}

export const mysqlDriver: DbDriver = {
	connect: openMysql,
	isConnectionError: isMysqlConnectionError,
	createSources: createMysqlSources,
	explain: explainMysql
};
