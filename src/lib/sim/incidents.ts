/**
 * Incidents with ground truth. Each one changes the simulation only through the mechanisms
 * real incidents use (a statement's plan, an external host's answers, a pod's heap, traffic,
 * a new build), so it is visible only through telemetry.
 *
 *   slow-sql         SLOW_SQL_STATEMENT loses its index: ×1000 server time within 20 s
 *                    (1.24 M rows examined, no index); its UPDATE neighbour waits on row locks
 *   circuit-breaker  the credit bureau times out (90 % of calls, 3 s); credit-scoring's
 *                    breaker opens, then fails fast, trial calls every 30 s (scenario)
 *   memory-leak      the service's oldest pod retains heap linearly, reaching its old-gen
 *                    limit at 96 % of the duration; OOMKilled at 100 %, restart, new instance id
 *   traffic-surge    mobile traffic × 3.2 (ramp 5 %, plateau, ramp down 20 % of duration)
 *   bad-deployment   rolling update to a patch version failing 20 % of requests with a
 *                    NullPointerException (first new pod crash-loops once); rollback at the end
 */
import { CREDIT_BUREAU, serviceDef, type ExternalDef, type ServiceName } from './catalogue';
import { callerMsAt, scenarioMsAt, type ScenarioClock } from './clock';
import { ScriptedSchedule, DEFAULT_DURATION_MIN, DEFAULT_SERVICE, INCIDENT_KINDS, type IncidentKind, type IncidentPlan, type IncidentSpec } from './incident-schedule';
import { MINUTE_MS } from './clock';
import type { Fleet, Instance } from './scaling';
import { SLOW_SQL_STATEMENT, SQL, TRANSFER_LIMIT_ROWS, type StatementDef } from './statements';
import type { ExternalOutcome, SeverityName, StatementEffect } from './trace';
import type { Channel } from './transactions';
import type { SimAttrs } from './otlp';
import { heapLayout } from './runtime-model';
import { downstreamOf, upstreamOf } from './dependencies';
import { Prng } from './prng';

export interface IncidentTruth {
	id: string;
	kind: IncidentKind;
	/** Exact service.name of the culprit service. */
	rootCauseService: ServiceName;
	/** The component behind it: a database, an external host, a pod, traffic, a build. */
	rootCause: { kind: 'database' | 'external' | 'instance' | 'traffic' | 'deployment'; name: string };
	/** The root cause service and every service that calls it, directly or not. */
	affectedServices: ServiceName[];
	/** Caller's clock. */
	startMs: number;
	/** Caller's clock: planned until `ended`, then when the system had recovered. */
	endMs: number;
	ended: boolean;
	description: string;
	/** memory-leak: the leaking process and the one that replaced it after the restart. */
	instanceIds?: string[];
	podName?: string;
	/** bad-deployment: the faulty version and the one it replaced. */
	version?: string;
	previousVersion?: string;
	/** slow-sql: the statement's text with placeholders, and its db.namespace. */
	statement?: string;
	dbNamespace?: string;
}

export interface IncidentHooks {
	fleet: Fleet;
	log(instance: Instance, callerMs: number, level: SeverityName, body: string, attrs: SimAttrs): void;
	/** An administrative statement run on a database outside any trace (a DDL change). */
	adminStatement(db: StatementDef['db'], sql: string, callerMs: number): void;
}

interface Active {
	plan: IncidentPlan;
	truth: IncidentTruth;
	started: boolean;
	target?: Instance;
	lastWarnMs?: number;
	restarted?: boolean;
	rolledBack?: boolean;
}

/** Ended incidents kept for ground truth; older ones are dropped first. */
export const MAX_TRUTHS = 1_000;
const SLOW_FACTOR = 1000;
const SLOW_RAMP_MS = 20_000;
const SURGE_FACTOR = 3.2;
/** A push campaign: traffic reaches its plateau within 5 % of the surge (45 s of 15 min). */
const SURGE_RAMP = 0.05;
const BAD_BUILD_ERROR_RATE = 0.2;
const BUREAU_TIMEOUT_SHARE = 0.9;

