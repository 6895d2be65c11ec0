/**
 * Transaction statistics of one series in one window, and the figures views show.
 * Mergeable: merge(stats(a), stats(b)) equals stats(a ∪ b) field by field.
 */
import type { LiveFigures } from './live-snapshot';
import { QuantileSketch, defaultAlpha, minIndexable } from './sketch';
import type { SpanStatsData } from './types';

/** Marks a zero duration in `rawKeys` (no sketch key is this small). */
const zeroKey = -0x80000000;
/**
 * A cell with at most this many values keeps their bucket keys in a plain array and builds
 * its sketch only when read: most 1 s windows of one endpoint hold a few values, and a
 * sketch object per cell would dominate allocation (measured: GC was half the rollup time).
 */
const rawKeysMax = 32;

const keyers = new Map<number, QuantileSketch>();
function keyer(alpha: number): QuantileSketch {
	let sketch = keyers.get(alpha);
	if (!sketch) keyers.set(alpha, (sketch = new QuantileSketch(alpha)));
	return sketch;
}

export class SpanStats {
	count = 0;
	errors = 0;
	sumMs = 0;
	minMs = Infinity;
	maxMs = -Infinity;
	readonly alpha: number;
	private rawKeys: number[] | null = [];
	private built: QuantileSketch | null = null;

	constructor(alpha = defaultAlpha) {
		this.alpha = alpha;
	}

	/** The durations' sketch (built from the raw keys on first read). */
	get sketch(): QuantileSketch {
		if (!this.built) {
			const sketch = new QuantileSketch(this.alpha);
			for (const key of this.rawKeys ?? []) {
				if (key === zeroKey) sketch.add(0);
				else sketch.addKey(key);
			}
			this.built = sketch;
			this.rawKeys = null;
		}
		return this.built;
	}

	add(durationMs: number, error: boolean): void {
		this.addKeyed(durationMs, durationMs > minIndexable ? keyer(this.alpha).keyOf(durationMs) : 0, error);
	}

	/** `key` = keyOf(durationMs) for this accuracy, computed once for the several series a span feeds. */
	addKeyed(durationMs: number, key: number, error: boolean): void {
		this.count++;
		if (error) this.errors++;
		this.sumMs += durationMs;
		if (durationMs < this.minMs) this.minMs = durationMs;
		if (durationMs > this.maxMs) this.maxMs = durationMs;
		const k = durationMs > minIndexable ? key : zeroKey;
		const raw = this.rawKeys;
		if (raw && raw.length < rawKeysMax) raw.push(k);
		else if (k === zeroKey) this.sketch.add(0);
		else this.sketch.addKey(k);
	}

	merge(other: SpanStats | SpanStatsData): void {
		this.count += other.count;
		this.errors += other.errors;
		this.sumMs += other.sumMs;
		if (other.minMs < this.minMs) this.minMs = other.minMs;
		if (other.maxMs > this.maxMs) this.maxMs = other.maxMs;
		if (other instanceof SpanStats && other.rawKeys) {
			const raw = this.rawKeys;
			if (raw && raw.length + other.rawKeys.length <= rawKeysMax) {
				for (const k of other.rawKeys) raw.push(k);
				return;
			}
			const sketch = this.sketch;
			for (const k of other.rawKeys) {
				if (k === zeroKey) sketch.add(0);
				else sketch.addKey(k);
			}
			return;
		}
		this.sketch.merge(other instanceof SpanStats ? other.sketch : other.sketch);
	}

	/** Quantile of durations, clamped to the exact min and max (keeps the sketch's bound). */
	quantileMs(q: number): number | null {
		const value = this.sketch.quantile(q);
		if (value === null) return null;
		return Math.min(this.maxMs, Math.max(this.minMs, value));
	}

	toData(): SpanStatsData {
		return {
			count: this.count,
			errors: this.errors,
			sumMs: this.sumMs,
			minMs: this.minMs,
			maxMs: this.maxMs,
			sketch: this.sketch.toData()
		};
	}

	static fromData(data: SpanStatsData): SpanStats {
		const stats = new SpanStats(data.sketch.alpha);
		stats.merge(data);
		return stats;
	}
}

/** Merges stored statistics without keeping a live object. */
export function mergeStatsData(a: SpanStatsData | undefined, b: SpanStatsData): SpanStatsData {
	if (!a) return b;
	const stats = SpanStats.fromData(a);
	stats.merge(b);
	return stats.toData();
}

/**
 * Figures over a period of `periodSec` seconds. `activeMeasured` (mean in-flight requests
 * from a metric) wins over the Little's-law estimate L = arrival rate x mean duration.
 */
export function figuresOf(stats: SpanStats | undefined, periodSec: number, activeMeasured?: number): LiveFigures {
	if (!stats || stats.count === 0) {
		return {
			count: 0,
			errors: 0,
			tps: 0,
			errorRate: null,
			meanMs: null,
			p50Ms: null,
			p95Ms: null,
			p99Ms: null,
			maxMs: null,
			active: activeMeasured ?? 0
		};
	}
	const tps = stats.count / periodSec;
	const meanMs = stats.sumMs / stats.count;
	return {
		count: stats.count,
		errors: stats.errors,
		tps,
		errorRate: stats.errors / stats.count,
		meanMs,
		p50Ms: stats.quantileMs(0.5),
		p95Ms: stats.quantileMs(0.95),
		p99Ms: stats.quantileMs(0.99),
		maxMs: stats.maxMs,
		active: activeMeasured ?? littlesLaw(tps, meanMs)
	};
}

/** Little's law: mean in-flight = arrival rate (per s) x mean time in system (s). */
export function littlesLaw(tps: number, meanMs: number): number {
	return (tps * meanMs) / 1000;
}
