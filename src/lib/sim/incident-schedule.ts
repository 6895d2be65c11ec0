/**
 * Incident kinds, their defaults and the scripted schedule. All times here are scenario
 * time; the engine (incidents.ts) converts to the caller's clock for ground truth.
 *
 *   |--10 min--[slow-sql 12]--10-13 min--[circuit-breaker 10]--10-13--[memory-leak 25 + 2]--
 *              --10-13--[traffic-surge 15]--10-13--[bad-deployment 12 + 5]--10-13--[slow-sql ...
 *
 * so incidents start every 20-40 scenario minutes and never overlap.
 */
import type { ServiceName } from './catalogue';
import { MINUTE_MS } from './clock';
import { Prng } from './prng';

export type IncidentKind = 'slow-sql' | 'circuit-breaker' | 'memory-leak' | 'traffic-surge' | 'bad-deployment';
export const INCIDENT_KINDS: readonly IncidentKind[] = ['slow-sql', 'circuit-breaker', 'memory-leak', 'traffic-surge', 'bad-deployment'];

/** An incident a caller asks for. Times on the caller's clock. */
export interface IncidentSpec {
	kind: IncidentKind;
	startMs: number;
	/** Default: the kind's scenario duration divided by the speed. */
	durationMs?: number;
	/** Memory leak, bad deployment: the service (defaults below); other kinds ignore it. */
	service?: ServiceName;
}

export const DEFAULT_DURATION_MIN: Record<IncidentKind, number> = {
	'slow-sql': 12,
	'circuit-breaker': 10,
	'memory-leak': 25,
	'traffic-surge': 15,
	'bad-deployment': 12
};

/** The service each kind degrades (root cause) unless the spec names another. */
export const DEFAULT_SERVICE: Record<IncidentKind, ServiceName> = {
	'slow-sql': 'transfer',
	'circuit-breaker': 'credit-scoring',
	'memory-leak': 'accounts',
	'traffic-surge': 'mobile-banking',
	'bad-deployment': 'product-catalogue'
};

export interface IncidentPlan {
	id: string;
	kind: IncidentKind;
	service: ServiceName;
	startScenarioMs: number;
	durationScenarioMs: number;
}

const FIRST_START_MIN = 10;
const GAP_MIN: [number, number] = [10, 13];
/** A memory leak's restart and a bad deployment's rollback take a few more minutes. */
const TAIL_MIN: Partial<Record<IncidentKind, number>> = { 'memory-leak': 2, 'bad-deployment': 5 };

/** Plans generated ahead of time are capped (look-ahead queries stop there). */
export const MAX_PENDING_PLANS = 1_000;

/** Lazily extended scripted schedule; deterministic for a seed. */
export class ScriptedSchedule {
	private readonly prng: Prng;
	/** Generated plans that have not been taken yet, in start order. */
	private readonly pending: IncidentPlan[] = [];
	private count = 0;
	private nextStartMs: number;

	constructor(seed: number, scenarioStartMs: number) {
		this.prng = new Prng(seed, 'incident-schedule');
		this.nextStartMs = scenarioStartMs + FIRST_START_MIN * MINUTE_MS;
	}

	/** Untaken plans starting before `scenarioMs` (at most MAX_PENDING_PLANS). */
	peek(scenarioMs: number): readonly IncidentPlan[] {
		while (this.nextStartMs < scenarioMs && this.pending.length < MAX_PENDING_PLANS) this.generate();
		return this.pending.filter((p) => p.startScenarioMs < scenarioMs);
	}

	/** Removes and returns the plans that start at or before `scenarioMs`. */
	take(scenarioMs: number): IncidentPlan[] {
		this.peek(scenarioMs + 1);
		const due: IncidentPlan[] = [];
		while (this.pending.length > 0 && this.pending[0].startScenarioMs <= scenarioMs) due.push(this.pending.shift()!);
		return due;
	}

	private generate(): void {
		const n = this.count++;
		const kind = INCIDENT_KINDS[n % INCIDENT_KINDS.length];
		const durationMin = DEFAULT_DURATION_MIN[kind];
		this.pending.push({
			id: `inc-${String(n + 1).padStart(4, '0')}-${kind}`,
			kind,
			service: DEFAULT_SERVICE[kind],
			startScenarioMs: this.nextStartMs,
			durationScenarioMs: durationMin * MINUTE_MS
		});
		const gapMin = this.prng.range(GAP_MIN[0], GAP_MIN[1]);
		this.nextStartMs += (durationMin + (TAIL_MIN[kind] ?? 0) + gapMin) * MINUTE_MS;
	}
}
