/**
 * The insights host's online state: every watched series (baseline, events, recent points),
 * their open and recently closed anomalies, and the incidents grouping them. Fed one window
 * of observations at a time (observations of a window in any order, windows in time order).
 *
 * Bounds: at most `maxSeries` series (a new series beyond it is refused and counted in
 * `refusedSeries`); a series without a point for `idleMs` is dropped by `evictIdle` (its
 * open anomaly is closed at its last point); at most `maxClosedAnomalies` closed anomalies
 * are kept in memory (the host persists them).
 */
import type { BaselineState } from '../baseline';
import type { AnomalyEvent } from '../events';
import { IncidentTracker, type AnomalyRecord, type IncidentOptions, type IncidentRecord } from './incidents';
import type { Observation, SeriesRef } from './series-ref';
import { TrackedSeries, type TrackedSeriesOptions } from './tracked-series';

export interface EngineOptions extends Omit<TrackedSeriesOptions, 'state' | 'dayKey'> {
	utcOffsetMinutes?: number;
	maxSeries?: number;
	idleMs?: number;
	maxClosedAnomalies?: number;
	incidents?: IncidentOptions;
	dayKey?: (timeMs: number) => string;
}

export interface EngineUpdate {
	opened: AnomalyRecord[];
	closed: AnomalyRecord[];
	incidentOpened?: IncidentRecord;
	incidentChanged?: IncidentRecord;
	incidentClosed?: IncidentRecord;
}

export class InsightEngine {
	readonly series = new Map<string, TrackedSeries>();
	readonly incidents: IncidentTracker;
	refusedSeries = 0;
	readonly #o: EngineOptions & { maxSeries: number; idleMs: number; maxClosedAnomalies: number };
	readonly #open = new Map<string, AnomalyRecord>();
	readonly #closed: AnomalyRecord[] = [];
	#dayKey: ((timeMs: number) => string) | undefined;

	constructor(options: EngineOptions) {
		this.#o = { maxSeries: 1_000, idleMs: 3_600_000, maxClosedAnomalies: 200, ...options };
		this.#dayKey = options.dayKey;
		this.incidents = new IncidentTracker(options.incidents);
	}

	#trackOptions(state?: BaselineState, learnedToMs?: number): TrackedSeriesOptions {
		return {
			stepMs: this.#o.stepMs,
			baseline: { utcOffsetMinutes: this.#o.utcOffsetMinutes ?? 0, ...this.#o.baseline },
			...(this.#dayKey ? { dayKey: this.#dayKey } : {}),
			...(this.#o.events ? { events: this.#o.events } : {}),
			...(this.#o.capacity ? { capacity: this.#o.capacity } : {}),
			...(this.#o.minBandSamples ? { minBandSamples: this.#o.minBandSamples } : {}),
			...(this.#o.maxFreezeMs ? { maxFreezeMs: this.#o.maxFreezeMs } : {}),
			...(state ? { state, ...(learnedToMs !== undefined ? { learnedToMs } : {}) } : {})
		};
	}

	/**
	 * Continues a series from a saved baseline (before its first observation); points up to
	 * `learnedToMs` are in the state already and are not learned again when replayed.
	 */
	restore(ref: SeriesRef, state: BaselineState, learnedToMs?: number): boolean {
		if (this.series.has(ref.id) || this.series.size >= this.#o.maxSeries) return false;
		try {
			this.series.set(ref.id, new TrackedSeries(ref, this.#trackOptions(state, learnedToMs)));
			return true;
		} catch {
			// a state saved with other slot settings: the series learns afresh
			return false;
		}
	}

	#track(ref: SeriesRef): TrackedSeries | undefined {
		let s = this.series.get(ref.id);
		if (s) return s;
		if (this.series.size >= this.#o.maxSeries) {
			this.refusedSeries++;
			return undefined;
		}
		s = new TrackedSeries(ref, this.#trackOptions());
		this.series.set(ref.id, s);
		return s;
	}

	#record(s: TrackedSeries, e: AnomalyEvent): AnomalyRecord {
		const peak = s.points(e.peakMs, e.peakMs + 1)[0];
		return {
			id: `${s.ref.id}@${e.startMs}`,
			seriesId: s.ref.id,
			ref: s.ref,
			startMs: e.startMs,
			endMs: e.endMs,
			severity: e.severity,
			peakZ: e.peakZ,
			peakMs: e.peakMs,
			peakValue: peak?.value ?? NaN,
			expectedAtPeak: peak?.expected ?? NaN,
			points: e.points
		};
	}

	/** Feeds one window's observations; `nowMs` stamps incident changes (default the window time). */
	observe(observations: readonly Observation[], nowMs?: number): EngineUpdate {
		const update: EngineUpdate = { opened: [], closed: [] };
		for (const o of observations) {
			const s = this.#track(o.ref);
			if (!s || !(o.timeMs > s.lastMs)) continue;
			const r = s.observe(o.timeMs, o.value);
			const stamp = nowMs ?? o.timeMs;
			if (r.opened) {
				const a = this.#record(s, r.opened);
				this.#open.set(s.ref.id, a);
				update.opened.push(a);
				const joined = this.incidents.anomalyOpened(a, stamp);
				if (joined.opened) update.incidentOpened = joined.incident;
				else if (joined.incident) update.incidentChanged = joined.incident;
			} else if (r.closed) {
				this.#close(s, r.closed, stamp, update);
			} else {
				const active = this.#open.get(s.ref.id);
				const now = s.tracker.active;
				if (active && now && Math.abs(now.peakZ) > Math.abs(active.peakZ)) Object.assign(active, this.#record(s, now), { incidentId: active.incidentId });
			}
		}
		return update;
	}

	#close(s: TrackedSeries, e: AnomalyEvent, nowMs: number, update: EngineUpdate): void {
		const open = this.#open.get(s.ref.id);
		const a = { ...this.#record(s, e), ...(open?.incidentId ? { incidentId: open.incidentId } : {}) };
		this.#open.delete(s.ref.id);
		this.#closed.push(a);
		if (this.#closed.length > this.#o.maxClosedAnomalies) this.#closed.shift();
		update.closed.push(a);
		const inc = this.incidents.anomalyClosed(a, nowMs);
		if (inc) update.incidentChanged = inc;
	}

	/** Closes quiet incidents and forgets idle series at `nowMs`. */
	tick(nowMs: number): EngineUpdate {
		const update: EngineUpdate = { opened: [], closed: [] };
		for (const [id, s] of this.series) {
			if (nowMs - s.lastMs <= this.#o.idleMs) continue;
			const active = s.tracker.active;
			if (active) this.#close(s, { ...active, endMs: s.lastMs }, nowMs, update);
			this.series.delete(id);
		}
		const closed = this.incidents.tick(nowMs);
		if (closed) update.incidentClosed = closed;
		return update;
	}

	openAnomalies(): AnomalyRecord[] {
		return [...this.#open.values()].sort((a, b) => b.startMs - a.startMs);
	}

	closedAnomalies(): readonly AnomalyRecord[] {
		return this.#closed;
	}
}
