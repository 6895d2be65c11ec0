/**
 * One watched series: its seasonal baseline, its anomaly events (hysteresis) and its last
 * `capacity` points (time, value, expected, sd) for charts, breach prediction and root-cause
 * windows.
 *
 * Scoring: z = (value - expected) / sd with sd floored by the metric's spec (series-ref.ts),
 * and only deviations in the metric's bad direction count toward events (a latency drop is
 * not an incident). Events need a band learned from at least `minBandSamples` points; a
 * quarter-hour slot younger than that borrows the rest from the slot before it (baseline.ts
 * `priorSamples`), so on a first day an incident at a slot's start is still seen.
 *
 * Learning is frozen while an event is open, so an incident does not teach the band that it
 * is normal; after `maxFreezeMs` of one open event the series learns again (winsorised by the
 * baseline), so a lasting new level is accepted in the end.
 *
 * Memory: the baseline (see baseline.ts) + 4 x `capacity` float64s.
 */
import { SeasonalBaseline, type BaselineOptions, type BaselineState } from '../baseline';
import { AnomalyEventTracker, type AnomalyEvent, type EventOptions } from '../events';
import { specOf, type MetricSpec, type SeriesRef } from './series-ref';

export interface SeriesPoint {
	timeMs: number;
	value: number;
	expected: number;
	/** Band half-width / bandSigmas; NaN before the band exists. */
	sd: number;
}

export interface TrackedSeriesOptions {
	stepMs: number;
	baseline?: Omit<BaselineOptions, 'dayKey'>;
	dayKey?: (timeMs: number) => string;
	events?: EventOptions;
	/** Points kept for charts and analysis. Default 360 (one hour of 10 s windows). */
	capacity?: number;
	/** Points a band must have learned before its events count. Default 30 (five minutes of 10 s windows). */
	minBandSamples?: number;
	/** Default 30 minutes. */
	maxFreezeMs?: number;
	/** A saved baseline to continue from. */
	state?: BaselineState;
	/** Points up to this time are already in `state`: they are scored and kept, not learned again. */
	learnedToMs?: number;
}

export interface ObserveResult {
	point: SeriesPoint;
	z: number;
	opened?: AnomalyEvent;
	closed?: AnomalyEvent;
}

export const bandSigmas = 3;

export class TrackedSeries {
	readonly ref: SeriesRef;
	readonly spec: MetricSpec;
	readonly baseline: SeasonalBaseline;
	readonly tracker: AnomalyEventTracker;
	readonly capacity: number;
	readonly #stepSec: number;
	readonly #minBandSamples: number;
	readonly #maxFreezeMs: number;
	readonly #ring: Float64Array;
	#start = 0;
	#count = 0;
	lastMs = -Infinity;
	readonly #learnedToMs: number;
	/** Points learned since the baseline was created or restored (for persistence). */
	learned = 0;

	constructor(ref: SeriesRef, options: TrackedSeriesOptions) {
		this.ref = ref;
		this.spec = specOf(ref.metric);
		this.capacity = options.capacity ?? 360;
		this.#stepSec = options.stepMs / 1000;
		this.#minBandSamples = options.minBandSamples ?? 30;
		this.#maxFreezeMs = options.maxFreezeMs ?? 30 * 60_000;
		this.#learnedToMs = options.state ? (options.learnedToMs ?? -Infinity) : -Infinity;
		// a young slot leans on the one before it until it could open events on its own (a
		// state saved before the prior existed gets it too)
		this.baseline = options.state
			? SeasonalBaseline.fromState({ ...options.state, priorSamples: options.state.priorSamples || this.#minBandSamples }, options.dayKey)
			: new SeasonalBaseline({ bandSigmas, priorSamples: this.#minBandSamples, ...options.baseline, ...(options.dayKey ? { dayKey: options.dayKey } : {}) });
		// Three points (30 s at 10 s windows) above 3 sd open an event: the p95 of a busy endpoint
		// jumps for a window or two on a GC pause, and hundreds of series would cry wolf on those.
		this.tracker = new AnomalyEventTracker({ openZ: 3, closeZ: 2, openPoints: 3, closePoints: 3, criticalZ: 6, maxClosed: 50, ...options.events });
		this.#ring = new Float64Array(this.capacity * 4);
	}

	/** Expected value and floored sd at `timeMs` (sd NaN when nothing is learned yet). */
	bandAt(timeMs: number): { expected: number; sd: number; samples: number } {
		const b = this.baseline.band(timeMs);
		if (b.source === 'none') return { expected: NaN, sd: NaN, samples: 0 };
		return { expected: b.expected, sd: Math.max(b.sd, this.spec.minSd(b.expected, this.#stepSec)), samples: b.samples };
	}

	observe(timeMs: number, value: number): ObserveResult {
		const band = this.bandAt(timeMs);
		const z = Number.isFinite(band.sd) ? (value - band.expected) / band.sd : 0;
		const bad = this.spec.direction === 'up' ? Math.max(z, 0) : this.spec.direction === 'down' ? Math.min(z, 0) : z;
		const open = this.tracker.active;
		const frozen = open !== null && timeMs - open.startMs < this.#maxFreezeMs;
		if (!frozen && Number.isFinite(value) && timeMs > this.#learnedToMs) {
			this.baseline.update(timeMs, value);
			this.learned++;
		}
		const result: ObserveResult = { point: { timeMs, value, expected: band.expected, sd: band.sd }, z };
		if (band.samples >= this.#minBandSamples || open) {
			const change = this.tracker.update(timeMs, bad);
			if (change.opened) result.opened = change.opened;
			if (change.closed) result.closed = change.closed;
		}
		this.#push(result.point);
		this.lastMs = Math.max(this.lastMs, timeMs);
		return result;
	}

	#push(p: SeriesPoint): void {
		let i: number;
		if (this.#count < this.capacity) {
			i = (this.#start + this.#count) % this.capacity;
			this.#count++;
		} else {
			// full: overwrite the oldest point
			i = this.#start;
			this.#start = (this.#start + 1) % this.capacity;
		}
		this.#ring[i * 4] = p.timeMs;
		this.#ring[i * 4 + 1] = p.value;
		this.#ring[i * 4 + 2] = p.expected;
		this.#ring[i * 4 + 3] = p.sd;
	}

	get length(): number {
		return this.#count;
	}

	/** Kept points with time in [fromMs, toMs), oldest first. */
	points(fromMs = -Infinity, toMs = Infinity): SeriesPoint[] {
		const out: SeriesPoint[] = [];
		for (let k = 0; k < this.#count; k++) {
			const i = ((this.#start + k) % this.capacity) * 4;
			const t = this.#ring[i];
			if (t >= fromMs && t < toMs) out.push({ timeMs: t, value: this.#ring[i + 1], expected: this.#ring[i + 2], sd: this.#ring[i + 3] });
		}
		return out;
	}

	/** The newest point, if any. */
	latest(): SeriesPoint | undefined {
		if (this.#count === 0) return undefined;
		const i = ((this.#start + this.#count - 1) % this.capacity) * 4;
		return { timeMs: this.#ring[i], value: this.#ring[i + 1], expected: this.#ring[i + 2], sd: this.#ring[i + 3] };
	}
}
