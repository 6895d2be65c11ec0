/**
 * The bank's five database servers and their "collector": polled every metric interval,
 * table sizes every 5 minutes, a variables snapshot at the first poll and every scenario
 * hour. Variable history: lending-db's autovacuum_vacuum_cost_limit alternates 200 ↔ 400 at
 * 03:00 KST every scenario day (a nightly maintenance job), so the history view has entries.
 */
import type { VariableChangeBody } from '../domain/db/names';
import type { Resource } from '../domain/otlp/types';
import { DATABASES, type DatabaseId } from './catalogue';
import { DAY_MS, HOUR_MS, scenarioMsAt, type ScenarioClock } from './clock';
import { DbServer } from './db-server';
import { dbResource, pollDatabase } from './db-telemetry';
import { KST_OFFSET_MS } from './load';
import type { OutputBuffer } from './output';
import { Prng } from './prng';
import type { StatementExecution } from './trace';

const SIZES_EVERY_MS = 300_000;
/** An ALTER on a 1.2 M-row table with an online algorithm. */
const ADMIN_STATEMENT_MS = 850;

const MYSQL_VARIABLES: Record<string, string> = {
	max_connections: '2000',
	innodb_buffer_pool_size: '25769803776',
	innodb_lock_wait_timeout: '50',
	long_query_time: '0.500000',
	slow_query_log: 'ON',
	performance_schema: 'ON',
	max_digest_length: '1024',
	transaction_isolation: 'REPEATABLE-READ',
	version: '8.0.39'
};

const PG_VARIABLES: Record<string, string> = {
	max_connections: '500',
	shared_buffers: '4GB',
	work_mem: '16MB',
	random_page_cost: '1.1',
	autovacuum_vacuum_cost_limit: '200',
	log_min_duration_statement: '1000',
	'pg_stat_statements.max': '5000',
	track_activity_query_size: '4096',
	server_version: '16.4'
};

interface PollState {
	server: DbServer;
	resource: Resource;
	lastPollMs: number;
	lastSizesMs: number;
	hourIndex: number;
	maintenanceIndex: number;
	variables: Record<string, string>;
	first: boolean;
}

function maintenanceIndex(scenarioMs: number): number {
	return Math.floor((scenarioMs + KST_OFFSET_MS - 3 * HOUR_MS) / DAY_MS);
}

export class Databases {
	private readonly states = new Map<DatabaseId, PollState>();
	private readonly prng: Prng;
	private readonly serverStartMs: number;

	constructor(
		private readonly clock: ScenarioClock,
		seed: number
	) {
		this.prng = new Prng(seed, 'databases');
		this.serverStartMs = clock.startMs - (20 + this.prng.int(40)) * DAY_MS;
		const s0 = clock.scenarioStartMs;
		for (const def of DATABASES) {
			const variables = { ...(def.system === 'mysql' ? MYSQL_VARIABLES : PG_VARIABLES) };
			if (def.system === 'postgresql') variables.server_version = def.version;
			else variables.version = def.version;
			if (def.id === 'lending-db') variables.autovacuum_vacuum_cost_limit = maintenanceIndex(s0) % 2 === 0 ? '200' : '400';
			this.states.set(def.id, {
				server: new DbServer(def),
				resource: dbResource(def),
				lastPollMs: clock.startMs,
				lastSizesMs: -Infinity,
				hourIndex: Math.floor(s0 / HOUR_MS),
				maintenanceIndex: maintenanceIndex(s0),
				variables,
				first: true
			});
		}
	}

	record(execution: StatementExecution): void {
		const user = `svc_${execution.caller.def.name.replace(/-/g, '_')}`;
		this.states.get(execution.statement.db)?.server.record(execution, user);
	}

	admin(db: DatabaseId, sql: string, atMs: number): void {
		this.states.get(db)?.server.recordAdmin(sql, atMs, ADMIN_STATEMENT_MS);
	}

	/** A poll of every database at `nowMs`; `connections(db)` counts open client connections. */
	poll(nowMs: number, connections: (db: DatabaseId) => number, out: OutputBuffer): void {
		const scenarioMs = scenarioMsAt(this.clock, nowMs);
		for (const [id, st] of this.states) {
			const hour = Math.floor(scenarioMs / HOUR_MS);
			const snapshot = st.first ? 'connect' : hour !== st.hourIndex ? 'periodic' : undefined;
			st.hourIndex = hour;
			const changes: VariableChangeBody[] = [];
			const mi = maintenanceIndex(scenarioMs);
			if (id === 'lending-db' && mi !== st.maintenanceIndex) {
				const before = st.variables.autovacuum_vacuum_cost_limit;
				const after = mi % 2 === 0 ? '200' : '400';
				if (before !== after) {
					st.variables.autovacuum_vacuum_cost_limit = after;
					changes.push({ name: 'autovacuum_vacuum_cost_limit', before, after });
				}
			}
			st.maintenanceIndex = mi;
			const includeSizes = nowMs - st.lastSizesMs >= SIZES_EVERY_MS;
			if (includeSizes) st.lastSizesMs = nowMs;
			const { metrics, logs } = pollDatabase(st.server, {
				nowMs,
				sinceMs: st.lastPollMs,
				connections: connections(id),
				serverStartMs: this.serverStartMs,
				includeSizes,
				variables: st.variables,
				variableSnapshot: snapshot,
				variableChanges: changes,
				prng: this.prng
			});
			st.first = false;
			st.lastPollMs = nowMs;
			out.addMetrics(st.resource, [{ scope: { name: 'meridian.db.collector' }, metrics }]);
			for (const record of logs) out.addLog(`db:${id}`, st.resource, 'meridian.db.collector', record);
		}
	}

	/** After a gap with no telemetry: the next poll covers only the time since `nowMs`. */
	skipTo(nowMs: number): void {
		for (const st of this.states.values()) {
			st.lastPollMs = nowMs;
			st.server.endInterval();
		}
	}
}
