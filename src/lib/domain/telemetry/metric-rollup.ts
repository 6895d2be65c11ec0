/**
 * Metric points into 1 s window deltas per metric series (name + resource + chosen
 * attributes); coarser levels merge them like span windows.
 *
 * - gauge, and sums that are not monotonic (up-down counters): last / min / max / mean;
 * - monotonic sums become an `increase` per window: delta points add their value;
 *   cumulative points are differenced against the previous point of the series. A value
 *   below the previous one, or a changed start time, is a reset: the new value is the
 *   increase since the reset (counted in `resets`). The first point of a series only sets
 *   the baseline (its value covers an unknown span of time before we saw it);
 * - histograms: delta points add counts and buckets; cumulative points are differenced the
 *   same way (reset when the count falls or the start time changes). Exponential histograms
 *   are folded into a sketch (bucket midpoints with their counts; delta temporality only,
 *   cumulative ones keep count and sum);
 * - summaries keep the last point's quantiles.
 *
 * Bounds: at most `maxSeries` series (state for differencing is kept per series); points of
 * further series are refused for rollup (still stored raw) and counted in `refusedSeries`.
 */
import type { Attrs, MetricPoint } from '../../protocol/records';
import { QuantileSketch, defaultAlpha } from './sketch';
import { mergeMetricStats } from './metric-stats';
import type { MetricRollupKind, MetricSeriesDescriptor, MetricSeriesKey, MetricStatsData } from './types';

/** Attribute keys that split a metric into separate series; all others are aggregated away. */
export const defaultMetricAttributeKeys: readonly string[] = [
	'state',
	'type',
	'direction',
	'cpu.mode',
	'system.cpu.state',
	'jvm.memory.type',
	'jvm.memory.pool.name',
	'jvm.gc.name',
	'jvm.thread.state',
	'db.system',
	'db.client.connection.state',
	'db.client.connection.pool.name',
	'pool.name',
	'messaging.destination.name',
	'http.request.method'
];

export const defaultMaxMetricSeries = 5_000;
/** Descriptors are re-emitted when lastSeen moved by more than this. */
const descriptorRefreshMs = 60_000;

export interface MetricRollupOptions {
	attributeKeys?: readonly string[];
	maxSeries?: number;
	alpha?: number;
}

interface CumulativeState {
	startUs?: number;
	timeUs: number;
	value?: number;
	count?: number;
	sum?: number;
	bucketCounts?: number[];
}

function escapePart(part: string): string {
	return part.replace(/%/g, '%25').replace(/\|/g, '%7C');
}

export function metricSeriesKey(name: string, resourceId: string, attrs: Attrs): MetricSeriesKey {
	const parts = Object.keys(attrs)
		.sort()
		.map((k) => `${escapePart(k)}=${escapePart(String(attrs[k]))}`);
	return `${escapePart(name)}|${escapePart(resourceId)}|${parts.join(',')}`;
}

export function metricKind(point: Pick<MetricPoint, 'type' | 'monotonic'>): MetricRollupKind {
	switch (point.type) {
		case 'sum':
			return point.monotonic ? 'rate' : 'gauge';
		case 'histogram':
		case 'exponentialHistogram':
			return 'histogram';
		case 'summary':
			return 'summary';
		default:
			return 'gauge';
	}
}

export type MetricWindows = Map<number, Map<MetricSeriesKey, MetricStatsData>>;

export class MetricRollup {
	refusedSeries = 0;
	private readonly attributeKeys: readonly string[];
	private readonly maxSeries: number;
	private readonly alpha: number;
	private pending: MetricWindows = new Map();
	private readonly state = new Map<MetricSeriesKey, CumulativeState>();
	private readonly descriptors = new Map<MetricSeriesKey, MetricSeriesDescriptor>();
	private changed = new Map<MetricSeriesKey, MetricSeriesDescriptor>();
	private readonly emittedSeenMs = new Map<MetricSeriesKey, number>();

	constructor(options: MetricRollupOptions = {}) {
		this.attributeKeys = options.attributeKeys ?? defaultMetricAttributeKeys;
		this.maxSeries = options.maxSeries ?? defaultMaxMetricSeries;
		this.alpha = options.alpha ?? defaultAlpha;
	}

	/** Adds points (any order across series; in time order within a series for cumulative ones). */
	addPoints(points: readonly MetricPoint[]): void {
		for (const point of points) this.addPoint(point);
	}

	/** The 1 s deltas since the last call. */
	takeDeltas(): MetricWindows {
		const taken = this.pending;
		this.pending = new Map();
		return taken;
	}

	/** Series first seen, or seen again well after their last emitted descriptor. */
	takeDescriptors(): MetricSeriesDescriptor[] {
		const taken = [...this.changed.values()];
		this.changed = new Map();
		for (const d of taken) this.emittedSeenMs.set(d.key, d.lastSeenMs);
		return taken;
	}

	get seriesCount(): number {
		return this.descriptors.size;
	}

	private chosenAttrs(attrs: Attrs): Attrs {
		const out: Attrs = {};
		for (const key of this.attributeKeys) if (attrs[key] !== undefined) out[key] = attrs[key];
		return out;
	}