export class IncidentEngine {
	private readonly schedule?: ScriptedSchedule;
	private readonly explicit: IncidentPlan[] = [];
	private readonly active: Active[] = [];
	private readonly truths: IncidentTruth[] = [];
	private readonly prng: Prng;

	constructor(
		private readonly clock: ScenarioClock,
		seed: number,
		mode: 'scripted' | 'none' | readonly IncidentSpec[],
		private readonly hooks: IncidentHooks
	) {
		this.prng = new Prng(seed, 'incidents');
		if (mode === 'scripted') this.schedule = new ScriptedSchedule(seed, clock.scenarioStartMs);
		else if (Array.isArray(mode)) this.explicit = mode.map((spec, i) => this.planOf(spec, i)).sort((a, b) => a.startScenarioMs - b.startScenarioMs);
	}

	private planOf(spec: IncidentSpec, index: number): IncidentPlan {
		if (!INCIDENT_KINDS.includes(spec.kind)) throw new RangeError(`unknown incident kind "${spec.kind}"; use one of ${INCIDENT_KINDS.join(', ')}`);
		if (!Number.isFinite(spec.startMs)) throw new RangeError(`incident ${index} (${spec.kind}) needs a finite startMs`);
		if (spec.durationMs !== undefined && !(spec.durationMs > 0)) throw new RangeError(`incident ${index} (${spec.kind}) needs durationMs > 0`);
		if (spec.service !== undefined) serviceDef(spec.service);
		const durationScenarioMs = spec.durationMs !== undefined ? spec.durationMs * this.clock.speed : DEFAULT_DURATION_MIN[spec.kind] * MINUTE_MS;
		return {
			id: `inc-${String(index + 1).padStart(4, '0')}-${spec.kind}`,
			kind: spec.kind,
			service: spec.kind === 'memory-leak' || spec.kind === 'bad-deployment' ? (spec.service ?? DEFAULT_SERVICE[spec.kind]) : DEFAULT_SERVICE[spec.kind],
			startScenarioMs: scenarioMsAt(this.clock, spec.startMs),
			durationScenarioMs
		};
	}

	/** Ground truth of incidents that have started, and of planned ones starting before `untilMs`. */
	truthsUntil(untilCallerMs?: number): IncidentTruth[] {
		const out: IncidentTruth[] = this.truths.map((t) => ({ ...t, instanceIds: t.instanceIds && [...t.instanceIds], affectedServices: [...t.affectedServices] }));
		if (untilCallerMs === undefined) return out;
		const until = scenarioMsAt(this.clock, untilCallerMs);
		const planned = this.schedule ? this.schedule.peek(until) : this.explicit.filter((p) => p.startScenarioMs < until);
		for (const p of planned) out.push(this.truthOf(p));
		return out;
	}

	/** Starts, advances and ends incidents up to `scenarioMs`. */
	tick(scenarioMs: number): void {
		const due = this.schedule ? this.schedule.take(scenarioMs) : this.takeExplicit(scenarioMs);
		for (const plan of due) {
			const a: Active = { plan, truth: this.truthOf(plan), started: false };
			this.active.push(a);
			this.truths.push(a.truth);
			if (this.truths.length > MAX_TRUTHS) this.truths.shift();
		}
		for (const a of this.active) this.advance(a, scenarioMs);
		for (let i = this.active.length - 1; i >= 0; i--) {
			const a = this.active[i];
			// Keep ended incidents a while: their effects are read by time (late spans).
			if (a.truth.ended && scenarioMsAt(this.clock, a.truth.endMs) < scenarioMs - 10 * MINUTE_MS) this.active.splice(i, 1);
		}
	}

	private takeExplicit(scenarioMs: number): IncidentPlan[] {
		const due: IncidentPlan[] = [];
		while (this.explicit.length > 0 && this.explicit[0].startScenarioMs <= scenarioMs) due.push(this.explicit.shift()!);
		return due;
	}

