import { describe, expect, it } from 'vitest';
import { sqlDigest } from '../../domain/db/digest';
import { DbEvent, DbMetric } from '../../domain/db/names';
import { DbRecordBuilder, dbResource } from '../../domain/db/records';
import { parseDbTarget } from './config';
import { digestOf, emitDigests, emitSessions, emitVariables, newDigestState, type OpenTransaction } from './emit';
import type { PollContext } from './poll';
import { SampleStore } from './samples';

const target = parseDbTarget('mysql://u@h/bank?longTransactionMs=60000&maxDigestsPerPoll=2');

function context(timeUs: number, afterConnect = false): PollContext {
	return {
		query: async () => [],
		session: { query: async () => [], close: async () => {}, broken: false, serverVersion: '' },
		records: new DbRecordBuilder(dbResource(target), 'mysql', timeUs),
		target,
		timeUs,
		prevPollUs: undefined,
		afterConnect,
		samples: new SampleStore()
	};
}

const events = (ctx: PollContext, name: string) => ctx.records.logs.filter((l) => l.eventName === name).map((l) => JSON.parse(l.body));

describe('emitSessions', () => {
	const tx = (id: string, ageMs: number): OpenTransaction => ({ id, sessionId: `s${id}`, ageMs, query: "ALTER USER x IDENTIFIED BY 'pw1234'" });

	it('reports a long transaction once while it stays open, and again if its id comes back later', () => {
		const state = { reportedLongTransactions: new Set<string>() };
		const polls = [[tx('1', 59_000)], [tx('1', 61_000), tx('2', 5)], [tx('1', 71_000)], [], [tx('1', 65_000)]];
		const counts = polls.map((transactions, i) => {
			const ctx = context(i);
			emitSessions(ctx, state, { sessions: [], waits: [], transactions });
			return events(ctx, DbEvent.longTransaction);
		});
		expect(counts.map((c) => c.length)).toEqual([0, 1, 0, 0, 1]);
		expect(counts[1][0]).toMatchObject({ sessionId: 's1', transactionAgeMs: 61_000 });
		expect(counts[1][0].query).not.toContain('pw1234');
	});

	it('sends at most 200 sessions, longest first, with the count left out, and gauges from the waits', () => {
		const sessions = Array.from({ length: 250 }, (_, i) => ({ id: String(i), state: 'Query', elapsedMs: i, blockedBy: [] }));
		const ctx = context(1);
		emitSessions(ctx, { reportedLongTransactions: new Set() }, {
			sessions,
			waits: [
				{ waitingId: '5', blockingId: '9' },
				{ waitingId: '5', blockingId: '8' },
				{ waitingId: '6', blockingId: '9' }
			],
			transactions: [tx('a', 2_000), tx('b', 9_000)]
		});
		const [body] = events(ctx, DbEvent.sessions);
		expect(body.sessions).toHaveLength(200);
		expect(body.omitted).toBe(50);
		expect(body.sessions[0].id).toBe('249');
		const gauge = (name: string) => ctx.records.metrics.find((m) => m.name === name)?.value;
		expect(gauge(DbMetric.lockWaiting)).toBe(2);
		expect(gauge(DbMetric.transactionsActive)).toBe(2);
		expect(gauge(DbMetric.transactionsOldestAge)).toBe(9);
		expect(events(ctx, DbEvent.blocking)[0].tree.map((n: { id: string }) => n.id)).toEqual(['8', '9']);
	});
});

describe('emitDigests', () => {
	it('treats the first read as the baseline, then emits the top digests, other, and never its own', () => {
		const state = newDigestState();
		const own = new Set([sqlDigest('SHOW GLOBAL STATUS')]);
		const row = (text: string, calls: number, durationMs: number) => ({
			key: text,
			digest: digestOf(state, text, 'native-' + text.length),
			namespace: 'bank',
			calls,
			durationMs,
			isNew: true
		});
		const first = context(1_000_000);
		expect(emitDigests(first, state, [row('SELECT a FROM t', 5, 5), row('SHOW GLOBAL STATUS', 1, 1)], own)).toEqual([]);
		expect(first.records.metrics).toEqual([]);

		const second = context(11_000_000);
		const rows = [
			row('SELECT a FROM t', 9, 45),
			row('SHOW GLOBAL STATUS', 2, 100),
			row('SELECT b FROM t', 1, 30),
			row('SELECT c FROM t', 1, 20),
			row('SELECT d FROM t', 2, 1)
		];
		const deltas = emitDigests(second, state, rows, own);
		expect(deltas).toHaveLength(5);
		const calls = second.records.metrics.filter((m) => m.name === DbMetric.statementCalls);
		expect(calls.map((m) => [m.attrs['db.query.summary'], m.value])).toEqual([
			['SELECT t', 4],
			['SELECT t', 1],
			['other statements', 3]
		]);
		expect(calls[0]).toMatchObject({ startUs: 1_000_000, timeUs: 11_000_000 });
		expect(calls[0].attrs).toMatchObject({ 'db.query.text': 'SELECT a FROM t', 'db.query.digest': sqlDigest('SELECT a FROM t') });
		expect(calls[2].attrs['db.query.text']).toBeUndefined();
	});
});

describe('emitVariables', () => {
	it('sends a snapshot after connecting and change events afterwards', () => {
		const state = {};
		const a = context(1, true);
		emitVariables(a, state, { max_connections: '151', sql_mode: '' });
		expect(events(a, DbEvent.variables)).toEqual([{ variables: { max_connections: '151', sql_mode: '' }, reason: 'connect' }]);
		const b = context(2);
		emitVariables(b, state, { max_connections: '200', sql_mode: '' });
		expect(events(b, DbEvent.variables)).toEqual([]);
		expect(events(b, DbEvent.variableChange)).toEqual([{ name: 'max_connections', before: '151', after: '200' }]);
		const c = context(2 + 3_600_000_000);
		emitVariables(c, state, { max_connections: '200', sql_mode: '' });
		expect(events(c, DbEvent.variables)[0].reason).toBe('periodic');
	});
});
