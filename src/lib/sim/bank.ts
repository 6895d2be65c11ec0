/**
 * The demo bank: ties the load model, fleet, incidents, trace flows, metrics, databases and
 * platform events together, and advances them in time slices.
 *
 * Slices are at most 1 s of caller time and at most 15 s of scenario time (so autoscaling
 * and incidents stay smooth at high speeds); within a slice: incidents and fleet tick,
 * arrivals and due follow-ups run in time order, metric exports and database polls happen
 * at their ticks, and spans / logs that have ended are handed out.
 *
 * Bounds (memory and output per advance()):
 * - a step longer than `maxStepMs` (default 60 s) fast-forwards the state over the excess
 *   with no telemetry (like an agent that was down) and simulates only the last `maxStepMs`;
 * - arrivals above `maxTracesPerSecond` (default 400/s) are shed (counted in stats());
 * - pending spans are those of traces still in flight (≤ rate × longest trace ≈ 30 s);
 * - follow-ups ≤ MAX_FOLLOW_UPS (new ones dropped and counted when full).
 */
import type { ServiceName } from './catalogue';
import { CircuitBreaker } from './circuit-breaker';
import { scenarioMsAt, type ScenarioClock } from './clock';
import { Databases } from './databases';
import { serviceDemand, channelRate, mixWeights } from './demand';
import { eventResource, EVENT_SCOPE, fleetEventLog } from './events';
import { runTransaction } from './flows/index';
import { makeRequest, type BizRequest } from './flows/request';
import { IncidentEngine } from './incidents';
import { kstDate } from './monolith';
import { instanceMetrics } from './metrics';
import { OutputBuffer, type DemoOutput } from './output';
import { Prng } from './prng';
import { gcFactor, gcStallMs, oldOccupancy, queueingFactor, queueWaitMs } from './runtime-model';
import { Fleet, type Instance } from './scaling';
import { Severity, type SimLog, type SimSpan, type TraceEnv } from './trace';
import { CHANNELS, type Channel } from './transactions';
import { normaliseOptions, type DemoBankOptions, type DemoStats, type NormalisedOptions } from './options';
import { bankTopology, type BankTopology } from './topology';
import type { IncidentTruth } from './incidents';

export const MAX_FOLLOW_UPS = 5_000;
/** The autoscaler acts on utilisation as metrics-server last scraped it (scenario ms). */
const HPA_METRICS_LAG_MS = 30_000;

interface FollowUp {
	dueMs: number;
	request: BizRequest;
}

interface Arrival {
	atMs: number;
	request: BizRequest;
}

export interface DemoBank {
	/** Simulates up to `untilMs` (caller's clock) and returns everything that finished since the last call. */
	advance(untilMs: number): DemoOutput;
	/** Ground truth: incidents started so far, and planned ones starting before `untilMs` when given. */
	incidents(untilMs?: number): IncidentTruth[];
	/** The static service catalogue. */
	topology(): BankTopology;
	stats(): DemoStats;
}

export class Bank implements DemoBank {
	private readonly o: NormalisedOptions;
	private readonly clock: ScenarioClock;
	private readonly traffic: Prng;
	private readonly metricPrng: Prng;
	private readonly fleet: Fleet;
	private readonly engine: IncidentEngine;
	private readonly dbs: Databases;
	private readonly breakers = new Map<string, CircuitBreaker>();
	private readonly followUps: FollowUp[] = [];
	private pendingSpans: SimSpan[] = [];
	private pendingLogs: SimLog[] = [];
	private readonly lastExport = new Map<string, number>();
	private utilisation = new Map<ServiceName, number>();
	private lastMs: number;
	private nextMetricMs: number;
	private readonly counters: DemoStats;
	private readonly env: TraceEnv;
	private readonly eventResources = { eks: eventResource('eks'), ecs: eventResource('ecs') };
	private out = new OutputBuffer();
	/** While fast-forwarding: state advances, telemetry is discarded. */
	private muted = false;

	constructor(options: DemoBankOptions) {
		this.o = normaliseOptions(options);
		this.clock = { startMs: this.o.startMs, scenarioStartMs: this.o.scenarioStartMs, speed: this.o.speed };
		this.traffic = new Prng(this.o.seed, 'traffic');
		this.metricPrng = new Prng(this.o.seed, 'metrics');
		const s0 = this.o.scenarioStartMs;
		this.fleet = new Fleet(this.clock, this.o.seed, s0, (svc) => this.demandAt(s0).get(svc) ?? 0);
		this.dbs = new Databases(this.clock, this.o.seed);
		this.engine = new IncidentEngine(this.clock, this.o.seed, this.o.incidents, {
			fleet: this.fleet,
			log: (inst, atMs, level, body, attrs) => this.pushLog(inst, atMs, level, body, attrs),
			adminStatement: (db, sql, atMs) => this.dbs.admin(db, sql, atMs)
		});
		this.lastMs = this.o.startMs;
		this.nextMetricMs = this.o.startMs + this.o.metricIntervalMs;
		this.counters = { traces: 0, spans: 0, logs: 0, metricRequests: 0, shedArrivals: 0, lostRequests: 0, droppedFollowUps: 0, skippedMs: 0, pendingSpans: 0, followUps: 0 };
		this.env = this.makeEnv();
		this.refreshUtilisation(s0);
	}

