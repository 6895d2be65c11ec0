/**
 * Database collector overhead: the statements one poll runs and their time, against the same
 * throwaway MariaDB and PostgreSQL servers the integration tests use, with 100 distinct
 * statements and an open transaction between polls. Baseline, measured right after each poll
 * on a second connection with the collector's credentials: as many `SELECT 1` round trips as
 * the poll ran statements. The ratio says how much more the poll's statements cost than the
 * bare round trips, and survives a busy machine better than absolute times.
 *
 * Standalone: `npx tsx test/bench/db.bench.ts`; in the suite: `npm run bench -- db`.
 * Needs mariadb-server, postgresql and postgresql-contrib (test/integration/db/provision.sh).
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import { pathToFileURL } from 'node:url';
import { DbCollector } from '../../src/lib/server/db/collector';
import { parseDbTarget } from '../../src/lib/server/db/config';
import { mysqlDriver } from '../../src/lib/server/db/mysql';
import { postgresDriver } from '../../src/lib/server/db/postgres';
import type { DbDriver } from '../../src/lib/server/db/poll';
import { startMariaDb, startPostgres, type DbServer } from '../integration/db/servers';
import { printResults } from './median-timing';
import type { BenchResult } from './types';

const POLLS = 10;
const DISTINCT_STATEMENTS = 100;
const ROWS = 10_000;

interface Load {
	run(sql: string): Promise<unknown>;
	close(): Promise<void>;
}

async function measure(name: string, server: DbServer, driver: DbDriver, load: Load): Promise<BenchResult[]> {
	const collector = new DbCollector({
		target: parseDbTarget(server.collectorDsn, { label: name, pollMs: 60_000 }, true),
		driver,
		sink: () => {}
	});
	try {
		// First poll: connect, variables snapshot, table sizes, digest baseline.
		await collector.pollNow();
		const first = collector.status().lastPoll!;
		const queries: number[] = [];
		const queryMs: number[] = [];
		const pollMs: number[] = [];
		const roundTripsMs: number[] = [];
		const cpuMs: number[] = [];
		const probe = await driver.connect(collector.target);
		for (let p = 0; p < POLLS; p++) {
			for (let k = 0; k < DISTINCT_STATEMENTS; k++) await load.run(`SELECT id AS c${k}, balance FROM accounts WHERE id = ${(p * 131 + k * 17) % ROWS + 1}`);
			const cpu0 = process.cpuUsage();
			await collector.pollNow();
			const cpu = process.cpuUsage(cpu0);
			cpuMs.push((cpu.user + cpu.system) / 1000);
			const last = collector.status().lastPoll!;
			queries.push(last.queries);
			queryMs.push(last.queryDurationMs);
			pollMs.push(last.pollDurationMs);
			const t0 = performance.now();
			for (let q = 0; q < last.queries; q++) await probe.query('SELECT 1');
			roundTripsMs.push(performance.now() - t0);
		}
		await probe.close();
		const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
		const steadyQueryMs = median(queryMs);
		const roundTripMs = median(roundTripsMs);
		return [
			{ name: `${name}: statements per poll (steady)`, value: median(queries), unit: 'statements', better: 'lower' },
			{ name: `${name}: statements in the first poll`, value: first.queries, unit: 'statements', better: 'lower' },
			{
				name: `${name}: statement time per poll (steady, median of ${POLLS})`,
				value: steadyQueryMs,
				unit: 'ms',
				baseline: roundTripMs,
				baselineName: 'as many SELECT 1 round trips',
				ratio: steadyQueryMs / roundTripMs,
				better: 'lower'
			},
			{ name: `${name}: poll wall time (steady, median of ${POLLS})`, value: median(pollMs), unit: 'ms', better: 'lower' },
			{
				name: `${name}: relay process CPU per poll (driver parsing + records)`,
				value: median(cpuMs),
				unit: 'ms',
				better: 'lower',
				note: 'whole process; at the default 10 s period this is value / 100 percent of one core'
			},
			{ name: `${name}: first poll wall time`, value: first.pollDurationMs, unit: 'ms', better: 'lower' }
		];
	} finally {
		await collector.stop();
	}
}

export async function run(): Promise<BenchResult[]> {
	const results: BenchResult[] = [];
	const maria = await startMariaDb();
	try {
		const app = await mysql.createConnection(maria.appDsn);
		await app.query('CREATE TABLE accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL)');
		await app.query(`INSERT INTO accounts SELECT seq, seq * 10 FROM seq_1_to_${ROWS}`);
		// An open transaction holding a lock, so the session and transaction reads have work.
		const holder = await mysql.createConnection(maria.appDsn);
		await holder.query('BEGIN');
		await holder.query('UPDATE accounts SET balance = balance + 1 WHERE id = 1');
		results.push(...(await measure('mariadb', maria, mysqlDriver, { run: (sql) => app.query(sql), close: () => app.end() })));
		await holder.query('ROLLBACK');
		await holder.end();
		await app.end();
	} finally {
		await maria.stop();
	}
	const postgres = await startPostgres();
	try {
		const app = new pg.Client({ connectionString: postgres.appDsn });
		await app.connect();
		await app.query('CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)');
		await app.query(`INSERT INTO accounts SELECT n, n * 10 FROM generate_series(1, ${ROWS}) n`);
		const holder = new pg.Client({ connectionString: postgres.appDsn });
		await holder.connect();
		await holder.query('BEGIN');
		await holder.query('UPDATE accounts SET balance = balance + 1 WHERE id = 1');
		results.push(...(await measure('postgresql', postgres, postgresDriver, { run: (sql) => app.query(sql), close: () => app.end() })));
		await holder.query('ROLLBACK');
		await holder.end();
		await app.end();
	} finally {
		await postgres.stop();
	}
	return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printResults(await run());
