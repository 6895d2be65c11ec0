import { beforeAll, describe, expect, it } from 'vitest';
import { sqlDigest } from '../domain/db/digest';
import { DbEvent, DbMetric } from '../domain/db/names';
import { SpanKind } from '../protocol/records';
import { collect, type FlatLog, type FlatPoint, type FlatSpan } from './flatten';
import { createDemoBank } from './index';
import { KST_OFFSET_MS } from './load';

const START = Date.UTC(2026, 10, 4, 3, 0);
const DB_SERVICES = ['deposits-mysql', 'products-mysql', 'lending-postgresql', 'auth-postgresql', 'core-postgresql'];
let spans: FlatSpan[];
let points: FlatPoint[];
let logs: FlatLog[];

beforeAll(() => {
	const bank = createDemoBank({ seed: 51, startMs: START, load: 0.4, incidents: 'none' });
	({ spans, points, logs } = collect(bank, START, START + 60_000, 2_000));
	points = points.filter((p) => DB_SERVICES.includes(p.service));
	logs = logs.filter((l) => DB_SERVICES.includes(l.service));
});

describe('simulated database telemetry', () => {
	it('sends one resource per database with the collectors’ attributes', () => {
		const resources = new Map(points.map((p) => [p.service, p.resource]));
		expect([...resources.keys()].sort()).toEqual([...DB_SERVICES].sort());
		expect(resources.get('deposits-mysql')).toMatchObject({
			'db.system': 'mysql',
			'db.namespace': 'deposits',
			'server.port': 3306,
			'service.instance.id': 'deposits-db.cluster-c7x2k9.ap-northeast-2.rds.amazonaws.com:3306'
		});
		expect(resources.get('core-postgresql')).toMatchObject({ 'db.system': 'postgresql', 'db.namespace': 'corebank', 'server.port': 5432 });
	});

	it('uses only the shared metric and event names, with db.system on every point and record', () => {
		const metricNames = new Set<string>(Object.values(DbMetric));
		const eventNames = new Set<string>(Object.values(DbEvent));
		for (const p of points) {
			expect(metricNames.has(p.name)).toBe(true);
			expect(p.attrs['db.system']).toBe(p.resource['db.system']);
		}
		for (const l of logs) {
			expect(eventNames.has(String(l.eventName))).toBe(true);
			expect(l.attrs['db.system']).toBe(l.resource['db.system']);
		}
		// A poll every 10 s: six polls per database in a minute.
		expect(points.filter((p) => p.name === DbMetric.up && p.service === 'deposits-mysql').map((p) => p.timeMs - START)).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
		for (const name of [DbMetric.queriesRate, DbMetric.threadsRunning, DbMetric.connections, DbMetric.bufferPoolHitRatio, DbMetric.rowLockWaitsRate, DbMetric.slowQueriesRate]) {
			expect(points.some((p) => p.name === name && p.service === 'deposits-mysql')).toBe(true);
		}
		expect(points.some((p) => p.name === DbMetric.rowLockWaitsRate && p.service === 'core-postgresql')).toBe(false);
		const hit = points.filter((p) => p.name === DbMetric.bufferPoolHitRatio);
		expect(hit.every((p) => p.value! > 0.9 && p.value! <= 1)).toBe(true);
	});

	it('counts statement digests that match the spans: same digest, same number of calls', () => {
		const fromSpans = new Map<string, number>();
		for (const s of spans) {
			if (s.kind !== SpanKind.Client || s.attrs['db.system.name'] === undefined || s.attrs['db.system.name'] === 'redis') continue;
			if (s.startMs >= START + 50_000) continue;
			const d = sqlDigest(String(s.attrs['db.query.text']));
			fromSpans.set(d, (fromSpans.get(d) ?? 0) + 1);
		}
		const fromDb = new Map<string, number>();
		for (const p of points) {
			if (p.name !== DbMetric.statementCalls || p.timeMs > START + 50_000) continue;
			fromDb.set(String(p.attrs['db.query.digest']), (fromDb.get(String(p.attrs['db.query.digest'])) ?? 0) + p.value!);
			expect(p.temporality).toBe(1);
			expect(p.monotonic).toBe(true);
			expect(p.timeMs - p.startMs!).toBe(10_000);
			expect(p.attrs['db.query.text']).toBeTruthy();
		}
		expect(fromDb.size).toBeGreaterThan(25);
		for (const [digest, calls] of fromDb) {
			const spanCalls = fromSpans.get(digest) ?? 0;
			expect(Math.abs(spanCalls - calls)).toBeLessThanOrEqual(Math.max(3, calls * 0.05));
		}
		expect(points.some((p) => p.name === DbMetric.statementDuration && p.attrs['db.query.text'] !== undefined)).toBe(false);
	});

	it('sends a variables snapshot on the first poll, sessions every poll and table sizes', () => {
		const variables = logs.filter((l) => l.eventName === DbEvent.variables);
		expect(variables.length).toBe(5);
		expect(variables.every((l) => (l.body as Record<string, unknown>).reason === 'connect')).toBe(true);
		const mysqlVars = (variables.find((l) => l.service === 'deposits-mysql')!.body as { variables: Record<string, string> }).variables;
		expect(mysqlVars.long_query_time).toBe('0.500000');
		expect(logs.filter((l) => l.eventName === DbEvent.sessions && l.service === 'auth-postgresql').length).toBe(6);
		const tables = points.filter((p) => p.name === DbMetric.tableRows && p.service === 'core-postgresql');
		expect(new Set(tables.map((p) => p.attrs['db.collection.name']))).toEqual(new Set(['CUSTOMER', 'ACCOUNT', 'LEDGER', 'TX_HISTORY', 'TX_LIMIT', 'FEE_SCHEDULE', 'INTEREST_RATE', 'LOAN_CONTRACT', 'LOAN_SCHEDULE', 'PRODUCT_CONTRACT', 'AUDIT_LOG']));
	});

	it('records the nightly variable change on the lending database', () => {
		const startMs = Date.UTC(2026, 10, 4, 2, 55) - KST_OFFSET_MS;
		const bank = createDemoBank({ seed: 52, startMs, speed: 60, load: 0.1, incidents: 'none' });
		const changes = collect(bank, startMs, startMs + 12_000, 1_000).logs.filter((l) => l.eventName === DbEvent.variableChange);
		expect(changes).toHaveLength(1);
		expect(changes[0].service).toBe('lending-postgresql');
		expect(changes[0].attrs['db.variable.name']).toBe('autovacuum_vacuum_cost_limit');
		expect(changes[0].timeMs).toBeGreaterThanOrEqual(startMs + 5_000);
	});
});
