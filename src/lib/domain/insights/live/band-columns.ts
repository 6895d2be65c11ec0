/**
 * Chart columns of a band (expected value, lower and upper edge) from a saved baseline, for
 * any x values: what the `band` prop of TimeSeriesChart draws. The sd is floored by the
 * metric's spec exactly as the insights host scores, so the drawn band is the band anomalies
 * are judged against.
 */
import { SeasonalBaseline, type BaselineState } from '../baseline';
import { specOf } from './series-ref';
import { bandSigmas } from './tracked-series';

export interface BandColumns {
	lower: (number | null)[];
	expected: (number | null)[];
	upper: (number | null)[];
}

/**
 * `xsSec`: chart x values (Unix seconds); `stepSec`: the step the baseline learned at (the
 * host's window), used for rate floors. Points where nothing was learned are null.
 * `scale` converts the series' unit to the chart's (e.g. 1 for ms, 100 for percent).
 */
export function bandColumns(options: {
	state: BaselineState;
	metric: string;
	stepSec: number;
	xsSec: ArrayLike<number>;
	scale?: number;
	/** The day key the baseline learned with (load-pattern labels); weekdays when absent. */
	dayKey?: (timeMs: number) => string;
}): BandColumns {
	const baseline = SeasonalBaseline.fromState(options.state, options.dayKey);
	const spec = specOf(options.metric);
	const scale = options.scale ?? 1;
	const out: BandColumns = { lower: [], expected: [], upper: [] };
	for (let i = 0; i < options.xsSec.length; i++) {
		const b = baseline.band(options.xsSec[i] * 1000);
		if (b.source === 'none') {
			out.lower.push(null);
			out.expected.push(null);
			out.upper.push(null);
			continue;
		}
		const sd = Math.max(b.sd, spec.minSd(b.expected, options.stepSec));
		const lower = b.expected - bandSigmas * sd;
		// ratios and rates cannot go below zero: the band stops there
		out.lower.push((spec.unit === 'ms' || spec.unit === 'ratio' || spec.unit === 'perSec' ? Math.max(0, lower) : lower) * scale);
		out.expected.push(b.expected * scale);
		out.upper.push((b.expected + bandSigmas * sd) * scale);
	}
	return out;
}
