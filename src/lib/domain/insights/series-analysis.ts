/**
 * Batch entry points over one metric series, for the insight worker: the seasonal band with
 * per-point anomaly scores and hysteresis events, and the streaming detector's scores.
 */
import { SeasonalBaseline, type BaselineOptions } from './baseline';
import { AnomalyEventTracker, type AnomalyEvent, type EventOptions } from './events';
import { StreamingDetector, type StreamingDetectorOptions } from './streaming-detector';
import { dayKeyFromPatterns, type PatternResult } from './patterns';

export interface BandedSeries {
	expected: number[];
	lower: number[];
	upper: number[];
	z: number[];
	score: number[];
	/** Closed events plus the open one (endMs null) at the end of the series. */
	events: AnomalyEvent[];
}

export interface BandRequest {
	timesMs: readonly number[];
	values: readonly number[];
	baseline?: Omit<BaselineOptions, 'dayKey'>;
	events?: EventOptions;
	/** Points used only for learning before scores count toward events. Default 0. */
	warmupPoints?: number;
	/**
	 * Load patterns (clusterDays output) to pick the baseline by day type: slots are kept per
	 * pattern label (weekday, weekend, month-end) instead of per weekday.
	 */
	patterns?: PatternResult;
}

export function bandAndScore(request: BandRequest): BandedSeries {
	const dayKey = request.patterns ? dayKeyFromPatterns(request.patterns, request.baseline?.utcOffsetMinutes ?? 0) : undefined;
	const baseline = new SeasonalBaseline({ ...request.baseline, ...(dayKey ? { dayKey } : {}) });
	const tracker = new AnomalyEventTracker(request.events);
	const out: BandedSeries = { expected: [], lower: [], upper: [], z: [], score: [], events: [] };
	const n = Math.min(request.timesMs.length, request.values.length);
	for (let i = 0; i < n; i++) {
		const p = baseline.update(request.timesMs[i], request.values[i]);
		out.expected.push(p.expected);
		out.lower.push(p.lower);
		out.upper.push(p.upper);
		out.z.push(p.z);
		out.score.push(p.score);
		// A band from fewer than 3 samples is not trusted for events.
		if (i >= (request.warmupPoints ?? 0) && p.samples >= 3) tracker.update(request.timesMs[i], p.z);
	}
	out.events = [...tracker.closed];
	if (tracker.active) out.events.push(tracker.active);
	return out;
}

export function streamingScores(values: readonly number[], options?: StreamingDetectorOptions): number[] {
	const detector = new StreamingDetector(options);
	return values.map((v) => detector.update(v));
}
