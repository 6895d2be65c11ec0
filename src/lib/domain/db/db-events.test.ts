import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../protocol/records';
import { DbEventsFold } from './db-events';
import { DbAttr, DbEvent, type BlockingBody, type SessionsBody } from './names';

const t0 = 1_780_000_000_000;

function event(name: string, atMs: number, body: unknown, attrs: Record<string, string | number> = {}, resourceId = 'db1'): LogRecord {
	return {
		resourceId,
		service: resourceId === 'db1' ? 'core-db' : 'ledger-db',
		instance: 'h:3306',
		timeUs: atMs * 1000,
		severity: 13,
		body: typeof body === 'string' ? body : JSON.stringify(body),
		attrs: { [DbAttr.system]: 'mariadb', ...attrs },
		traceId: '',
		spanId: '',
		eventName: name
	};
}

const sessions = (ids: string[]): SessionsBody => ({ sessions: ids.map((id) => ({ id, state: 'Query', elapsedMs: 10, blockedBy: [] })), omitted: 0 });
const blocking: BlockingBody = { tree: [{ id: '7', children: [{ id: '9', children: [] }] }], waits: [{ waitingId: '9', blockingId: '7', table: 'bank.accounts' }] };

describe('database events', () => {
	const fold = new DbEventsFold();
	fold.add([
		event(DbEvent.slowStatement, t0 + 1_000, { durationMs: 1_500, phase: 'finished', source: 'statement_history', rowsExamined: 10 }, { [DbAttr.digest]: 'a'.repeat(16), [DbAttr.text]: 'SELECT SLEEP(1.5)' }),
		event(DbEvent.slowStatement, t0 + 3_000, { durationMs: 2_500, phase: 'finished', source: 'statement_history' }, { [DbAttr.digest]: 'b'.repeat(16) }),
		event(DbEvent.sessions, t0 + 2_000, sessions(['1', '2'])),
		event(DbEvent.sessions, t0 + 1_000, sessions(['3'])),
		event(DbEvent.sessions, t0 + 1_500, sessions(['4']), {}, 'db2'),
		event(DbEvent.blocking, t0 + 2_000, blocking),
		event(DbEvent.blocking, t0 + 2_500, blocking),
		event(DbEvent.variables, t0, { variables: { max_connections: '151' }, reason: 'connect' }),
		event(DbEvent.variableChange, t0 + 5_000, { name: 'max_connections', before: '151', after: '300' }),
		event(DbEvent.variableChange, t0 + 9_000, { name: 'max_connections', before: '300', after: '200' }),
		event(DbEvent.availability, t0 + 6_000, { state: 'down', error: 'connect ECONNREFUSED', attempt: 1, retryInMs: 1_000 }),
		event(DbEvent.collectorError, t0 + 7_000, { source: 'digests', message: 'performance_schema is OFF', hint: 'enable performance_schema' }),
		event(DbEvent.slowStatement, t0, 'not json'),
		event(DbEvent.sessions, t0, { sessions: 'x' }),
		{ ...event(DbEvent.slowStatement, t0, { durationMs: 1 }), eventName: 'something.else' }
	]);
	const r = fold.result();

	it('lists slow statements newest first with their sample text', () => {
		expect(r.slow.map((s) => [s.durationMs, s.digest, s.database])).toEqual([
			[2_500, 'b'.repeat(16), 'core-db'],
			[1_500, 'a'.repeat(16), 'core-db']
		]);
		expect(r.slow[1]).toMatchObject({ text: 'SELECT SLEEP(1.5)', rowsExamined: 10, phase: 'finished', timeMs: t0 + 1_000 });
		expect(r.slowTotal).toBe(2);
	});

	it('keeps the newest sessions and blocking snapshot per database', () => {
		expect(r.sessions.map((s) => [s.resourceId, s.body.sessions.map((x) => x.id)])).toEqual([
			['db1', ['1', '2']],
			['db2', ['4']]
		]);
		expect(r.blocking).toHaveLength(1);
		expect(r.blocking[0]).toMatchObject({ timeMs: t0 + 2_500, body: blocking });
		expect(r.blockingSnapshots).toEqual({ db1: 2 });
	});

	it('folds variable changes into a history per database and variable', () => {
		expect(r.changes.map((c) => c.after)).toEqual(['200', '300']);
		expect(r.history.db1.max_connections).toEqual([
			{ timeUs: -Infinity, value: '151' },
			{ timeUs: (t0 + 5_000) * 1000, value: '300' },
			{ timeUs: (t0 + 9_000) * 1000, value: '200' }
		]);
		expect(r.variables[0].body.variables).toEqual({ max_connections: '151' });
	});

	it('reports availability and collector problems, and counts what it could not read', () => {
		expect(r.problems.map((p) => [p.kind, p.state, p.hint])).toEqual([
			['collector-error', undefined, 'enable performance_schema'],
			['availability', 'down', undefined]
		]);
		expect(r.unreadable).toBe(2);
	});
});
