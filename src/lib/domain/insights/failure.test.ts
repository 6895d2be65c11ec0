import { describe, expect, it } from 'vitest';
import { breachAlert, predictBreach } from './failure';
import { seededRandom } from './stats';

const MIN = 60_000;

function leak(minutes: number, slopePerMin: number, noise: number, seed = 1) {
	const r = seededRandom(seed);
	const timesMs: number[] = [];
	const values: number[] = [];
	for (let m = 0; m <= minutes; m++) {
		timesMs.push(m * MIN);
		values.push(500 + slopePerMin * m + (r() - 0.5) * 2 * noise);
	}
	return { timesMs, values };
}

describe('predictBreach', () => {
	it('predicts the time a linear leak reaches the limit, with an interval around it', () => {
		// 500 MB + 10 MB/min, limit 1000 MB: at minute 30 the heap is ~800, so ~20 min remain.
		const { timesMs, values } = leak(30, 10, 5);
		const p = predictBreach({ timesMs, values, limit: 1000, horizonMs: 60 * MIN });
		expect(p.state).toBe('trending');
		expect(p.etaMs / MIN).toBeGreaterThan(17);
		expect(p.etaMs / MIN).toBeLessThan(23);
		expect(p.etaLowMs).toBeLessThanOrEqual(p.etaMs);
		expect(p.etaHighMs).toBeGreaterThanOrEqual(p.etaMs);
		expect(p.probability).toBeGreaterThan(0.99);
		expect(breachAlert(p)?.inMinutes).toBe(Math.round(p.etaMs / MIN));
	});

	it('gives a small probability and no alert for a flat noisy series', () => {
		const { timesMs, values } = leak(30, 0, 20, 2);
		const p = predictBreach({ timesMs, values, limit: 1000 });
		expect(p.probability).toBeLessThan(0.01);
		expect(breachAlert(p)).toBeNull();
	});

	it('mirrors for a falling series (free disk to zero)', () => {
		const timesMs = Array.from({ length: 31 }, (_, m) => m * MIN);
		const values = timesMs.map((_, m) => 100 - 2 * m);
		const p = predictBreach({ timesMs, values, limit: 0, direction: 'down' });
		expect(p.state).toBe('trending');
		expect(p.etaMs / MIN).toBeCloseTo(20, 3);
	});

	it('reports a breach already happened, and too little data without crashing', () => {
		expect(predictBreach({ timesMs: [0, MIN, 2 * MIN, 3 * MIN, 4 * MIN, 5 * MIN, 6 * MIN, 7 * MIN], values: [990, 995, 1000, 1005, 1010, 1015, 1020, 1025], limit: 1000 }).state).toBe('breached');
		expect(predictBreach({ timesMs: [0, 1], values: [1, NaN], limit: 5 }).state).toBe('insufficient-data');
		expect(predictBreach({ timesMs: [], values: [], limit: NaN }).state).toBe('insufficient-data');
	});
});
