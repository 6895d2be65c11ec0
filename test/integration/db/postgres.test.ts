/**
 * The PostgreSQL collector against a real, throwaway PostgreSQL server (pg_stat_statements
 * preloaded): schema, load with a deliberately slow statement and a lock wait, then the
 * records the collector produced. Fails (never skips) when PostgreSQL is not installed.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlDigest } from '../../../src/lib/domain/db/digest';
import { DbEvent, DbMetric } from '../../../src/lib/domain/db/names';
import { DbCollector } from '../../../src/lib/server/db/collector';
import { parseDbTarget } from '../../../src/lib/server/db/config';
import { createDbHandlers } from '../../../src/lib/server/db/index';
import { postgresDriver } from '../../../src/lib/server/db/postgres';
import { POSTGRES_OWN_DIGESTS } from '../../../src/lib/server/db/postgres-sources';
import { RecordingSink, waitUntil } from './helpers';
import { COLLECTOR_PASSWORD, startPostgres, type DbServer } from './servers';

const ACCOUNT_ROWS = 20_000;
const POINT_SELECTS = 40;

let server: DbServer;
let app: pg.Client;
const sink = new RecordingSink();
let collector: DbCollector;

async function connectApp(): Promise<pg.Client> {
	const client = new pg.Client({ connectionString: server.appDsn });
	// The server is killed on purpose in the last test: the application's connections drop too.
	client.on('error', () => {});
	await client.connect();
	return client;
}

async function backendPid(client: pg.Client): Promise<string> {
	const { rows } = await client.query('SELECT pg_backend_pid() AS pid');
	return String(rows[0].pid);
}

beforeAll(async () => {
	server = await startPostgres();
	app = await connectApp();
	await app.query('CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance bigint NOT NULL, note text)');
	await app.query(
		`INSERT INTO accounts SELECT n, 'owner-' || n, n * 10, 'note ' || n FROM generate_series(1, ${ACCOUNT_ROWS}) AS n`
	);
	await app.query('ANALYZE accounts');
	collector = new DbCollector({
		target: parseDbTarget(server.collectorDsn, { label: 'bank-postgres', pollMs: 60_000, slowMs: 400 }, true),
		driver: postgresDriver,
		sink: sink.append
	});
	await collector.pollNow();
});

afterAll(async () => {
	await collector?.stop();
	await app?.end().catch(() => {});
	await server?.stop();
});

describe('PostgreSQL collector', () => {
	it('connects and reports the database up, without credentials in any record', () => {
		const batch = sink.last;
		expect(batch.resources[0]).toMatchObject({ service: 'bank-postgres', instance: `127.0.0.1:${server.port}` });
		expect(batch.resources[0].attrs).toMatchObject({ 'db.system': 'postgresql', 'db.namespace': 'bank' });
		expect(sink.points(DbMetric.up).at(-1)?.value).toBe(1);
		expect(JSON.stringify(sink.batches)).not.toContain(COLLECTOR_PASSWORD);
		expect(sink.events(DbEvent.variables)[0].parsed.variables.shared_preload_libraries).toBe('pg_stat_statements');
		expect(collector.status().sources.every((s) => s.ok)).toBe(true);
	});

	it('reports pg_stat_statements deltas, database rates and the collector overhead', async () => {
		const from = sink.batches.length;
		for (let i = 1; i <= POINT_SELECTS; i++) await app.query(`SELECT * FROM accounts WHERE id = ${i * 37}`);
		for (let i = 1; i <= 3; i++) await app.query('SELECT * FROM accounts WHERE id = $1', [i]);
		for (let i = 0; i < 3; i++) await app.query(`SELECT count(*) FROM accounts WHERE note LIKE '%${i}99%'`);
		await collector.pollNow();

		// Literal and parameterised spellings are one statement for pg_stat_statements and for the digest.
		const point = sqlDigest('SELECT * FROM accounts WHERE id = 1');
		const calls = sink.points(DbMetric.statementCalls, { 'db.query.digest': point }, from);
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({ value: POINT_SELECTS + 3, type: 'sum', temporality: 'delta' });
		expect(calls[0].attrs).toMatchObject({
			'db.query.summary': 'SELECT accounts',
			'db.namespace': 'bank',
			'db.query.text': 'SELECT * FROM accounts WHERE id = ?'
		});
		expect(calls[0].attrs['db.query.native_id']).toMatch(/^-?\d+$/);
		const scan = sqlDigest("SELECT count(*) FROM accounts WHERE note LIKE 'x'");
		expect(sink.points(DbMetric.statementCalls, { 'db.query.digest': scan }, from)[0].value).toBe(3);
		expect(sink.points(DbMetric.statementRowsReturned, { 'db.query.digest': scan }, from)[0].value).toBe(3);
		expect(sink.points(DbMetric.statementDuration, { 'db.query.digest': scan }, from)[0].value).toBeGreaterThan(0);

		const digests = sink.points(DbMetric.statementCalls, {}, from).map((p) => String(p.attrs['db.query.digest']));
		expect(digests.filter((d) => POSTGRES_OWN_DIGESTS.has(d))).toEqual([]);

		// Queries per second: every statement counted by pg_stat_statements in the interval.
		const [rate] = sink.points(DbMetric.queriesRate, {}, from);
		const prevTimeUs = sink.points(DbMetric.up).at(-2)!.timeUs;
		const statements = (rate.value! * (rate.timeUs - prevTimeUs)) / 1e6;
		expect(statements).toBeGreaterThanOrEqual(POINT_SELECTS + 6 - 0.5);
		expect(sink.points(DbMetric.connections, {}, from)[0].value).toBeGreaterThanOrEqual(1);

		// pg_stat_database lags: backends flush their counters at most once a second, idle ones
		// within 10 s. Polls continue until every transaction above has been counted once.
		const transactionsSince = () => {
			const ups = sink.points(DbMetric.up);
			return sink.points(DbMetric.transactionsRate, {}, from).reduce((n, p) => {
				const prev = ups.filter((u) => u.timeUs < p.timeUs).at(-1)!;
				return n + (p.value! * (p.timeUs - prev.timeUs)) / 1e6;
			}, 0);
		};
		const counted = await waitUntil('the transactions in pg_stat_database', async () => {
			if (transactionsSince() >= POINT_SELECTS + 6 - 0.5) return transactionsSince();
			await new Promise((r) => setTimeout(r, 500));
			await collector.pollNow();
			return false;
		});
		expect(counted).toBeGreaterThanOrEqual(POINT_SELECTS + 6 - 0.5);
		const hits = sink.points(DbMetric.bufferPoolHitRatio, {}, from).map((p) => p.value!);
		expect(hits.length).toBeGreaterThan(0);
		for (const hit of hits) {
			expect(hit).toBeGreaterThanOrEqual(0);
			expect(hit).toBeLessThanOrEqual(1);
		}
		const tuples = sink.points(DbMetric.statusRate, { 'db.status.name': 'tup_returned' }, from);
		expect(tuples.some((p) => p.value! > 0)).toBe(true);

		const queries = sink.points(DbMetric.collectorQueries, {}, from).at(-1)!;
		expect(queries.value).toBe(collector.status().lastPoll?.queries);
		expect(queries.value).toBeGreaterThanOrEqual(4);
	});

	it('reports a slow statement while it runs, once, and its time in the digest afterwards', async () => {
		const sleeper = await connectApp();
		const sleeperPid = await backendPid(sleeper);
		try {
			const running = sleeper.query('SELECT pg_sleep(1.5), count(*) FROM accounts');
			await waitUntil('the sleep to pass the slow threshold', async () =>
				(
					await server.adminQuery(
						"SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(1.5)%' AND now() - query_start > interval '600 ms'"
					)
				).length > 0
			);
			const from = sink.batches.length;
			await collector.pollNow();
			const slow = sink.events(DbEvent.slowStatement, from);
			expect(slow).toHaveLength(1);
			expect(slow[0].attrs).toMatchObject({
				'db.query.text': 'SELECT pg_sleep(1.5), count(*) FROM accounts',
				'db.query.digest': sqlDigest('SELECT pg_sleep($1), count(*) FROM accounts'),
				'db.namespace': 'bank'
			});
			expect(slow[0].parsed).toMatchObject({ phase: 'running', source: 'activity', sessionId: sleeperPid, user: 'app' });
			expect(slow[0].parsed.durationMs).toBeGreaterThanOrEqual(600);
			// Still running at the next poll: not reported again.
			await collector.pollNow();
			expect(sink.events(DbEvent.slowStatement, from)).toHaveLength(1);
			await running;
		} finally {
			await sleeper.end();
		}
		const from = sink.batches.length;
		await collector.pollNow();
		const digest = sqlDigest('SELECT pg_sleep(1.5), count(*) FROM accounts');
		expect(sink.points(DbMetric.statementDurationMax, { 'db.query.digest': digest }, from)[0].value).toBeGreaterThanOrEqual(1_500);
	});

	it('shows who blocks whom during a row-lock wait, with the lock', async () => {
		const holder = await connectApp();
		const waiter = await connectApp();
		const holderId = await backendPid(holder);
		const waiterId = await backendPid(waiter);
		try {
			await holder.query('BEGIN');
			await holder.query('UPDATE accounts SET balance = balance + 1 WHERE id = 7');
			const waiting = waiter.query('UPDATE accounts SET balance = balance - 1 WHERE id = 7');
			await waitUntil('the second update to wait on the row lock', async () =>
				(await server.adminQuery("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'")).length > 0
			);
			const from = sink.batches.length;
			await collector.pollNow();
			const [blocking] = sink.events(DbEvent.blocking, from);
			expect(blocking.parsed.tree).toEqual([{ id: holderId, children: [{ id: waiterId, children: [] }] }]);
			expect(blocking.parsed.waits[0]).toMatchObject({
				waitingId: waiterId,
				blockingId: holderId,
				waitingQuery: 'UPDATE accounts SET balance = balance - 1 WHERE id = 7',
				blockingQuery: 'UPDATE accounts SET balance = balance + 1 WHERE id = 7',
				lockType: 'transactionid',
				lockMode: 'ShareLock'
			});
			expect(sink.points(DbMetric.lockWaiting, {}, from)[0].value).toBe(1);
			expect(sink.points(DbMetric.transactionsActive, {}, from)[0].value).toBe(2);
			const [sessions] = sink.events(DbEvent.sessions, from);
			const byId = new Map(sessions.parsed.sessions.map((s: { id: string }) => [s.id, s]));
			expect(byId.get(waiterId)).toMatchObject({ blockedBy: [holderId], state: 'active', waitEvent: 'Lock: transactionid' });
			expect(byId.get(holderId)).toMatchObject({ state: 'idle in transaction', blockedBy: [] });
			await holder.query('ROLLBACK');
			await waiting;
		} finally {
			await holder.end();
			await waiter.end();
		}
		const from = sink.batches.length;
		await collector.pollNow();
		expect(sink.events(DbEvent.blocking, from)).toEqual([]);
		expect(sink.points(DbMetric.lockWaiting, {}, from)[0].value).toBe(0);
	});

	it('records a setting change with before and after values', async () => {
		await server.adminQuery("ALTER SYSTEM SET work_mem = '8MB'");
		await server.adminQuery('SELECT pg_reload_conf()');
		const from = sink.batches.length;
		const change = await waitUntil('the reloaded setting', async () => {
			await collector.pollNow();
			return sink.events(DbEvent.variableChange, from).find((e) => e.parsed.name === 'work_mem');
		});
		expect(change.parsed).toEqual({ name: 'work_mem', before: '4MB', after: '8MB' });
		expect(change.attrs['db.variable.name']).toBe('work_mem');
	});

	it('explains a seen digest with a generic plan when only the parameterised text is known', async () => {
		const { explainHandler } = createDbHandlers([collector]);
		const digest = sqlDigest('SELECT * FROM accounts WHERE id = $1');
		const response = await explainHandler(
			new Request('http://relay/api/db/explain', { method: 'POST', body: JSON.stringify({ db: 'bank-postgres', digest }) })
		);
		const body = await response.json();
		expect(body.error).toBeUndefined();
		expect(response.status).toBe(200);
		expect(body.statement).toBe('SELECT * FROM accounts WHERE id = $1');
		expect(body.generic).toBe(true);
		const plan = JSON.stringify(body.plan);
		expect(plan).toContain('accounts_pkey');
		expect(plan).toContain('Index Scan');

		const slow = sqlDigest('SELECT pg_sleep(1.5), count(*) FROM accounts');
		const literal = await (await explainHandler(new Request(`http://relay/api/db/explain?digest=${slow}`))).json();
		expect(literal).toMatchObject({ db: 'bank-postgres', generic: false, statement: 'SELECT pg_sleep(1.5), count(*) FROM accounts' });
	});

	it('reports table and database sizes', () => {
		const size = sink.points(DbMetric.tableSize, { 'db.collection.name': 'accounts' });
		expect(size[0].attrs['db.namespace']).toBe('bank');
		expect(size[0].value).toBeGreaterThan(0);
		expect(sink.points(DbMetric.tableRows, { 'db.collection.name': 'accounts' })[0].value).toBe(ACCOUNT_ROWS);
		expect(sink.points(DbMetric.databaseSize, { 'db.namespace': 'bank' })[0].value).toBeGreaterThan(0);
	});

	it('reports a database killed mid-run, retries with backoff and recovers, without stopping', async () => {
		const liveSink = new RecordingSink();
		const live = new DbCollector({
			target: parseDbTarget(server.collectorDsn, { label: 'bank-postgres-live', pollMs: 300, backoffBaseMs: 200, backoffMaxMs: 800 }, true),
			driver: postgresDriver,
			sink: liveSink.append
		});
		live.start();
		try {
			await waitUntil('the first poll', () => liveSink.points(DbMetric.up).some((p) => p.value === 1));
			await server.kill();
			const down = await waitUntil('a down event', () => liveSink.events(DbEvent.availability).find((e) => e.parsed.state === 'down'));
			expect(down.parsed.error).not.toContain(COLLECTOR_PASSWORD);
			await waitUntil('three failed attempts', () => live.status().attempt >= 3);
			expect(live.status().state).toBe('down');
			expect(liveSink.events(DbEvent.availability).filter((e) => e.parsed.state === 'down')).toHaveLength(1);
			await server.restart();
			await waitUntil('an up event after the restart', () => liveSink.events(DbEvent.availability).filter((e) => e.parsed.state === 'up')[1]);
			const polled = liveSink.batches.length;
			await waitUntil('polls after recovery', () => liveSink.points(DbMetric.up, {}, polled).filter((p) => p.value === 1).length >= 2);
			expect(live.status()).toMatchObject({ state: 'up', attempt: 0 });
		} finally {
			await live.stop();
		}
	});
});
