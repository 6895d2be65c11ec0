import { describe, expect, it } from 'vitest';
import { SpanStats } from '../../telemetry/span-stats';
import { endpointKey, instanceKey, OVERALL_KEY, serviceKey } from '../../telemetry/series-key';
import type { RollupWindowRecord } from '../../telemetry/types';
import { metricObservations, spanRollupObservations, type MetricSample } from './canonical';

function stats(durationsMs: number[], errors = 0) {
	const s = new SpanStats();
	durationsMs.forEach((d, i) => s.add(d, i < errors));
	return s.toData();
}

const byId = (obs: { ref: { id: string }; value: number }[]) => Object.fromEntries(obs.map((o) => [o.ref.id, o.value]));

describe('span rollups to canonical series', () => {
	it('gives rate, p95 and error ratio per scope, instance counts per service, and skips thin windows', () => {
		const durations = Array.from({ length: 100 }, (_, i) => i + 1);
		const record: RollupWindowRecord = {
			level: '10s',
			startMs: 60_000,
			series: {
				[OVERALL_KEY]: stats(durations, 5),
				[serviceKey('transfer')]: stats(durations, 10),
				[endpointKey('transfer', 'POST /transfers')]: stats([5, 7], 1),
				[instanceKey('transfer', 'pod-a')]: stats([1]),
				[instanceKey('transfer', 'pod-b')]: stats([1]),
				[instanceKey('accounts', 'pod-c')]: stats([1])
			}
		};
		const v = byId(spanRollupObservations(record, { widthSec: 10 }));
		expect(v['requests.rate@svc|transfer']).toBe(10);
		expect(v['errors.rate@svc|transfer']).toBeCloseTo(0.1, 10);
		// DDSketch: within 1 % of the exact 95th value
		expect(v['latency.p95Ms@svc|transfer']).toBeGreaterThan(94 * 0.99);
		expect(v['latency.p95Ms@svc|transfer']).toBeLessThan(96 * 1.01);
		expect(v['errors.rate@overall']).toBeCloseTo(0.05, 10);
		expect(v['instances.count@svc|transfer']).toBe(2);
		expect(v['instances.count@svc|accounts']).toBe(1);
		// two transactions: a p95 needs three, an error ratio five
		expect(v['latency.p95Ms@ep|transfer|POST /transfers']).toBeUndefined();
		expect(v['errors.rate@ep|transfer|POST /transfers']).toBeUndefined();
		expect(Object.keys(v).some((k) => k.includes('@inst|'))).toBe(false);
	});
});

describe('OTLP runtime metrics to canonical series', () => {
	const base = { service: 'accounts', instance: 'pod-1', attrs: {} };
	const sample = (s: Partial<MetricSample> & { name: string }): MetricSample => ({ ...base, ...s });
	it('takes heap usage from the old generation, not Eden, and the worst instance per service', () => {
		const heap = (instance: string, pool: string, used: number, limit: number): MetricSample[] => [
			sample({ name: 'jvm.memory.used', instance, attrs: { 'jvm.memory.type': 'heap', 'jvm.memory.pool.name': pool }, last: used }),
			sample({ name: 'jvm.memory.limit', instance, attrs: { 'jvm.memory.type': 'heap', 'jvm.memory.pool.name': pool }, last: limit })
		];
		const v = byId(
			metricObservations(
				[
					...heap('pod-1', 'G1 Eden Space', 95, 100),
					...heap('pod-1', 'G1 Old Gen', 300, 1000),
					...heap('pod-2', 'G1 Old Gen', 900, 1000),
					sample({ name: 'jvm.memory.used', attrs: { 'jvm.memory.type': 'non_heap', 'jvm.memory.pool.name': 'Metaspace' }, last: 5000 })
				],
				0
			)
		);
		expect(v['runtime.heap.usage@inst|accounts|pod-1']).toBeCloseTo(0.3, 10);
		expect(v['runtime.heap.usage@inst|accounts|pod-2']).toBeCloseTo(0.9, 10);
		expect(v['runtime.heap.usage@svc|accounts']).toBeCloseTo(0.9, 10);
	});

	it('maps pools, GC time, CPU, pending requests, host CPU and database server gauges', () => {
		const v = byId(
			metricObservations(
				[
					sample({ name: 'db.client.connection.count', attrs: { 'db.client.connection.pool.name': 'hikari', 'db.client.connection.state': 'used' }, last: 9 }),
					sample({ name: 'db.client.connection.count', attrs: { 'db.client.connection.pool.name': 'hikari', 'db.client.connection.state': 'idle' }, last: 1 }),
					sample({ name: 'db.client.connection.max', attrs: { 'db.client.connection.pool.name': 'hikari' }, last: 10 }),
					sample({ name: 'db.client.connection.pending_requests', attrs: { 'db.client.connection.pool.name': 'hikari' }, last: 4 }),
					sample({ name: 'db.client.connection.wait_time', attrs: {}, sumPerSec: 0.5, countPerSec: 10 }),
					sample({ name: 'jvm.gc.duration', attrs: { 'jvm.gc.name': 'G1 Young Generation' }, sumPerSec: 0.02 }),
					sample({ name: 'jvm.gc.duration', attrs: { 'jvm.gc.name': 'G1 Old Generation' }, sumPerSec: 0.1 }),
					sample({ name: 'process.cpu.utilization', mean: 0.4 }),
					sample({ name: 'process.cpu.utilization', instance: 'pod-2', mean: 0.8 }),
					sample({ name: 'system.cpu.utilization', host: 'node-1', attrs: { 'system.cpu.state': 'user' }, mean: 0.6 }),
					sample({ name: 'system.cpu.utilization', host: 'node-1', attrs: { 'system.cpu.state': 'system' }, mean: 0.3 }),
					sample({ name: 'system.cpu.utilization', host: 'node-1', attrs: { 'system.cpu.state': 'idle' }, mean: 0.1 }),
					sample({ name: 'db.server.threads.running', service: 'deposits-mysql', dbNode: 'db:mysql/deposits', mean: 12 }),
					sample({ name: 'db.server.table.size', service: 'deposits-mysql', dbNode: 'db:mysql/deposits', mean: 1e9 })
				],
				0
			)
		);
		expect(v['db.pool.usage@inst|accounts|pod-1']).toBeCloseTo(0.9, 10);
		expect(v['db.pool.pending@svc|accounts']).toBe(4);
		expect(v['db.pool.waitMs@inst|accounts|pod-1']).toBeCloseTo(50, 10);
		expect(v['runtime.gc.timeRatio@inst|accounts|pod-1']).toBeCloseTo(0.12, 10);
		expect(v['cpu.usage@svc|accounts']).toBeCloseTo(0.6, 10);
		expect(v['host.cpu.usage@host:node-1']).toBeCloseTo(0.9, 10);
		expect(v['db.server.threads.running@db:mysql/deposits']).toBe(12);
		expect(v['db.server.table.size@db:mysql/deposits']).toBeUndefined();
	});
});
