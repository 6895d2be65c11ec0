/**
 * Failure prediction over the watched series that have a limit: heap usage -> 100 % of the
 * heap limit, connection pool usage -> the pool maximum (both as ratios, per instance), and
 * each service's p95 latency -> its objective. predictBreach (failure.ts) fits the last
 * `windowMs`; an alert ("expected to breach in about N min") needs the slope's 90 % interval
 * above zero and a breach probability within `horizonMs` of at least `minProbability`.
 */
import { breachAlert, predictBreach, type BreachPrediction } from '../failure';
import type { SeriesRef } from './series-ref';
import type { TrackedSeries } from './tracked-series';

export interface BreachView {
	seriesId: string;
	ref: SeriesRef;
	limit: number;
	current: number;
	/** Rounded minutes to the expected breach (0 = reached). */
	inMinutes: number;
	/** 90 % interval of the time to the limit, in minutes (high may be Infinity). */
	lowMinutes: number;
	highMinutes: number;
	probability: number;
	state: BreachPrediction['state'];
}

export interface BreachOptions {
	/** p95 objective per service in ms; default `defaultObjectiveMs`. */
	objectiveMs?: (service: string) => number;
	windowMs?: number;
	horizonMs?: number;
	minProbability?: number;
	nowMs: number;
}

/** A p95 of one second is where a person waiting on a screen notices. */
export const defaultObjectiveMs = 1_000;

export function limitOf(ref: SeriesRef, objectiveMs: (service: string) => number): number | undefined {
	if (ref.scope === 'instance' && (ref.metric === 'runtime.heap.usage' || ref.metric === 'db.pool.usage')) return 1;
	if (ref.scope === 'service' && ref.metric === 'latency.p95Ms' && ref.service) return objectiveMs(ref.service);
	return undefined;
}

export function predictBreaches(series: Iterable<TrackedSeries>, options: BreachOptions): BreachView[] {
	const objective = options.objectiveMs ?? (() => defaultObjectiveMs);
	const windowMs = options.windowMs ?? 10 * 60_000;
	const out: BreachView[] = [];
	for (const s of series) {
		const limit = limitOf(s.ref, objective);
		if (limit === undefined || options.nowMs - s.lastMs > 60_000) continue;
		const points = s.points(options.nowMs - windowMs);
		const p = predictBreach({
			timesMs: points.map((x) => x.timeMs),
			values: points.map((x) => x.value),
			limit,
			windowMs,
			horizonMs: options.horizonMs ?? 60 * 60_000,
			nowMs: s.lastMs
		});
		const alert = breachAlert(p, options.minProbability ?? 0.5);
		if (!alert) continue;
		out.push({
			seriesId: s.ref.id,
			ref: s.ref,
			limit,
			current: p.current,
			inMinutes: alert.inMinutes,
			lowMinutes: p.etaLowMs / 60_000,
			highMinutes: p.etaHighMs / 60_000,
			probability: alert.probability,
			state: p.state
		});
	}
	return out.sort((a, b) => a.inMinutes - b.inMinutes || b.probability - a.probability || a.seriesId.localeCompare(b.seriesId));
}