	private truthOf(plan: IncidentPlan): IncidentTruth {
		const startMs = callerMsAt(this.clock, plan.startScenarioMs);
		const endMs = callerMsAt(this.clock, plan.startScenarioMs + plan.durationScenarioMs);
		const base = { id: plan.id, kind: plan.kind, rootCauseService: plan.service, affectedServices: upstreamOf(plan.service), startMs, endMs, ended: false };
		switch (plan.kind) {
			case 'slow-sql':
				return { ...base, rootCause: { kind: 'database', name: 'deposits-db' }, statement: SLOW_SQL_STATEMENT.sql, dbNamespace: 'deposits',
					description: `A statement on ${SLOW_SQL_STATEMENT.table} lost its index and scans the whole table; transfers slow down` };
			case 'circuit-breaker':
				return { ...base, rootCause: { kind: 'external', name: CREDIT_BUREAU.address },
					description: `The external credit bureau (${CREDIT_BUREAU.address}) times out; credit-scoring's circuit breaker opens and loan applications fail fast` };
			case 'memory-leak':
				return { ...base, rootCause: { kind: 'instance', name: plan.service },
					description: `One ${plan.service} pod leaks heap until it is OOMKilled and restarts` };
			case 'traffic-surge':
				return { ...base, rootCause: { kind: 'traffic', name: 'mobile' },
					affectedServices: [...new Set([...upstreamOf(plan.service), ...downstreamOf(plan.service)])],
					description: `Mobile traffic surges ×${SURGE_FACTOR}; latency rises until new pods are ready` };
			case 'bad-deployment':
				return { ...base, rootCause: { kind: 'deployment', name: plan.service },
					description: `A new ${plan.service} build fails part of its requests until it is rolled back` };
		}
	}

	private advance(a: Active, scenarioMs: number): void {
		const { plan, truth } = a;
		const fleet = this.hooks.fleet;
		const endScenarioMs = plan.startScenarioMs + plan.durationScenarioMs;
		const at = Math.max(plan.startScenarioMs, Math.min(scenarioMs, endScenarioMs));
		if (!a.started) {
			a.started = true;
			if (plan.kind === 'slow-sql') {
				this.hooks.adminStatement('deposits-db', 'ALTER TABLE transfer_limit ALTER INDEX idx_transfer_limit_customer_date INVISIBLE', truth.startMs);
			} else if (plan.kind === 'memory-leak') {
				a.target = fleet.ready(plan.service)[0] ?? fleet.instances(plan.service)[0];
				if (a.target) {
					truth.instanceIds = [a.target.instanceId];
					truth.podName = a.target.podName;
				}
			} else if (plan.kind === 'bad-deployment') {
				truth.previousVersion = fleet.currentVersion(plan.service);
				truth.version = bumpPatch(truth.previousVersion);
				fleet.rollout(plan.service, plan.startScenarioMs, truth.version, {
					rate: BAD_BUILD_ERROR_RATE,
					errorType: 'java.lang.NullPointerException',
					message: 'Cannot invoke "com.meridianbank.products.domain.RateTier.getRateBp()" because "tier" is null'
				}, 1);
			}
		}
		if (truth.ended) return;
		switch (plan.kind) {
			case 'memory-leak':
				this.advanceLeak(a, at, scenarioMs);
				return;
			case 'bad-deployment':
				if (!a.rolledBack && scenarioMs >= endScenarioMs) {
					a.rolledBack = true;
					fleet.rollout(plan.service, endScenarioMs, truth.previousVersion ?? serviceDef(plan.service).version);
				}
				if (a.rolledBack && fleet.instances(plan.service).every((i) => i.version !== truth.version)) this.end(truth, scenarioMs);
				return;
			default:
				if (scenarioMs >= endScenarioMs) this.end(truth, endScenarioMs);
		}
	}

