/**
 * Per-instance metrics, exported every metric interval as the Java agent or the Node SDK
 * would: cumulative histograms and up-down counters start at the process start; gauges
 * carry the current value. Names and units follow the OpenTelemetry semantic conventions
 * (see README.md in this folder for the list and attributes).
 *
 * GC model per interval (s = interval seconds, r = requests per second, occ = old-gen occupancy;
 * fractional counts carry over to the next export):
 *   young collections at s · (0.05 + 0.04 r) per export, each 8 ms · (1 + occ) median
 *   old/mixed collections at s · (0.002 + p²) per export, p = max(0, occ − 0.75)/0.25,
 *   each 150 ms · (1 + 6p) median: near the limit the JVM collects back to back
 */
import type { ScopeMetrics } from '../domain/otlp/types';
import { databaseDef } from './catalogue';
import { gaugeMetric, histogramMetric, sumMetric, type SimAttrs, type SimPoint } from './otlp';
import type { Prng } from './prng';
import { gcPressure, heapLayout, oldGcPauseMs, oldOccupancy } from './runtime-model';
import type { Instance } from './scaling';

const MIB = 1024 * 1024;

export interface InstanceExport {
	nowMs: number;
	/** Caller ms of this instance's previous export (or its process start). */
	sinceMs: number;
	/** Demand over ready capacity of the instance's service (queueing model). */
	utilisation: number;
	prng: Prng;
}

function simulateGc(inst: Instance, x: InstanceExport, intervalS: number, occ: number): number {
	const java = inst.def.runtime === 'java';
	const rate = inst.meter.intervalRequests / Math.max(intervalS, 0.001);
	const meter = inst.meter;
	meter.youngGcDebt += intervalS * (0.05 + 0.04 * rate);
	const pressure = gcPressure(occ);
	meter.oldGcDebt += intervalS * (0.002 + pressure * pressure);
	const young = Math.floor(meter.youngGcDebt);
	const old = Math.floor(meter.oldGcDebt);
	meter.youngGcDebt -= young;
	meter.oldGcDebt -= old;
	let gcSeconds = 0;
	for (let i = 0; i < young; i++) {
		const d = x.prng.logNormal(0.008, 0.35) * (1 + occ);
		gcSeconds += d;
		if (java) inst.meter.recordGc('G1 Young Generation', 'end of minor GC', d);
		else inst.meter.recordGc('minor', '', d);
	}
	for (let i = 0; i < old; i++) {
		const d = x.prng.logNormal(oldGcPauseMs(pressure) / 1000, 0.4);
		gcSeconds += d;
		if (java) inst.meter.recordGc('G1 Old Generation', 'end of major GC', d);
		else inst.meter.recordGc('major', '', d);
	}
	return gcSeconds;
}