	private demandAt(scenarioMs: number): Map<ServiceName, number> {
		return serviceDemand(scenarioMs, this.o.load, (c) => this.engine?.channelMultiplier(c, scenarioMs) ?? 1);
	}

	private refreshUtilisation(scenarioMs: number): void {
		const demand = this.demandAt(scenarioMs);
		this.utilisation = new Map([...demand].map(([svc, rps]) => [svc, this.fleet.utilisation(svc, rps)]));
	}

	private makeEnv(): TraceEnv {
		return {
			prng: this.traffic,
			pick: (svc) => {
				const ready = this.fleet.ready(svc);
				return ready.length === 0 ? undefined : ready[this.traffic.int(ready.length)];
			},
			latencyFactor: (inst) => queueingFactor(this.utilisation.get(inst.def.name) ?? 0) * gcFactor(oldOccupancy(inst)),
			stallMs: (inst) => queueWaitMs(this.utilisation.get(inst.def.name) ?? 0, this.traffic) + gcStallMs(oldOccupancy(inst), this.traffic),
			statementEffect: (st, atMs) => this.engine.statementEffect(st, atMs),
			recordStatement: (e) => this.dbs.record(e),
			externalOutcome: (ext, atMs) => this.engine.externalOutcome(ext, atMs),
			queueLagMs: () => this.traffic.logNormal(12, 0.8),
			scenarioAt: (ms) => scenarioMsAt(this.clock, ms),
			breaker: (inst, name) => {
				const key = `${inst.instanceId}/${name}`;
				let b = this.breakers.get(key);
				if (!b) {
					b = new CircuitBreaker(name);
					this.breakers.set(key, b);
				}
				return b;
			},
			followUp: (request, afterScenarioMs) => {
				if (this.followUps.length >= MAX_FOLLOW_UPS) {
					this.counters.droppedFollowUps++;
					return;
				}
				const dueMs = this.lastMs + afterScenarioMs / this.clock.speed;
				const i = this.followUps.findIndex((f) => f.dueMs > dueMs);
				this.followUps.splice(i < 0 ? this.followUps.length : i, 0, { dueMs, request });
			},
			emitSpan: (span) => this.pendingSpans.push(span),
			emitLog: (log) => this.pendingLogs.push(log)
		};
	}

	private pushLog(inst: Instance, atMs: number, level: keyof typeof Severity, body: string, attrs: SimLog['attrs']): void {
		if (this.muted) return;
		const sev = Severity[level];
		this.pendingLogs.push({ timeMs: atMs, severity: sev.number, severityText: sev.text, body, attrs, traceId: '', spanId: '', resource: inst.resource, resourceKey: inst.instanceId, scope: 'meridian.sim.application' });
	}

	advance(untilMs: number): DemoOutput {
		if (!Number.isFinite(untilMs)) throw new RangeError(`advance(untilMs) needs a finite caller time in ms (got ${untilMs})`);
		if (untilMs <= this.lastMs) return { traces: [], metrics: [], logs: [] };
		this.out = new OutputBuffer();
		if (untilMs - this.lastMs > this.o.maxStepMs) this.fastForward(untilMs - this.o.maxStepMs);
		const maxSliceMs = Math.max(50, Math.min(1000, 15_000 / this.clock.speed));
		while (this.lastMs < untilMs) {
			const end = Math.min(untilMs, this.lastMs + maxSliceMs);
			this.slice(this.lastMs, end);
			this.lastMs = end;
		}
		this.counters.pendingSpans = this.pendingSpans.length;
		this.counters.followUps = this.followUps.length;
		this.counters.spans += this.out.spanCount;
		this.counters.logs += this.out.logCount;
		return this.out.build();
	}

	private control(atMs: number): void {
		const s = scenarioMsAt(this.clock, atMs);
		this.engine.tick(s);
		const demand = this.demandAt(s);
		const seen = this.demandAt(s - HPA_METRICS_LAG_MS);
		this.fleet.tick(s, (svc) => seen.get(svc) ?? 0);
		const events = this.fleet.drainEvents();
		if (this.muted) events.length = 0;
		for (const e of events) {
			const platform = e.platform === 'ecs' ? 'ecs' : 'eks';
			if (e.platform !== 'ec2') this.out.addLog(`events:${platform}`, this.eventResources[platform], EVENT_SCOPE, fleetEventLog(e));
			if (e.reason === 'Started' && e.instance) {
				const inst = e.instance;
				const what = inst.def.runtime === 'java' ? `Started ${inst.def.appClass} v${inst.version}` : `${inst.def.name} ${inst.version} listening on :8080`;
				this.pushLog(inst, e.atMs, 'info', what, { 'service.version': inst.version });
			}
		}
		this.utilisation = new Map([...demand].map(([svc, rps]) => [svc, this.fleet.utilisation(svc, rps)]));
	}

