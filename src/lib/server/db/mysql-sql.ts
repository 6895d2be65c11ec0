/**
 * The statements the MySQL / MariaDB collector runs. performance_schema timers are
 * picoseconds since the timer origin (server start); they are converted in SQL (`DIV 1000000`
 * to µs, `/ 1e9` to ms) so no value passes 2^53 in JS.
 */
import { sqlDigest } from '../../domain/db/digest';

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