export function instanceMetrics(inst: Instance, x: InstanceExport): ScopeMetrics[] {
	const { nowMs } = x;
	inst.meter.settle(nowMs);
	const intervalS = Math.max(0.001, (nowMs - x.sinceMs) / 1000);
	const start = inst.processStartMs;
	const java = inst.def.runtime === 'java';
	const occ = oldOccupancy(inst);
	const gcSeconds = simulateGc(inst, x, intervalS, occ);
	const heap = heapLayout(inst.def);
	const pinned = occ >= 0.999;
	const youngUsedMb = heap.youngLimitMb * (pinned ? x.prng.range(0.9, 1) : x.prng.range(0.05, 0.95));
	const oldUsedMb = Math.min(heap.oldLimitMb, heap.oldBaseMb * x.prng.range(0.95, 1.05) + inst.meter.leakMb);
	const cpu = Math.min(1, Math.max(0.01, 0.04 + 0.75 * Math.min(1.25, x.utilisation) + gcSeconds / intervalS + x.prng.range(-0.02, 0.02)));
	const gauge = (value: number, attrs: SimAttrs = {}): SimPoint => ({ attrs, value, timeMs: nowMs });
	const cumulative = (value: number, attrs: SimAttrs = {}): SimPoint => ({ attrs, value, timeMs: nowMs, startMs: start });
	const upDown = { monotonic: false, temporality: 2 as const, integer: true };

	const runtime = [gaugeMetric('process.cpu.utilization', '1', [gauge(cpu)])];
	const gcPoints = [...inst.meter.gc.values()].map((g) => ({
		attrs: java ? { 'jvm.gc.name': g.name, 'jvm.gc.action': g.action } : { 'v8js.gc.type': g.name },
		startMs: start,
		timeMs: nowMs,
		histogram: g.histogram
	}));
	if (java) {
		const pool = (name: string, type: 'heap' | 'non_heap') => ({ 'jvm.memory.type': type, 'jvm.memory.pool.name': name });
		runtime.push(
			sumMetric('jvm.memory.used', 'By', [
				cumulative(youngUsedMb * MIB, pool('G1 Eden Space', 'heap')),
				cumulative(oldUsedMb * MIB, pool('G1 Old Gen', 'heap')),
				cumulative(x.prng.range(110, 125) * MIB, pool('Metaspace', 'non_heap'))
			], upDown),
			sumMetric('jvm.memory.limit', 'By', [
				cumulative(heap.youngLimitMb * MIB, pool('G1 Eden Space', 'heap')),
				cumulative(heap.oldLimitMb * MIB, pool('G1 Old Gen', 'heap'))
			], upDown),
			sumMetric('jvm.thread.count', '{thread}', [cumulative(40 + Math.round(160 * Math.min(1, x.utilisation)) + x.prng.int(6))], upDown),
			histogramMetric('jvm.gc.duration', 's', gcPoints)
		);
	} else {
		const space = (name: string) => ({ 'v8js.heap.space.name': name });
		runtime.push(
			sumMetric('v8js.memory.heap.used', 'By', [cumulative(youngUsedMb * MIB, space('new_space')), cumulative(oldUsedMb * MIB, space('old_space'))], upDown),
			sumMetric('v8js.memory.heap.limit', 'By', [cumulative(heap.youngLimitMb * MIB, space('new_space')), cumulative(heap.oldLimitMb * MIB, space('old_space'))], upDown),
			histogramMetric('v8js.gc.duration', 's', gcPoints)
		);
	}
	const scopes: ScopeMetrics[] = [
		{ scope: { name: java ? 'io.opentelemetry.runtime-telemetry-java17' : '@opentelemetry/instrumentation-runtime-node' }, metrics: runtime }
	];

	const httpPoints = [...inst.meter.http.values()].map((h) => ({
		attrs: {
			'http.request.method': h.method,
			'http.route': h.route,
			'http.response.status_code': h.status,
			'url.scheme': inst.def.name === 'api-gateway' ? 'https' : 'http',
			'error.type': h.errorType
		},
		startMs: start,
		timeMs: nowMs,
		histogram: h.histogram
	}));
	if (httpPoints.length > 0) {
		const scope = !java ? '@opentelemetry/instrumentation-http' : inst.def.name === 'api-gateway' ? 'io.opentelemetry.netty-4.1' : 'io.opentelemetry.tomcat-10.0';
		scopes.push({ scope: { name: scope }, metrics: [histogramMetric('http.server.request.duration', 's', httpPoints)] });
	}

	if (inst.def.pools.length > 0) {
		const counts: SimPoint[] = [];
		const maxes: SimPoint[] = [];
		const pending: SimPoint[] = [];
		for (const p of inst.def.pools) {
			const name = `hikari-${databaseDef(p.db).namespace}`;
			const busy = (inst.meter.dbBusyMs.get(p.db) ?? 0) / (intervalS * 1000);
			const used = Math.min(p.max, Math.round(busy + x.prng.range(0, 0.6)));
			counts.push(cumulative(used, { 'db.client.connection.pool.name': name, 'db.client.connection.state': 'used' }));
			counts.push(cumulative(p.max - used, { 'db.client.connection.pool.name': name, 'db.client.connection.state': 'idle' }));
			maxes.push(cumulative(p.max, { 'db.client.connection.pool.name': name }));
			pending.push(cumulative(Math.max(0, Math.round(busy - p.max)), { 'db.client.connection.pool.name': name }));
		}
		scopes.push({
			scope: { name: 'io.opentelemetry.hikaricp-3.0' },
			metrics: [
				sumMetric('db.client.connection.count', '{connection}', counts, upDown),
				sumMetric('db.client.connection.max', '{connection}', maxes, upDown),
				sumMetric('db.client.connection.pending_requests', '{request}', pending, upDown)
			]
		});
	}
	inst.meter.resetInterval();
	return scopes;
}