	private slice(startMs: number, endMs: number): void {
		this.control(startMs);
		const items: Arrival[] = this.arrivals(startMs, endMs);
		while (this.followUps.length > 0 && this.followUps[0].dueMs < endMs) {
			const f = this.followUps.shift()!;
			items.push({ atMs: Math.max(startMs, f.dueMs), request: f.request });
		}
		items.sort((a, b) => a.atMs - b.atMs);
		for (const a of items) {
			if (runTransaction(this.env, a.atMs, a.request)) this.counters.traces++;
			else this.counters.lostRequests++;
		}
		while (this.nextMetricMs <= endMs) {
			this.exportMetrics(this.nextMetricMs);
			this.nextMetricMs += this.o.metricIntervalMs;
		}
		this.flush(endMs);
	}

	private arrivals(startMs: number, endMs: number): Arrival[] {
		const mid = scenarioMsAt(this.clock, (startMs + endMs) / 2);
		const seconds = (endMs - startMs) / 1000;
		const date = kstDate(startMs).replace(/-/g, '');
		const out: Arrival[] = [];
		for (const channel of CHANNELS) {
			const rate = channelRate(channel, mid, this.o.load, this.engine.channelMultiplier(channel as Channel, mid));
			const n = this.traffic.poisson(rate * seconds);
			if (n === 0) continue;
			const weights = mixWeights(channel, mid);
			for (let i = 0; i < n; i++) {
				const tx = weights[this.traffic.weightedIndex(weights.map(([, w]) => w))][0];
				out.push({ atMs: startMs + this.traffic.next() * (endMs - startMs), request: makeRequest(this.traffic, tx, channel, date) });
			}
		}
		const cap = Math.floor(this.o.maxTracesPerSecond * seconds);
		if (out.length > cap) {
			out.sort((a, b) => a.atMs - b.atMs);
			this.counters.shedArrivals += out.length - cap;
			out.length = cap;
		}
		return out;
	}

	private exportMetrics(atMs: number): void {
		const running = this.fleet.running();
		const alive = new Set<string>();
		for (const inst of running) {
			alive.add(inst.instanceId);
			const sinceMs = this.lastExport.get(inst.instanceId) ?? Math.max(inst.processStartMs, atMs - this.o.metricIntervalMs);
			if (sinceMs >= atMs) continue;
			const util = this.utilisation.get(inst.def.name) ?? 0;
			this.out.addMetrics(inst.resource, instanceMetrics(inst, { nowMs: atMs, sinceMs, utilisation: Number.isFinite(util) ? util : 1.5, prng: this.metricPrng }));
			this.counters.metricRequests++;
			this.lastExport.set(inst.instanceId, atMs);
		}
		for (const id of [...this.lastExport.keys()]) if (!alive.has(id)) this.lastExport.delete(id);
		for (const key of [...this.breakers.keys()]) if (!alive.has(key.slice(0, key.indexOf('/')))) this.breakers.delete(key);
		this.dbs.poll(atMs, (db) => running.reduce((n, i) => n + (i.def.pools.find((p) => p.db === db)?.max ?? 0), 3), this.out);
	}

	private flush(untilMs: number): void {
		const keepSpans: SimSpan[] = [];
		for (const s of this.pendingSpans) {
			if (s.endMs <= untilMs) this.out.addSpan(s);
			else keepSpans.push(s);
		}
		this.pendingSpans = keepSpans;
		const keepLogs: SimLog[] = [];
		for (const l of this.pendingLogs) {
			if (l.timeMs <= untilMs) this.out.addSimLog(l);
			else keepLogs.push(l);
		}
		this.pendingLogs = keepLogs;
	}

	/** Advances state to `toMs` without generating traffic or telemetry. */
	private fastForward(toMs: number): void {
		const stepMs = Math.max(50, 15_000 / this.clock.speed);
		this.muted = true;
		for (let t = this.lastMs; t < toMs; t += stepMs) this.control(t);
		this.control(toMs);
		this.muted = false;
		this.counters.skippedMs += toMs - this.lastMs;
		while (this.followUps.length > 0 && this.followUps[0].dueMs < toMs) {
			this.followUps.shift();
			this.counters.droppedFollowUps++;
		}
		for (const inst of this.fleet.running()) inst.meter.resetInterval();
		this.lastExport.clear();
		this.dbs.skipTo(toMs);
		this.nextMetricMs = toMs + this.o.metricIntervalMs;
		this.lastMs = toMs;
	}

	incidents(untilMs?: number): IncidentTruth[] {
		if (untilMs !== undefined && !Number.isFinite(untilMs)) throw new RangeError(`incidents(untilMs) needs a finite caller time (got ${untilMs})`);
		return this.engine.truthsUntil(untilMs);
	}

	topology(): BankTopology {
		return bankTopology();
	}

	stats(): DemoStats {
		return { ...this.counters };
	}
}

export function createDemoBank(options: DemoBankOptions): DemoBank {
	return new Bank(options);
}
