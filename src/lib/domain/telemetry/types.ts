/**
 * Shapes of what the browser derives from the stream and stores: serialised sketches and
 * window statistics, rollup window records, gaps, the stream cursor and storage notices.
 * Everything here is structured-clone friendly (IndexedDB values and postMessage payloads).
 */
import type { MetricType, ResourceRecord, Attrs } from '../../protocol/records';
import type { RollupLevel } from './levels';
import type { SeriesKey } from './series-key';

/**
 * A serialised quantile sketch (see sketch.ts): sparse, ascending bucket keys. A value v > 0
 * sits in bucket ceil(log(v) / log(gamma)), gamma = (1 + alpha) / (1 - alpha).
 */
export interface SketchData {
	/** Relative accuracy the sketch guarantees for every quantile (0.01 = 1 %). */
	alpha: number;
	/** Values below the smallest indexable value (durations of 0). */
	zeroCount: number;
	/** Ascending bucket keys. */
	keys: Int32Array;
	/** counts[i] belongs to keys[i]; integers stored as float64 (no 2^32 overflow). */
	counts: Float64Array;
}

/** Transaction statistics of one series in one window. Durations in milliseconds. */
export interface SpanStatsData {
	count: number;
	errors: number;
	sumMs: number;
	/** +Infinity / -Infinity when count is 0. */
	minMs: number;
	maxMs: number;
	sketch: SketchData;
}

/**
 * One stored rollup window: every span series of one level and window start. One record per
 * window (not per series) so a checkpoint writes a handful of records per second.
 */
export interface RollupWindowRecord {
	level: RollupLevel;
	startMs: number;
	series: Record<SeriesKey, SpanStatsData>;
	/**
	 * In-flight requests per series from an `http.server.active_requests` metric, for series
	 * where one was received in this window: `sum` of per-second values over `n` seconds
	 * (mean = sum / n, mergeable). Series without it use Little's law.
	 */
	activeMeasured?: Record<SeriesKey, { sum: number; n: number }>;
}

/** Key of a metric series: `<name>|<resourceId>|<k=v,k=v sorted chosen attributes>`. */
export type MetricSeriesKey = string;

/**
 * How a metric point kind is rolled up:
 * - gauge and non-monotonic sums: last / min / max / mean of the values;
 * - monotonic sums: `increase` over the window (delta points added; cumulative points
 *   differenced with reset detection), shown as a rate per second;
 * - histograms: bucket counts added (explicit bounds) or folded into a sketch
 *   (exponential); cumulative histograms differenced like sums;
 * - summaries: the last quantiles, count and sum.
 */
export type MetricRollupKind = 'gauge' | 'rate' | 'histogram' | 'summary';

export interface MetricStatsData {
	kind: MetricRollupKind;
	/** Points that fell in the window. */
	points: number;
	/** gauge */
	min?: number;
	max?: number;
	sum?: number;
	last?: number;
	lastTimeUs?: number;
	/** rate: total increase in the window, and how many counter resets were seen. */
	increase?: number;
	resets?: number;
	/** histogram and summary aggregates (of observations, not points). */
	count?: number;
	total?: number;
	obsMin?: number;
	obsMax?: number;
	/** Explicit-bucket histogram: `bounds.length + 1` counts. */
	bounds?: number[];
	bucketCounts?: number[];
	/** Exponential histograms are folded into a sketch of observation values. */
	sketch?: SketchData;
	/** summary: the last point's quantiles. */
	quantiles?: { q: number; value: number }[];
}

export interface MetricRollupRecord {
	level: RollupLevel;
	startMs: number;
	series: Record<MetricSeriesKey, MetricStatsData>;
}

/** What is known about one metric series (for pickers and chart legends). */
export interface MetricSeriesDescriptor {
	key: MetricSeriesKey;
	name: string;
	unit: string;
	type: MetricType;
	kind: MetricRollupKind;
	resourceId: string;
	service: string;
	instance: string;
	/** The chosen attributes that split this series. */
	attrs: Attrs;
	firstSeenMs: number;
	lastSeenMs: number;
}

/** A resource with the times (relay receive clock, Unix ms) it was first and last seen. */
export interface StoredResource extends ResourceRecord {
	firstSeenMs: number;
	lastSeenMs: number;
}

/** Position in the relay's replay log; `seq` is the last batch fully written. */
export interface StreamCursor {
	epoch: string;
	seq: number;
}

/**
 * Data that will never arrive. `relay-evicted`: the relay's log no longer held batches
 * fromSeq..toSeq; `epoch-reset`: the relay started a fresh log, so whatever followed the
 * cursor in the old log is unknown (fromMs..toMs is the last known receive time);
 * `unreadable`: batch fromSeq arrived but could not be parsed (the error is in `detail`).
 */
export interface GapRecord {
	id?: number;
	epoch: string;
	fromSeq: number;
	toSeq: number;
	fromMs: number;
	toMs: number;
	reason: 'relay-evicted' | 'epoch-reset' | 'unreadable';
	recordedMs: number;
	detail?: string;
}

/**
 * Something the store removed or refused, shown to the user. `retention`: routine age-based
 * eviction; `quota`: the browser refused a write (QuotaExceededError) and the oldest data
 * was evicted to make room; `budget`: usage passed the storage budget in Settings;
 * `memory`: the in-memory store reached its record bound.
 */
export interface StorageNotice {
	kind: 'retention' | 'quota' | 'budget' | 'memory';
	atMs: number;
	removed: {
		spanChunks: number;
		spans: number;
		metricChunks: number;
		logChunks: number;
		rollupWindows: number;
	};
	/** Oldest raw-span end time still held after the eviction, Unix ms (0 when none). */
	oldestSpanMs: number;
	message?: string;
}