	private addPoint(point: MetricPoint): void {
		if (!Number.isFinite(point.timeUs)) return;
		const attrs = this.chosenAttrs(point.attrs ?? {});
		const key = metricSeriesKey(point.name, point.resourceId, attrs);
		const kind = metricKind(point);
		const timeMs = point.timeUs / 1000;
		let descriptor = this.descriptors.get(key);
		if (!descriptor) {
			if (this.descriptors.size >= this.maxSeries) {
				this.refusedSeries++;
				return;
			}
			descriptor = {
				key,
				name: point.name,
				unit: point.unit,
				type: point.type,
				kind,
				resourceId: point.resourceId,
				service: point.service,
				instance: point.instance,
				attrs,
				firstSeenMs: timeMs,
				lastSeenMs: timeMs
			};
			this.descriptors.set(key, descriptor);
			this.changed.set(key, descriptor);
		} else if (timeMs > descriptor.lastSeenMs) {
			descriptor.lastSeenMs = timeMs;
			if (timeMs - (this.emittedSeenMs.get(key) ?? -Infinity) > descriptorRefreshMs) this.changed.set(key, descriptor);
		}
		const stats = this.statsOf(point, kind, key);
		if (!stats) return;
		const startMs = Math.floor(timeMs / 1000) * 1000;
		let window = this.pending.get(startMs);
		if (!window) {
			window = new Map();
			this.pending.set(startMs, window);
		}
		window.set(key, mergeMetricStats(window.get(key), stats));
	}

	private statsOf(point: MetricPoint, kind: MetricRollupKind, key: MetricSeriesKey): MetricStatsData | undefined {
		const base = { points: 1, lastTimeUs: point.timeUs };
		switch (kind) {
			case 'gauge': {
				const value = point.value;
				if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
				return { kind, ...base, min: value, max: value, sum: value, last: value };
			}
			case 'rate': {
				const value = point.value;
				if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
				if (point.temporality === 'delta') return { kind, ...base, increase: value, resets: 0, last: value };
				const prev = this.state.get(key);
				this.state.set(key, { startUs: point.startUs, timeUs: point.timeUs, value });
				if (!prev || prev.value === undefined) return { kind, ...base, increase: 0, resets: 0, last: value };
				if (point.timeUs <= prev.timeUs) {
					// out of order or duplicate: keep the newer baseline, count nothing
					this.state.set(key, prev);
					return { kind, ...base, increase: 0, resets: 0, last: prev.value };
				}
				const restarted = (point.startUs !== undefined && prev.startUs !== undefined && point.startUs !== prev.startUs) || value < prev.value;
				return { kind, ...base, increase: restarted ? value : value - prev.value, resets: restarted ? 1 : 0, last: value };
			}
			case 'histogram':
				return this.histogramStats(point, key, base);
			case 'summary':
				return { kind, ...base, count: point.count, total: point.sum, quantiles: point.quantiles };
		}
	}

	private histogramStats(
		point: MetricPoint,
		key: MetricSeriesKey,
		base: { points: number; lastTimeUs: number }
	): MetricStatsData | undefined {
		const count = point.count ?? 0;
		const sum = point.sum ?? 0;
		const buckets = point.bucketCounts;
		if (point.temporality !== 'cumulative') {
			const stats: MetricStatsData = { kind: 'histogram', ...base, count, total: sum, obsMin: point.min, obsMax: point.max };
			if (point.bounds && buckets) {
				stats.bounds = point.bounds;
				stats.bucketCounts = buckets;
			}
			if (point.type === 'exponentialHistogram') stats.sketch = this.exponentialSketch(point);
			return stats;
		}
		const prev = this.state.get(key);
		this.state.set(key, { startUs: point.startUs, timeUs: point.timeUs, count, sum, bucketCounts: buckets });
		if (!prev) return { kind: 'histogram', ...base, count: 0, total: 0 };
		if (point.timeUs <= prev.timeUs) {
			this.state.set(key, prev);
			return { kind: 'histogram', ...base, count: 0, total: 0 };
		}
		const restarted =
			(point.startUs !== undefined && prev.startUs !== undefined && point.startUs !== prev.startUs) ||
			count < (prev.count ?? 0);
		const stats: MetricStatsData = {
			kind: 'histogram',
			...base,
			count: restarted ? count : count - (prev.count ?? 0),
			total: restarted ? sum : sum - (prev.sum ?? 0)
		};
		if (point.bounds && buckets) {
			const prevBuckets = prev.bucketCounts;
			const usable = !restarted && prevBuckets && prevBuckets.length === buckets.length;
			stats.bounds = point.bounds;
			stats.bucketCounts = usable ? buckets.map((c, i) => Math.max(0, c - prevBuckets![i])) : buckets;
		}
		return stats;
	}

	/** Bucket i of scale s covers (base^i, base^(i+1)], base = 2^(2^-s); its midpoint stands for it. */
	private exponentialSketch(point: MetricPoint): MetricStatsData['sketch'] {
		const sketch = new QuantileSketch(this.alpha);
		const base = Math.pow(2, Math.pow(2, -(point.scale ?? 0)));
		if (point.zeroCount) sketch.add(0, point.zeroCount);
		const positive = point.positive;
		if (positive && Number.isFinite(base) && base > 1) {
			positive.bucketCounts.forEach((c, i) => {
				if (c > 0) {
					const lower = Math.pow(base, positive.offset + i);
					sketch.add((lower + lower * base) / 2, c);
				}
			});
		}
		return sketch.toData();
	}
}

/** Merges 1 s metric windows into the windows of a coarser width. */
export function coarsenMetricWindows(windows: MetricWindows, widthMs: number): MetricWindows {
	const out: MetricWindows = new Map();
	const starts = [...windows.keys()].sort((a, b) => a - b);
	for (const startMs of starts) {
		const coarse = Math.floor(startMs / widthMs) * widthMs;
		let into = out.get(coarse);
		if (!into) out.set(coarse, (into = new Map()));
		for (const [key, stats] of windows.get(startMs)!) into.set(key, mergeMetricStats(into.get(key), stats));
	}
	return out;
}
