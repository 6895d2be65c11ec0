/**
 * Rollups and OTLP metrics -> observations of canonical series (series-ref.ts), one window
 * at a time. This is the one place that decides which stored figure feeds which rule-engine
 * key:
 *
 *   span rollup window (overall, svc|, ep|)  requests.rate = count / width
 *                                            latency.p95Ms  (>= minLatencyCount transactions)
 *                                            errors.rate    (>= minErrorCount transactions)
 *   span rollup window (inst|)               instances.count@svc = instances with traffic
 *   process.cpu.utilization                  cpu.usage (instance; service = mean of instances)
 *   system.cpu.utilization                   host.cpu.usage (host of the resource)
 *   jvm.memory.used / jvm.memory.limit,      runtime.heap.usage = old-generation pools
 *   v8js.memory.heap.used / .limit            (G1 Old Gen, old_space) used / limit, else all
 *                                            heap pools with a limit (service = max)
 *   jvm.gc.duration, v8js.gc.duration        runtime.gc.timeRatio = GC seconds per second
 *   db.client.connection.count{used} / .max  db.pool.usage (busiest pool; service = max)
 *   db.client.connection.pending_requests    db.pool.pending
 *   db.client.connection.wait_time           db.pool.waitMs = mean wait (ms)
 *   db.server.<gauge> of a database resource <name>@db:<system>/<namespace> (the topology's
 *                                            id of that database)
 * Young-generation pools are left out of heap usage on purpose: Eden fills to 95 % between
 * collections in a healthy JVM.
 */
import type { AttrValue, Attrs } from '../../../protocol/records';
import { SpanStats } from '../../telemetry/span-stats';
import { instanceKey, parseSeriesKey, serviceKey } from '../../telemetry/series-key';
import type { RollupWindowRecord } from '../../telemetry/types';
import { nodeRef, rollupRef, type Observation, type SeriesRef } from './series-ref';

export interface SpanRollupOptions {
	widthSec: number;
	/** Transactions a window needs before its p95 counts. Default 3. */
	minLatencyCount?: number;
	/** Transactions a window needs before its error ratio counts. Default 5. */
	minErrorCount?: number;
	/** Endpoint series too (latency and errors). Default true. */
	endpoints?: boolean;
}

function push(out: Observation[], ref: SeriesRef | undefined, timeMs: number, value: number): void {
	if (ref && Number.isFinite(value)) out.push({ ref, timeMs, value });
}

export function spanRollupObservations(record: RollupWindowRecord, options: SpanRollupOptions): Observation[] {
	const minLatency = options.minLatencyCount ?? 3;
	const minErrors = options.minErrorCount ?? 5;
	const out: Observation[] = [];
	const instances = new Map<string, number>();
	const t = record.startMs;
	for (const key in record.series) {
		const data = record.series[key];
		const id = parseSeriesKey(key);
		if (!id || data.count <= 0) continue;
		if (id.kind === 'instance') {
			instances.set(id.service!, (instances.get(id.service!) ?? 0) + 1);
			continue;
		}
		if (id.kind === 'endpoint' && options.endpoints === false) continue;
		if (id.kind !== 'endpoint') push(out, rollupRef('requests.rate', key), t, data.count / options.widthSec);
		if (data.count >= minLatency) push(out, rollupRef('latency.p95Ms', key), t, SpanStats.fromData(data).quantileMs(0.95) ?? NaN);
		if (data.count >= minErrors) push(out, rollupRef('errors.rate', key), t, data.errors / data.count);
	}
	for (const [service, n] of instances) push(out, rollupRef('instances.count', serviceKey(service)), t, n);
	return out;
}

/** One metric series' values in one window, as the metric frame gives them (null = none). */
export interface MetricSample {
	name: string;
	service: string;
	instance: string;
	attrs: Attrs;
	mean?: number | null;
	last?: number | null;
	/** Histograms: sum of observations per second, and observations per second. */
	sumPerSec?: number | null;
	countPerSec?: number | null;
	/** `host.name` of the resource, when it has one. */
	host?: string;
	/** Topology id of the database the resource is (db:<system>/<namespace>), for database collectors. */
	dbNode?: string;
}

function text(v: AttrValue | undefined): string {
	return typeof v === 'string' ? v : v === undefined ? '' : String(v);
}

const num = (v: number | null | undefined): number => (v === null || v === undefined ? NaN : v);

interface InstanceAcc {
	service: string;
	instance: string;
	cpu?: number;
	oldUsed: number;
	oldLimit: number;
	heapUsed: number;
	heapLimit: number;
	gcSec?: number;
	pools: Map<string, { used?: number; max?: number }>;
	pending?: number;
	waitMs?: number;
}

/** Gauges of database servers that become series (per-statement and size metrics are left out). */
export const dbServerGauges: readonly string[] = [
	'db.server.queries.rate',
	'db.server.slow_queries.rate',
	'db.server.threads.running',
	'db.server.connections',
	'db.server.row_lock.waits.rate',
	'db.server.lock.waiting',
	'db.server.transactions.active',
	'db.server.deadlocks.rate'
];

/** Metric names the mapping reads (for store queries). */
export const canonicalMetricNames: readonly string[] = [
	'process.cpu.utilization',
	'system.cpu.utilization',
	'jvm.memory.used',
	'jvm.memory.limit',
	'v8js.memory.heap.used',
	'v8js.memory.heap.limit',
	'jvm.gc.duration',
	'v8js.gc.duration',
	'db.client.connection.count',
	'db.client.connection.max',
	'db.client.connection.pending_requests',
	'db.client.connection.wait_time',
	...dbServerGauges
];

