/**
 * Simulator-like load series for forecasting evaluation and model training, written before
 * the demo bank's load function landed in src/lib/sim and kept beside it for variety (random
 * peak hours, trends, level shifts and spikes the bank's shape does not have; the evaluation
 * and the training corpus use both). Each series is 5-minute steps:
 *
 *   value = level x shape(time of day, weekday) x monthEnd(day) x (1 + trend x t)
 *           x (1 + level shift after a random step) + noise
 *
 * shape: weekday = night floor + business-hours plateau + lunch peak + evening bump; weekend
 * at 40-70 % of a weekday with no lunch peak; month end (25th and last day) x 1.2-1.5.
 * Per-series random parameters: level, floor, peak hour (11-14 h), amplitudes, noise
 * (Gaussian, 2-15 % of level, sometimes Poisson-like), linear trend (+/- 20 % over the
 * series), an optional level shift, and rare spikes.
 */
import { seededRandom } from '../../src/lib/domain/insights/stats';

export const STEP_MS = 5 * 60_000;
export const ROWS_PER_DAY = 288;

function gauss(rand: () => number): number {
	const u = Math.max(rand(), 1e-12);
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export interface SyntheticSeries {
	name: string;
	timesMs: number[];
	values: number[];
}

export function syntheticLoadSeries(seed: number, rows = 28 * ROWS_PER_DAY): SyntheticSeries {
	const rand = seededRandom(seed * 7919 + 17);
	const level = 10 ** (1 + 3 * rand());
	const floor = 0.03 + 0.15 * rand();
	const peakHour = 11 + 3 * rand();
	const lunch = 0.1 + 0.4 * rand();
	const evening = 0.3 * rand();
	const weekendRatio = 0.4 + 0.3 * rand();
	const monthEndBoost = 0.2 + 0.3 * rand();
	const noise = 0.02 + 0.13 * rand();
	const trend = (rand() - 0.5) * 0.4;
	const shiftAt = rand() < 0.3 ? Math.floor(rows * (0.3 + 0.6 * rand())) : -1;
	const shift = (rand() - 0.5) * 0.6;
	const spikeRate = rand() < 0.4 ? 0.002 : 0;
	// Start on a random day in 2026 so weekdays and month ends fall at different offsets.
	const startMs = Date.UTC(2026, 0, 1) + Math.floor(rand() * 330) * 86_400_000;
	const timesMs: number[] = [];
	const values: number[] = [];
	for (let i = 0; i < rows; i++) {
		const t = startMs + i * STEP_MS;
		const d = new Date(t);
		const h = d.getUTCHours() + d.getUTCMinutes() / 60;
		const dow = d.getUTCDay();
		const weekend = dow === 0 || dow === 6;
		const plateau = 1 / (1 + Math.exp(-(h - 8) / 0.8)) / (1 + Math.exp((h - 19.5) / 1.2));
		let shape = floor + (1 - floor) * 0.65 * plateau + lunch * Math.exp(-(((h - peakHour) / 0.8) ** 2)) + evening * Math.exp(-(((h - 21.5) / 1.2) ** 2));
		if (weekend) shape = floor + (shape - floor) * weekendRatio;
		const day = d.getUTCDate();
		const dim = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
		const monthEnd = day === 25 || day === dim ? 1 + monthEndBoost : 1;
		let v = level * shape * monthEnd * (1 + (trend * i) / rows) * (shiftAt >= 0 && i >= shiftAt ? 1 + shift : 1);
		v += level * noise * gauss(rand) * Math.sqrt(Math.max(shape, 0.05));
		if (spikeRate > 0 && rand() < spikeRate) v += level * (0.5 + rand());
		values.push(Math.max(0, v));
		timesMs.push(t);
	}
	return { name: `synthetic-${seed}`, timesMs, values };
}
