/**
 * Server gauges (queries per second, threads, connections, hit ratio, lock waits, up) as
 * uPlot-ready columns per database, folded from raw points: a bucket holds the mean of the
 * points that fell in it, null when none did (a poll every 10 s leaves no point in a 1 s
 * bucket; absence is not zero). At most 2,000 buckets (the step grows to fit) and
 * `maxSeries` series (points of further series are counted in `droppedPoints`).
 */
import type { MetricPoint } from '../../protocol/records';

export interface GaugeColumns {
	name: string;
	resourceId: string;
	/** Bucket means; null where no point fell. */
	values: (number | null)[];
	/** Value of the newest point. */
	latest: number | null;
	latestMs: number | null;
}

export interface GaugeFrame {
	stepMs: number;
	/** Bucket starts, Unix SECONDS. */
	xsSec: number[];
	series: GaugeColumns[];
}

interface Acc {
	name: string;
	resourceId: string;
	sums: Float64Array;
	counts: Uint32Array;
	latest: number | null;
	latestMs: number;
}

export class GaugeSeriesFold {
	droppedPoints = 0;
	readonly stepMs: number;
	readonly #first: number;
	readonly #n: number;
	readonly #names: ReadonlySet<string>;
	readonly #series = new Map<string, Acc>();

	constructor(
		names: readonly string[],
		range: { fromMs: number; toMs: number; stepMs: number },
		readonly maxSeries = 500
	) {
		this.#names = new Set(names);
		const spanMs = Math.max(1, range.toMs - range.fromMs);
		this.stepMs = Math.max(range.stepMs, Math.ceil(spanMs / 2_000 / 1000) * 1000);
		this.#first = Math.floor(range.fromMs / this.stepMs) * this.stepMs;
		this.#n = Math.max(0, Math.ceil((range.toMs - this.#first) / this.stepMs));
	}

	add(points: readonly MetricPoint[]): void {
		for (const p of points) {
			if (!this.#names.has(p.name)) continue;
			const value = p.value;
			if (typeof value !== 'number' || !Number.isFinite(value)) continue;
			const timeMs = p.timeUs / 1000;
			const i = Math.floor((timeMs - this.#first) / this.stepMs);
			if (i < 0 || i >= this.#n) continue;
			const key = `${p.name}|${p.resourceId}`;
			let acc = this.#series.get(key);
			if (!acc) {
				if (this.#series.size >= this.maxSeries) {
					this.droppedPoints++;
					continue;
				}
				acc = { name: p.name, resourceId: p.resourceId, sums: new Float64Array(this.#n), counts: new Uint32Array(this.#n), latest: null, latestMs: -Infinity };
				this.#series.set(key, acc);
			}
			acc.sums[i] += value;
			acc.counts[i]++;
			if (timeMs >= acc.latestMs) {
				acc.latestMs = timeMs;
				acc.latest = value;
			}
		}
	}

	frame(): GaugeFrame {
		return {
			stepMs: this.stepMs,
			xsSec: Array.from({ length: this.#n }, (_, i) => (this.#first + i * this.stepMs) / 1000),
			series: [...this.#series.values()].map((a) => ({
				name: a.name,
				resourceId: a.resourceId,
				values: Array.from(a.sums, (sum, i) => (a.counts[i] > 0 ? sum / a.counts[i] : null)),
				latest: a.latest,
				latestMs: Number.isFinite(a.latestMs) ? a.latestMs : null
			}))
		};
	}
}