	private advanceLeak(a: Active, at: number, scenarioMs: number): void {
		const { plan, truth } = a;
		const inst = a.target;
		const fleet = this.hooks.fleet;
		if (!inst || !fleet.instances(plan.service).includes(inst)) {
			this.end(truth, scenarioMs);
			return;
		}
		if (a.restarted) {
			if (inst.state === 'ready') this.end(truth, scenarioMs);
			return;
		}
		const heap = heapLayout(inst.def);
		const progress = (at - plan.startScenarioMs) / plan.durationScenarioMs;
		inst.meter.leakMb = Math.min(1, progress / 0.96) * (heap.oldLimitMb - heap.oldBaseMb * 0.95);
		const occupancy = (heap.oldBaseMb + inst.meter.leakMb) / heap.oldLimitMb;
		const callerMs = callerMsAt(this.clock, at);
		if (occupancy > 0.85 && (a.lastWarnMs === undefined || at - a.lastWarnMs >= 2 * MINUTE_MS)) {
			a.lastWarnMs = at;
			this.hooks.log(inst, callerMs, 'warn', `GC overhead high: old generation ${Math.round(occupancy * 100)}% full after full collection`, { 'jvm.memory.pool.name': 'G1 Old Gen' });
		}
		if (progress >= 1) {
			this.hooks.log(inst, callerMs, 'error', 'java.lang.OutOfMemoryError: Java heap space', {
				'exception.type': 'java.lang.OutOfMemoryError',
				'exception.message': 'Java heap space'
			});
			fleet.restart(inst, at, 'OOMKilled');
			truth.instanceIds = [...(truth.instanceIds ?? []), inst.instanceId];
			a.restarted = true;
		}
	}

	private end(truth: IncidentTruth, scenarioMs: number): void {
		truth.ended = true;
		truth.endMs = callerMsAt(this.clock, scenarioMs);
	}

	private activeOf(kind: IncidentKind, scenarioMs: number): Active | undefined {
		return this.active.find((a) => a.plan.kind === kind && scenarioMs >= a.plan.startScenarioMs && scenarioMs < a.plan.startScenarioMs + a.plan.durationScenarioMs);
	}

	statementEffect(st: StatementDef, callerMs: number): StatementEffect {
		const s = scenarioMsAt(this.clock, callerMs);
		const a = this.activeOf('slow-sql', s);
		if (!a) return { latencyFactor: 1 };
		const ramp = Math.min(1, (s - a.plan.startScenarioMs) / SLOW_RAMP_MS);
		if (st.id === SLOW_SQL_STATEMENT.id) {
			return { latencyFactor: 1 + (SLOW_FACTOR - 1) * ramp, rowsExamined: ramp > 0.5 ? TRANSFER_LIMIT_ROWS : 1, noIndexUsed: ramp > 0.5 };
		}
		if (st.id === SQL.transferLimitUpdate.id && this.prng.chance(0.3 * ramp)) {
			return { latencyFactor: 1, lockWaitMs: this.prng.logNormal(120, 0.6) };
		}
		return { latencyFactor: 1 };
	}

	externalOutcome(ext: ExternalDef, callerMs: number): ExternalOutcome {
		if (ext.peerService !== CREDIT_BUREAU.peerService) return { kind: 'ok', latencyFactor: 1 };
		if (!this.activeOf('circuit-breaker', scenarioMsAt(this.clock, callerMs))) return { kind: 'ok', latencyFactor: 1 };
		return this.prng.chance(BUREAU_TIMEOUT_SHARE) ? { kind: 'timeout' } : { kind: 'ok', latencyFactor: 4 };
	}

	/** Arrival-rate multiplier for a channel. */
	channelMultiplier(channel: Channel, scenarioMs: number): number {
		if (channel !== 'mobile') return 1;
		const a = this.activeOf('traffic-surge', scenarioMs);
		if (!a) return 1;
		const p = (scenarioMs - a.plan.startScenarioMs) / a.plan.durationScenarioMs;
		const shape = p < SURGE_RAMP ? p / SURGE_RAMP : p > 0.8 ? (1 - p) / 0.2 : 1;
		return 1 + (SURGE_FACTOR - 1) * Math.max(0, Math.min(1, shape));
	}
}

function bumpPatch(version: string): string {
	const parts = version.split('.').map((x) => Number.parseInt(x, 10));
	if (parts.length !== 3 || parts.some((x) => !Number.isFinite(x))) return `${version}-1`;
	return `${parts[0]}.${parts[1]}.${parts[2] + 1}`;
}
