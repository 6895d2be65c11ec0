/** Stored metric windows -> uPlot-ready columns per metric series (MetricFrame). */
import { levelWidthMs, type RollupLevel } from './levels';
import { frameStartsMs } from './frames';
import { metricQuantile } from './metric-stats';
import type { MetricRollupRecord, MetricSeriesDescriptor } from './types';

export interface MetricColumns {
	mean?: (number | null)[];
	min?: (number | null)[];
	max?: (number | null)[];
	last?: (number | null)[];
	ratePerSec?: (number | null)[];
	countPerSec?: (number | null)[];
	/** Histograms: sum of the observations per second (e.g. seconds of GC per second). */
	sumPerSec?: (number | null)[];
	p50?: (number | null)[];
	p95?: (number | null)[];
	p99?: (number | null)[];
}

export interface MetricFrame {
	level: RollupLevel;
	stepSec: number;
	xsSec: number[];
	series: { descriptor: MetricSeriesDescriptor; columns: MetricColumns }[];
}

/** Windows without a point of a series are null (metrics are sampled, absence is not zero). */
export function buildMetricFrame(options: {
	level: RollupLevel;
	fromMs: number;
	toMs: number;
	records: readonly MetricRollupRecord[];
	descriptors: readonly MetricSeriesDescriptor[];
}): MetricFrame {
	const { level, descriptors } = options;
	const starts = frameStartsMs(level, options.fromMs, options.toMs);
	const widthSec = levelWidthMs[level] / 1000;
	const byStart = new Map(options.records.filter((r) => r.level === level).map((r) => [r.startMs, r]));
	const n = starts.length;
	const nulls = () => new Array<number | null>(n).fill(null);
	const series = descriptors.map((descriptor) => {
		const columns: MetricColumns =
			descriptor.kind === 'gauge'
				? { mean: nulls(), min: nulls(), max: nulls(), last: nulls() }
				: descriptor.kind === 'rate'
					? { ratePerSec: nulls() }
					: { countPerSec: nulls(), sumPerSec: nulls(), p50: nulls(), p95: nulls(), p99: nulls() };
		starts.forEach((startMs, i) => {
			const stats = byStart.get(startMs)?.series[descriptor.key];
			if (!stats) return;
			if (columns.mean && stats.points > 0 && stats.sum !== undefined) {
				columns.mean[i] = stats.sum / stats.points;
				columns.min![i] = stats.min ?? null;
				columns.max![i] = stats.max ?? null;
				columns.last![i] = stats.last ?? null;
			}
			if (columns.ratePerSec) columns.ratePerSec[i] = (stats.increase ?? 0) / widthSec;
			if (columns.countPerSec) {
				columns.countPerSec[i] = (stats.count ?? 0) / widthSec;
				if (stats.total !== undefined) columns.sumPerSec![i] = stats.total / widthSec;
				columns.p50![i] = metricQuantile(stats, 0.5);
				columns.p95![i] = metricQuantile(stats, 0.95);
				columns.p99![i] = metricQuantile(stats, 0.99);
			}
		});
		return { descriptor, columns };
	});
	return { level, stepSec: widthSec, xsSec: starts.map((ms) => ms / 1000), series };
}
