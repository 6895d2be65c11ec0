/**
 * Slow statements on MySQL / MariaDB, from the statement history (performance_schema
 * events_statements_history_long) or else the slow log table, plus literal samples of the
 * digests that ran without one (for EXPLAIN).
 */
import { emitSlowStatement, num, str } from './emit';
import type { MysqlState } from './mysql-sources';
import { MYSQL_SQL } from './mysql-sql';
import { SourceUnavailable, type PollContext, type PollSource } from './poll';

export function slowSource(state: MysqlState): PollSource {
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
