/**
 * The collector loop with a scripted driver: what it reports when connections fail, sources
 * fail or the sink refuses a batch. The real drivers are exercised against real servers in
 * test/integration/db/.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../domain/db/backoff';
import { DbEvent, DbMetric } from '../../domain/db/names';
import type { DbRecords } from '../../domain/db/records';
import { DbCollector } from './collector';
import { parseDbTarget } from './config';
import { SourceUnavailable, type DbDriver, type PollSource, type SqlSession } from './poll';

class ScriptedDriver implements DbDriver {
	connectFailures: Error[] = [];
	sourceErrors: (Error | undefined)[] = [];
	connects = 0;
	closed = 0;
	explained: string[] = [];
	explainGate: Promise<void> = Promise.resolve();

	async connect(): Promise<SqlSession> {
		this.connects++;
		const failure = this.connectFailures.shift();
		if (failure) throw failure;
		return {
			query: async () => [{ x: 1 }],
			close: async () => {
				this.closed++;
			},
			broken: false,
			serverVersion: 'scripted'
		};
	}
	isConnectionError(error: unknown): boolean {
		return (error as { code?: string }).code === 'ECONNRESET';
	}
	createSources(): PollSource[] {
		return [
			{
				name: 'status',
				run: async (ctx) => {
					await ctx.query('SELECT 1');
					await ctx.query('SELECT 2');
					const error = this.sourceErrors.shift();
					if (error) throw error;
					ctx.records.gauge(DbMetric.threadsRunning, 3);
				}
			}
		];
	}
	explainError: Error | undefined;
	async explain(_target: unknown, request: { statement: string }) {
		this.explained.push(request.statement);
		await this.explainGate;
		if (this.explainError) throw this.explainError;
		return { plan: { node: 'Seq Scan' }, statement: request.statement, generic: false };
	}
}

const collectors: DbCollector[] = [];
afterEach(async () => {
	await Promise.all(collectors.splice(0).map((c) => c.stop()));
});

function setup(options: { sink?: (r: DbRecords) => void } = {}) {
	const driver = new ScriptedDriver();
	const batches: DbRecords[] = [];
	let now = 1_000_000;
	const collector = new DbCollector({
		target: parseDbTarget('postgres://u:topsecret@db.test:5432/bank?label=t&pollMs=60000&backoffBaseMs=1000&backoffMaxMs=8000'),
		driver,
		sink: options.sink ?? ((r) => batches.push(r)),
		nowMs: () => now,
		random: () => 0.5
	});
	collectors.push(collector);
	const events = (name: string) => batches.flatMap((b) => b.logs).filter((l) => l.eventName === name).map((l) => JSON.parse(l.body));
	const points = (name: string) => batches.flatMap((b) => b.metrics).filter((p) => p.name === name);
	return { driver, collector, batches, events, points, advance: (ms: number) => (now += ms), now: () => now };
}

describe('DbCollector', () => {
	it('reports one down event for an outage, retries with growing backoff, then one up event', async () => {
		const { driver, collector, events, points, now } = setup();
		driver.connectFailures = [1, 2, 3].map(() => Object.assign(new Error('connect ECONNREFUSED (password topsecret)'), { code: 'ECONNREFUSED' }));
		for (let attempt = 1; attempt <= 3; attempt++) {
			await collector.pollNow();
			expect(collector.status()).toMatchObject({ state: 'down', attempt });
			expect(collector.status().nextPollMs! - now()).toBe(backoffDelayMs(attempt, { baseMs: 1000, maxMs: 8000, random: () => 0.5 }));
		}
		const down = events(DbEvent.availability);
		expect(down).toEqual([{ state: 'down', error: 'connect ECONNREFUSED (password ***)', attempt: 1, retryInMs: 750 }]);
		expect(points(DbMetric.up).map((p) => p.value)).toEqual([0, 0, 0]);
		await collector.pollNow();
		expect(events(DbEvent.availability).at(-1)).toEqual({ state: 'up', attempt: 3 });
		expect(collector.status()).toMatchObject({ state: 'up', attempt: 0, polls: 4, failedPolls: 3 });
		expect(collector.status().nextPollMs! - now()).toBe(60_000);
		expect(points(DbMetric.up).at(-1)?.value).toBe(1);
	});

	it('reports a failing source once per distinct failure and keeps polling the rest', async () => {
		const { driver, collector, events, points } = setup();
		const hint = 'CREATE EXTENSION pg_stat_statements';
		driver.sourceErrors = [
			new SourceUnavailable('pg_stat_statements is missing', hint),
			new SourceUnavailable('pg_stat_statements is missing', hint),
			new Error('permission denied'),
			undefined
		];
		for (let i = 0; i < 4; i++) await collector.pollNow();
		expect(events(DbEvent.collectorError)).toEqual([
			{ source: 'status', message: 'pg_stat_statements is missing', hint },
			{ source: 'status', message: 'permission denied' }
		]);
		expect(points(DbMetric.collectorErrors).map((p) => p.value)).toEqual([1, 1, 1, 0]);
		expect(points(DbMetric.threadsRunning)).toHaveLength(1);
		expect(collector.status().sources).toEqual([{ name: 'status', ok: true }]);
		expect(collector.status().state).toBe('up');
		expect(driver.connects).toBe(1);
	});

	it('treats a connection error inside a source as an outage and reconnects', async () => {
		const { driver, collector, events } = setup();
		driver.sourceErrors = [undefined, Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })];
		await collector.pollNow();
		await collector.pollNow();
		expect(collector.status().state).toBe('down');
		expect(driver.closed).toBe(1);
		await collector.pollNow();
		expect(driver.connects).toBe(2);
		expect(events(DbEvent.availability).map((e) => e.state)).toEqual(['up', 'down', 'up']);
	});

	it('counts its own queries and their time per poll', async () => {
		const { collector, points } = setup();
		await collector.pollNow();
		expect(points(DbMetric.collectorQueries)[0].value).toBe(2);
		expect(points(DbMetric.collectorDuration)[0].value).toBeGreaterThanOrEqual(0);
		expect(collector.status().lastPoll?.queries).toBe(2);
	});

	it('drops and counts a batch the sink refuses, and carries on', async () => {
		let refuse = true;
		const accepted: DbRecords[] = [];
		const { collector } = setup({
			sink: (r) => {
				if (refuse) throw new Error('replay log full');
				accepted.push(r);
			}
		});
		await collector.pollNow();
		refuse = false;
		await collector.pollNow();
		expect(collector.status().droppedBatches).toBe(1);
		expect(collector.status().recentErrors.map((e) => e.message)).toEqual(['batch dropped: replay log full']);
		expect(accepted).toHaveLength(1);
	});

	it('explains only digests it has seen, only data statements, a bounded number at once', async () => {
		const { driver, collector } = setup();
		expect((await collector.explain('0123456789abcdef')).status).toBe(404);
		collector.samples.offer('aaaaaaaaaaaaaaaa', 'DROP TABLE accounts');
		expect(await collector.explain('aaaaaaaaaaaaaaaa')).toMatchObject({ status: 422 });
		collector.samples.offer('bbbbbbbbbbbbbbbb', 'SELECT * FROM accounts WHERE id = 5', 'bank');
		let release!: () => void;
		driver.explainGate = new Promise((r) => (release = r));
		const first = collector.explain('bbbbbbbbbbbbbbbb');
		const second = collector.explain('bbbbbbbbbbbbbbbb');
		expect((await collector.explain('bbbbbbbbbbbbbbbb')).status).toBe(429);
		release();
		expect(await first).toMatchObject({ status: 200, body: { namespace: 'bank', plan: { node: 'Seq Scan' }, generic: false } });
		expect((await second).status).toBe(200);
		expect(driver.explained).toEqual(['SELECT * FROM accounts WHERE id = 5', 'SELECT * FROM accounts WHERE id = 5']);
	});

	it('answers 403 with a hint when the account lacks the statement\'s privilege', async () => {
		const { driver, collector } = setup();
		collector.samples.offer('cccccccccccccccc', 'UPDATE accounts SET balance = 0 WHERE id = 1');
		driver.explainError = Object.assign(new Error('permission denied for table accounts'), { code: '42501' });
		const outcome = await collector.explain('cccccccccccccccc');
		expect(outcome.status).toBe(403);
		expect(outcome.body).toMatchObject({ error: 'permission denied for table accounts', hint: expect.stringContaining('privileges') });
	});

	it('stops: no poll after stop, the session closed', async () => {
		const { driver, collector } = setup();
		await collector.pollNow();
		await collector.stop();
		await collector.pollNow();
		expect(collector.status()).toMatchObject({ state: 'stopped', polls: 1 });
		expect(collector.status().nextPollMs).toBeUndefined();
		expect(driver.closed).toBe(1);
	});
});
