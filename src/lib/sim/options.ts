/** Options of the demo bank, their defaults and validation (bad input gets a clear error). */
import { INCIDENT_KINDS, type IncidentSpec } from './incident-schedule';

export interface DemoBankOptions {
	seed: number;
	/** Wall-clock ms at which the simulation starts (the caller's clock). */
	startMs: number;
	/** Scenario clock speed: 1 = real time; 60 = one simulated hour of load shape and
	 *  incident schedule per real minute. Span timestamps stay on the caller's clock. */
	speed?: number;
	/** Scales overall traffic; 1 (default) gives ~50 business transactions/s at a weekday lunch peak. */
	load?: number;
	/** 'scripted' (default): the incident schedule; 'none'; or explicit incident specs. */
	incidents?: 'scripted' | 'none' | IncidentSpec[];
	/** Scenario time at the start (default `startMs`): start at a month end, a night, ... */
	scenarioStartMs?: number;
	/** Metric export and database poll interval, caller ms. Default: 10 s / speed, within 1-10 s. */
	metricIntervalMs?: number;
	/** Longest step simulated with telemetry per advance(), caller ms (default 60,000). */
	maxStepMs?: number;
	/** Arrivals above this rate are shed (default 400 per caller second). */
	maxTracesPerSecond?: number;
}

export interface NormalisedOptions {
	seed: number;
	startMs: number;
	speed: number;
	load: number;
	incidents: 'scripted' | 'none' | IncidentSpec[];
	scenarioStartMs: number;
	metricIntervalMs: number;
	maxStepMs: number;
	maxTracesPerSecond: number;
}

/** Counters since creation (pendingSpans and followUps: now). */
export interface DemoStats {
	traces: number;
	spans: number;
	logs: number;
	metricRequests: number;
	/** Arrivals dropped by the maxTracesPerSecond bound. */
	shedArrivals: number;
	/** Requests that found no ready entry instance. */
	lostRequests: number;
	/** Follow-ups dropped because the queue was full or their time was skipped. */
	droppedFollowUps: number;
	/** Caller ms fast-forwarded without telemetry (steps longer than maxStepMs). */
	skippedMs: number;
	pendingSpans: number;
	followUps: number;
}

function check(ok: boolean, message: string): void {
	if (!ok) throw new RangeError(`createDemoBank: ${message}`);
}

export function normaliseOptions(o: DemoBankOptions): NormalisedOptions {
	check(o !== null && typeof o === 'object', 'options must be an object');
	check(Number.isFinite(o.seed), `seed must be a finite number (got ${o.seed})`);
	check(Number.isFinite(o.startMs), `startMs must be a finite caller time in ms (got ${o.startMs})`);
	const speed = o.speed ?? 1;
	check(Number.isFinite(speed) && speed > 0 && speed <= 86_400, `speed must be in (0, 86400] (got ${speed})`);
	const load = o.load ?? 1;
	check(Number.isFinite(load) && load >= 0 && load <= 100, `load must be in [0, 100] (got ${load})`);
	const incidents = o.incidents ?? 'scripted';
	check(
		incidents === 'scripted' || incidents === 'none' || (Array.isArray(incidents) && incidents.every((s) => s && INCIDENT_KINDS.includes(s.kind))),
		`incidents must be 'scripted', 'none' or specs with kind in ${INCIDENT_KINDS.join(', ')}`
	);
	const scenarioStartMs = o.scenarioStartMs ?? o.startMs;
	check(Number.isFinite(scenarioStartMs), `scenarioStartMs must be finite (got ${scenarioStartMs})`);
	const metricIntervalMs = o.metricIntervalMs ?? Math.min(10_000, Math.max(1_000, Math.round(10_000 / speed)));
	check(Number.isFinite(metricIntervalMs) && metricIntervalMs >= 100, `metricIntervalMs must be ≥ 100 (got ${metricIntervalMs})`);
	const maxStepMs = o.maxStepMs ?? 60_000;
	check(Number.isFinite(maxStepMs) && maxStepMs >= 100 && maxStepMs <= 600_000, `maxStepMs must be in [100, 600000] (got ${maxStepMs})`);
	const maxTracesPerSecond = o.maxTracesPerSecond ?? 400;
	check(Number.isFinite(maxTracesPerSecond) && maxTracesPerSecond > 0, `maxTracesPerSecond must be > 0 (got ${maxTracesPerSecond})`);
	return { seed: o.seed, startMs: o.startMs, speed, load, incidents, scenarioStartMs, metricIntervalMs, maxStepMs, maxTracesPerSecond };
}