const isOldPool = (attrs: Attrs) => /old|tenured/i.test(text(attrs['jvm.memory.pool.name']) + text(attrs['v8js.heap.space.name']));

export function metricObservations(samples: readonly MetricSample[], timeMs: number): Observation[] {
	const out: Observation[] = [];
	const byInstance = new Map<string, InstanceAcc>();
	const acc = (s: MetricSample): InstanceAcc => {
		const key = `${s.service}\u0000${s.instance}`;
		let a = byInstance.get(key);
		if (!a) byInstance.set(key, (a = { service: s.service, instance: s.instance, oldUsed: 0, oldLimit: 0, heapUsed: 0, heapLimit: 0, pools: new Map() }));
		return a;
	};
	const hostCpu = new Map<string, number[]>();
	for (const s of samples) {
		const value = Number.isFinite(num(s.last)) ? num(s.last) : num(s.mean);
		switch (s.name) {
			case 'process.cpu.utilization':
				if (Number.isFinite(num(s.mean))) acc(s).cpu = num(s.mean);
				break;
			case 'system.cpu.utilization':
				if (s.host && Number.isFinite(num(s.mean)) && text(s.attrs['system.cpu.state'] ?? s.attrs['state']) !== 'idle') {
					const list = hostCpu.get(s.host) ?? [];
					list.push(num(s.mean));
					hostCpu.set(s.host, list);
				}
				break;
			case 'jvm.memory.used':
			case 'jvm.memory.limit':
			case 'v8js.memory.heap.used':
			case 'v8js.memory.heap.limit': {
				if (!Number.isFinite(value)) break;
				if (s.name.startsWith('jvm') && text(s.attrs['jvm.memory.type']) !== 'heap') break;
				const a = acc(s);
				const used = s.name.endsWith('used');
				if (isOldPool(s.attrs)) {
					if (used) a.oldUsed += value;
					else a.oldLimit += value;
				}
				if (used) a.heapUsed += value;
				else a.heapLimit += value;
				break;
			}
			case 'jvm.gc.duration':
			case 'v8js.gc.duration':
				if (Number.isFinite(num(s.sumPerSec))) acc(s).gcSec = (acc(s).gcSec ?? 0) + num(s.sumPerSec);
				break;
			case 'db.client.connection.count':
			case 'db.client.connection.max': {
				if (!Number.isFinite(value)) break;
				const state = text(s.attrs['db.client.connection.state'] ?? s.attrs['state']);
				if (s.name.endsWith('count') && state !== 'used') break;
				const pool = text(s.attrs['db.client.connection.pool.name'] ?? s.attrs['pool.name']);
				const a = acc(s);
				const p = a.pools.get(pool) ?? {};
				if (s.name.endsWith('max')) p.max = value;
				else p.used = (p.used ?? 0) + value;
				a.pools.set(pool, p);
				break;
			}
			case 'db.client.connection.pending_requests':
				if (Number.isFinite(value)) acc(s).pending = (acc(s).pending ?? 0) + value;
				break;
			case 'db.client.connection.wait_time':
				// seconds of waiting per second / waits per second = mean wait in seconds
				if (num(s.countPerSec) > 0) acc(s).waitMs = Math.max(acc(s).waitMs ?? 0, (num(s.sumPerSec) / num(s.countPerSec)) * 1000);
				break;
			default:
				if (s.dbNode && dbServerGauges.includes(s.name) && Number.isFinite(num(s.mean))) push(out, nodeRef(s.name, 'database', s.dbNode), timeMs, num(s.mean));
		}
	}
	const perService = new Map<string, Map<string, number[]>>();
	const note = (service: string, metric: string, v: number) => {
		if (!Number.isFinite(v)) return;
		let m = perService.get(service);
		if (!m) perService.set(service, (m = new Map()));
		const list = m.get(metric) ?? [];
		list.push(v);
		m.set(metric, list);
	};
	for (const a of byInstance.values()) {
		const instKey = instanceKey(a.service, a.instance);
		const emit = (metric: string, v: number | undefined) => {
			if (v === undefined || !Number.isFinite(v)) return;
			push(out, rollupRef(metric, instKey), timeMs, v);
			note(a.service, metric, v);
		};
		emit('cpu.usage', a.cpu);
		emit('runtime.heap.usage', a.oldLimit > 0 ? a.oldUsed / a.oldLimit : a.heapLimit > 0 ? a.heapUsed / a.heapLimit : undefined);
		emit('runtime.gc.timeRatio', a.gcSec);
		let pool: number | undefined;
		for (const p of a.pools.values()) if (p.used !== undefined && p.max) pool = Math.max(pool ?? 0, p.used / p.max);
		emit('db.pool.usage', pool);
		emit('db.pool.pending', a.pending);
		emit('db.pool.waitMs', a.waitMs);
	}
	for (const [service, metrics] of perService) {
		for (const [metric, values] of metrics) {
			// CPU of a service is the mean of its instances; resources head for a limit one instance at a time, so the worst counts.
			const v = metric === 'cpu.usage' ? values.reduce((x, y) => x + y, 0) / values.length : metric === 'db.pool.pending' ? values.reduce((x, y) => x + y, 0) : Math.max(...values);
			push(out, rollupRef(metric, serviceKey(service)), timeMs, v);
		}
	}
	for (const [host, values] of hostCpu) push(out, nodeRef('host.cpu.usage', 'host', `host:${host}`), timeMs, values.reduce((x, y) => x + y, 0));
	return out;
}
