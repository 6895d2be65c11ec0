/**
 * The MySQL/MariaDB collector against a real, throwaway MariaDB server: schema, load with a
 * deliberately slow statement and a lock wait, then the records the collector produced.
 * Fails (never skips) when MariaDB is not installed; the message says how to install it.
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlDigest } from '../../../src/lib/domain/db/digest';
import { DbEvent, DbMetric } from '../../../src/lib/domain/db/names';
import { DbCollector } from '../../../src/lib/server/db/collector';
import { parseDbTarget } from '../../../src/lib/server/db/config';
import { createDbHandlers } from '../../../src/lib/server/db/index';
import { mysqlDriver } from '../../../src/lib/server/db/mysql';
import { MYSQL_OWN_DIGESTS } from '../../../src/lib/server/db/mysql-sources';
import { RecordingSink, waitUntil } from './helpers';
import { COLLECTOR_PASSWORD, startMariaDb, type DbServer } from './servers';

const ACCOUNT_ROWS = 20_000;
const POINT_SELECTS = 40;

let server: DbServer;
let app: mysql.Connection;
const sink = new RecordingSink();
let collector: DbCollector;

beforeAll(async () => {
	server = await startMariaDb();
	app = await mysql.createConnection(server.appDsn);
	await app.query('CREATE TABLE accounts (id INT PRIMARY KEY, owner VARCHAR(40) NOT NULL, balance BIGINT NOT NULL, note VARCHAR(100))');
	// MariaDB's sequence engine generates the rows server-side in one statement.
	await app.query(
		`INSERT INTO accounts (id, owner, balance, note)
		 SELECT seq, CONCAT('owner-', seq), seq * 10, CONCAT('note ', seq) FROM seq_1_to_${ACCOUNT_ROWS}`
	);
	collector = new DbCollector({
		target: parseDbTarget(server.collectorDsn, { label: 'bank-mariadb', pollMs: 60_000, slowMs: 500 }, true),
		driver: mysqlDriver,
		sink: sink.append
	});
	// The first poll is the baseline: counters and digests as they stand before the load.
	await collector.pollNow();
});

afterAll(async () => {
	await collector?.stop();
	await app?.end().catch(() => {});
	await server?.stop();
});

describe('MariaDB collector', () => {
	it('connects and reports the database up, without credentials in any record', () => {
		const batch = sink.last;
		expect(batch.resources[0]).toMatchObject({ service: 'bank-mariadb', instance: `127.0.0.1:${server.port}` });
		expect(batch.resources[0].attrs['db.system']).toBe('mariadb');
		expect(sink.points(DbMetric.up).at(-1)?.value).toBe(1);
		expect(sink.events(DbEvent.availability)[0].parsed.state).toBe('up');
		expect(JSON.stringify(sink.batches)).not.toContain(COLLECTOR_PASSWORD);
		expect(sink.events(DbEvent.variables)[0].parsed.variables.performance_schema).toBe('ON');
	});

	it('reports statement digests, status rates and the collector overhead as deltas of the load', async () => {
		const from = sink.batches.length;
		for (let i = 1; i <= POINT_SELECTS; i++) await app.query(`SELECT * FROM accounts WHERE id = ${i * 37}`);
		for (let i = 0; i < 3; i++) await app.query(`SELECT COUNT(*) FROM accounts WHERE note LIKE '%${i}99%'`);
		await expect(app.query('SELECT * FROM no_such_table WHERE id = 1')).rejects.toThrow();
		await collector.pollNow();

		const point = sqlDigest('SELECT * FROM accounts WHERE id = 1');
		const calls = sink.points(DbMetric.statementCalls, { 'db.query.digest': point }, from);
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({ value: POINT_SELECTS, type: 'sum', temporality: 'delta' });
		expect(calls[0].attrs).toMatchObject({
			'db.query.summary': 'SELECT accounts',
			'db.namespace': 'bank',
			'db.query.text': 'SELECT * FROM accounts WHERE id = ?'
		});
		expect(calls[0].startUs).toBeLessThan(calls[0].timeUs);
		expect(sink.points(DbMetric.statementDuration, { 'db.query.digest': point }, from)[0].value).toBeGreaterThan(0);

		const scan = sqlDigest("SELECT COUNT(*) FROM accounts WHERE note LIKE 'x'");
		expect(sink.points(DbMetric.statementCalls, { 'db.query.digest': scan }, from)[0].value).toBe(3);
		expect(sink.points(DbMetric.statementRowsExamined, { 'db.query.digest': scan }, from)[0].value).toBeGreaterThanOrEqual(3 * ACCOUNT_ROWS);
		expect(sink.points(DbMetric.statementNoIndex, { 'db.query.digest': scan }, from)[0].value).toBe(3);
		const failing = sqlDigest('SELECT * FROM no_such_table WHERE id = 1');
		expect(sink.points(DbMetric.statementErrors, { 'db.query.digest': failing }, from)[0].value).toBe(1);

		// The collector's own statements are overhead, not top SQL.
		const digests = sink.points(DbMetric.statementCalls, {}, from).map((p) => String(p.attrs['db.query.digest']));
		expect(digests.filter((d) => MYSQL_OWN_DIGESTS.has(d))).toEqual([]);

		// Questions grew by at least the statements sent above, within the interval between the polls.
		const [rate] = sink.points(DbMetric.queriesRate, {}, from);
		const prevTimeUs = sink.points(DbMetric.up).at(-2)!.timeUs;
		const questions = (rate.value! * (rate.timeUs - prevTimeUs)) / 1e6;
		const ownQueries = sink.points(DbMetric.collectorQueries).slice(-2).reduce((n, p) => n + p.value!, 0);
		expect(questions).toBeGreaterThanOrEqual(POINT_SELECTS + 4 - 0.5);
		// Upper bound: the collector's own statements and a few the client library sends.
		expect(questions).toBeLessThanOrEqual(POINT_SELECTS + 4 + ownQueries + 10);
		expect(sink.points(DbMetric.connections, {}, from)[0].value).toBeGreaterThanOrEqual(2);
		const hit = sink.points(DbMetric.bufferPoolHitRatio, {}, from)[0].value!;
		expect(hit).toBeGreaterThan(0);
		expect(hit).toBeLessThanOrEqual(1);
		expect(sink.points(DbMetric.statusRate, { 'db.status.name': 'Com_select' }, from)[0].value).toBeGreaterThan(0);

		const [queries] = sink.points(DbMetric.collectorQueries, {}, from);
		expect(queries.value).toBeGreaterThanOrEqual(6);
		expect(queries.value).toBe(collector.status().lastPoll?.queries);
		expect(sink.points(DbMetric.collectorDuration, {}, from)[0].value).toBeGreaterThan(0);
	});

	it('reports a slow statement with its sample text, duration and digest', async () => {
		const from = sink.batches.length;
		const before = Date.now();
		await app.query('SELECT SLEEP(1.2), COUNT(*) FROM accounts');
		const after = Date.now();
		await collector.pollNow();
		const slow = sink.events(DbEvent.slowStatement, from);
		expect(slow).toHaveLength(1);
		expect(slow[0].attrs).toMatchObject({
			'db.query.text': 'SELECT SLEEP(1.2), COUNT(*) FROM accounts',
			'db.query.digest': sqlDigest('SELECT SLEEP(?), COUNT(*) FROM accounts'),
			'db.query.summary': 'SELECT accounts',
			'db.namespace': 'bank'
		});
		expect(slow[0].parsed).toMatchObject({ phase: 'finished', source: 'statement_history' });
		expect(slow[0].parsed.durationMs).toBeGreaterThanOrEqual(1_200);
		expect(slow[0].parsed.rowsExamined).toBeGreaterThanOrEqual(ACCOUNT_ROWS);
		// The statement ended between `before` and `after` (±1 s for the server timer's anchoring).
		expect(slow[0].timeUs / 1000).toBeGreaterThan(before - 1_000);
		expect(slow[0].timeUs / 1000).toBeLessThan(after + 1_000);
		// Fast statements of the same poll are not slow.
		await collector.pollNow();
		expect(sink.events(DbEvent.slowStatement, from)).toHaveLength(1);
	});

	it('shows who blocks whom during a row-lock wait', async () => {
		const holder = await mysql.createConnection(server.appDsn);
		const waiter = await mysql.createConnection(server.appDsn);
		try {
			await holder.query('BEGIN');
			await holder.query('UPDATE accounts SET balance = balance + 1 WHERE id = 7');
			const waiting = waiter.query('UPDATE accounts SET balance = balance - 1 WHERE id = 7');
			await waitUntil('the second update to wait on the row lock', async () =>
				(await server.adminQuery("SELECT 1 FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'")).length > 0
			);
			const from = sink.batches.length;
			await collector.pollNow();
			const holderId = String(holder.threadId);
			const waiterId = String(waiter.threadId);

			const [blocking] = sink.events(DbEvent.blocking, from);
			expect(blocking.attrs['db.server.blocked_sessions']).toBe(1);
			expect(blocking.parsed.tree).toEqual([{ id: holderId, children: [{ id: waiterId, children: [] }] }]);
			expect(blocking.parsed.waits[0]).toMatchObject({
				waitingId: waiterId,
				blockingId: holderId,
				waitingQuery: 'UPDATE accounts SET balance = balance - 1 WHERE id = 7'
			});
			expect(blocking.parsed.waits[0].table).toContain('accounts');
			expect(sink.points(DbMetric.lockWaiting, {}, from)[0].value).toBe(1);
			expect(sink.points(DbMetric.transactionsActive, {}, from)[0].value).toBe(2);

			const [sessions] = sink.events(DbEvent.sessions, from);
			const byId = new Map(sessions.parsed.sessions.map((s: { id: string }) => [s.id, s]));
			expect(byId.get(waiterId)).toMatchObject({ blockedBy: [holderId], query: 'UPDATE accounts SET balance = balance - 1 WHERE id = 7' });
			expect((byId.get(holderId) as { transactionAgeMs: number }).transactionAgeMs).toBeGreaterThan(0);

			await holder.query('ROLLBACK');
			await waiting;
		} finally {
			await holder.end();
			await waiter.end();
		}
		// InnoDB's information_schema lock tables are a cache refreshed at most every 100 ms.
		await waitUntil('the lock wait to clear', async () =>
			(await server.adminQuery("SELECT 1 FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'")).length === 0
		);
		await new Promise((r) => setTimeout(r, 150));
		const from = sink.batches.length;
		await collector.pollNow();
		expect(sink.events(DbEvent.blocking, from)).toEqual([]);
		expect(sink.points(DbMetric.lockWaiting, {}, from)[0].value).toBe(0);
		expect(sink.points(DbMetric.rowLockWaitsRate, {}, from)[0].value).toBeGreaterThanOrEqual(0);
	});

	it('records a variable change with before and after values', async () => {
		const from = sink.batches.length;
		await server.adminQuery('SET GLOBAL max_connections = 77');
		await collector.pollNow();
		const changes = sink.events(DbEvent.variableChange, from).map((e) => e.parsed);
		expect(changes).toEqual([{ name: 'max_connections', before: '60', after: '77' }]);
		expect(sink.points(DbMetric.connectionsMax, {}, from)[0].value).toBe(77);
	});

	it('explains a seen digest through the HTTP handler, and only seen digests', async () => {
		const handlers = createDbHandlers([collector]);
		const digest = sqlDigest('SELECT * FROM accounts WHERE id = 1');
		const ok = await handlers.explainHandler(new Request(`http://relay/api/db/explain?db=bank-mariadb&digest=${digest}`));
		const body = await ok.json();
		expect(ok.status).toBe(200);
		expect(body).toMatchObject({ db: 'bank-mariadb', digest, generic: false });
		expect(body.statement).toMatch(/^SELECT \* FROM accounts WHERE id = \d+$/);
		expect(JSON.stringify(body.plan)).toContain('accounts');

		// The waiting UPDATE of the lock test was sampled from the session list. Planning it needs
		// the UPDATE privilege, which the collector's account lacks: a 403 that says so.
		const update = sqlDigest('UPDATE accounts SET balance = balance - 1 WHERE id = 7');
		const refused = await handlers.explainHandler(new Request(`http://relay/api/db/explain?digest=${update}`));
		expect(refused.status).toBe(403);
		expect((await refused.json()).hint).toContain('privileges');
		await server.adminQuery("GRANT UPDATE ON bank.* TO 'meridian'@'127.0.0.1'");
		const planned = await handlers.explainHandler(new Request(`http://relay/api/db/explain?digest=${update}`));
		const plannedBody = await planned.json();
		expect(plannedBody.error).toBeUndefined();
		expect(plannedBody).toMatchObject({ db: 'bank-mariadb', generic: false, statement: 'UPDATE accounts SET balance = balance - 1 WHERE id = 7' });
		expect(planned.status).toBe(200);
		// Planned, not run: the balance is what the lock test left (70 + 1 rolled back - 1 applied).
		const [row] = await server.adminQuery('SELECT balance FROM accounts WHERE id = 7');
		expect(Number(row.balance)).toBe(69);

		const unseen = await handlers.explainHandler(new Request(`http://relay/api/db/explain?db=bank-mariadb&digest=${sqlDigest('SELECT 42 FROM nowhere')}`));
		expect(unseen.status).toBe(404);
		const bad = await handlers.explainHandler(new Request('http://relay/api/db/explain?db=bank-mariadb&digest=DROP%20TABLE'));
		expect(bad.status).toBe(400);
		const status = await (await handlers.statusHandler(new Request('http://relay/api/db/status'))).json();
		expect(status.databases[0]).toMatchObject({ label: 'bank-mariadb', state: 'up', system: 'mariadb' });
		expect(JSON.stringify(status)).not.toContain(COLLECTOR_PASSWORD);
	});

	it('reports table sizes of the application schema', () => {
		const size = sink.points(DbMetric.tableSize, { 'db.collection.name': 'accounts' });
		expect(size[0].attrs['db.namespace']).toBe('bank');
		expect(size[0].value).toBeGreaterThan(0);
		expect(sink.points(DbMetric.databaseSize, { 'db.namespace': 'bank' })[0].value).toBeGreaterThan(0);
	});

	it('falls back to the slow log table, and says how to fix it when there is no slow-statement source', async () => {
		await server.adminQuery("UPDATE performance_schema.setup_consumers SET ENABLED = 'NO' WHERE NAME = 'events_statements_history_long'");
		const fallbackSink = new RecordingSink();
		const fallback = new DbCollector({
			target: parseDbTarget(server.collectorDsn, { label: 'bank-mariadb-slowlog', pollMs: 60_000, slowMs: 500 }, true),
			driver: mysqlDriver,
			sink: fallbackSink.append
		});
		try {
			await fallback.pollNow();
			const [error] = fallbackSink.events(DbEvent.collectorError);
			expect(error.attrs['meridian.db.source']).toBe('slow');
			expect(error.parsed.hint).toContain('events-statements-history-long');
			expect(fallback.status().sources.find((s) => s.name === 'slow')).toMatchObject({ ok: false });

			await server.adminQuery("SET GLOBAL slow_query_log = ON, log_output = 'TABLE', long_query_time = 0.4");
			await fallback.pollNow();
			// A new connection sees the new global long_query_time.
			const slowApp = await mysql.createConnection(server.appDsn);
			await slowApp.query('SELECT SLEEP(0.7) AS slept');
			await slowApp.end();
			const from = fallbackSink.batches.length;
			await fallback.pollNow();
			const [slow] = fallbackSink.events(DbEvent.slowStatement, from);
			expect(slow.attrs['db.query.text']).toBe('SELECT SLEEP(0.7) AS slept');
			expect(slow.attrs['db.namespace']).toBe('bank');
			expect(slow.parsed).toMatchObject({ phase: 'finished', source: 'slow_log' });
			expect(slow.parsed.durationMs).toBeGreaterThanOrEqual(700);
			expect(fallback.status().sources.find((s) => s.name === 'slow')).toEqual({ name: 'slow', ok: true });
		} finally {
			await fallback.stop();
		}
	});

	it('reports a database killed mid-run, retries with backoff and recovers, without stopping', async () => {
		const liveSink = new RecordingSink();
		const live = new DbCollector({
			target: parseDbTarget(server.collectorDsn, { label: 'bank-mariadb-live', pollMs: 300, backoffBaseMs: 200, backoffMaxMs: 800 }, true),
			driver: mysqlDriver,
			sink: liveSink.append
		});
		live.start();
		try {
			await waitUntil('the first poll', () => liveSink.points(DbMetric.up).some((p) => p.value === 1));
			await server.kill();
			const down = await waitUntil('a down event', () => liveSink.events(DbEvent.availability).find((e) => e.parsed.state === 'down'));
			expect(down.severity).toBe(17);
			expect(down.parsed.error).toBeTruthy();
			expect(down.parsed.error).not.toContain(COLLECTOR_PASSWORD);
			// Several retries while it is down, each reported as up = 0; a single down event.
			await waitUntil('three failed attempts', () => live.status().attempt >= 3);
			expect(live.status().state).toBe('down');
			expect(liveSink.points(DbMetric.up).filter((p) => p.value === 0).length).toBeGreaterThanOrEqual(3);
			expect(liveSink.events(DbEvent.availability).filter((e) => e.parsed.state === 'down')).toHaveLength(1);

			await server.restart();
			const upAgain = await waitUntil('an up event after the restart', () =>
				liveSink.events(DbEvent.availability).filter((e) => e.parsed.state === 'up')[1]
			);
			expect(upAgain.parsed.attempt).toBeGreaterThanOrEqual(3);
			const polled = liveSink.batches.length;
			await waitUntil('polls after recovery', () => liveSink.points(DbMetric.up, {}, polled).filter((p) => p.value === 1).length >= 2);
			expect(live.status()).toMatchObject({ state: 'up', attempt: 0 });
		} finally {
			await live.stop();
		}
	});
});
