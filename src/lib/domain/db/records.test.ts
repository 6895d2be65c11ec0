import { describe, expect, it } from 'vitest';
import { DbRecordBuilder, dbResource } from './records';
import { DbEvent, DbMetric } from './names';

const identity = { label: 'core-mysql', system: 'mariadb' as const, host: '10.0.0.5', port: 3306, namespace: 'bank' };

describe('dbResource', () => {
	it('identifies a database by label, system, address and namespace only', () => {
		const resource = dbResource(identity);
		expect(resource).toMatchObject({ service: 'core-mysql', instance: '10.0.0.5:3306' });
		expect(resource.attrs).toEqual({
			'service.name': 'core-mysql',
			'db.system': 'mariadb',
			'server.address': '10.0.0.5',
			'server.port': 3306,
			'db.namespace': 'bank'
		});
		expect(resource.id).toMatch(/^[0-9a-f]{16}$/);
		expect(dbResource({ ...identity }).id).toBe(resource.id);
		expect(dbResource({ ...identity, port: 3307 }).id).not.toBe(resource.id);
	});
});

describe('DbRecordBuilder', () => {
	it('builds gauges, delta sums and events against the resource with db.system on each', () => {
		const builder = new DbRecordBuilder(dbResource(identity), 'mariadb', 5_000_000);
		builder.gauge(DbMetric.threadsRunning, 4);
		builder.gauge(DbMetric.bufferPoolHitRatio, undefined);
		builder.gauge(DbMetric.queriesRate, Number.NaN);
		builder.deltaSum(DbMetric.statementCalls, 12, 4_000_000, { 'db.query.digest': 'abc' });
		builder.event(DbEvent.slowStatement, 13, { durationMs: 1500 }, { 'db.query.digest': 'abc' });
		const { resources, metrics, logs, spans } = builder.records();
		expect(resources).toHaveLength(1);
		expect(spans).toEqual([]);
		expect(metrics).toHaveLength(2);
		expect(metrics[0]).toMatchObject({ name: 'db.server.threads.running', unit: '{thread}', type: 'gauge', value: 4, timeUs: 5_000_000 });
		expect(metrics[1]).toMatchObject({ type: 'sum', temporality: 'delta', monotonic: true, startUs: 4_000_000, value: 12 });
		expect(metrics[1].attrs).toEqual({ 'db.system': 'mariadb', 'db.query.digest': 'abc' });
		expect(logs[0]).toMatchObject({ eventName: 'db.server.slow_statement', severity: 13, severityText: 'WARN', traceId: '' });
		expect(JSON.parse(logs[0].body)).toEqual({ durationMs: 1500 });
	});
});
