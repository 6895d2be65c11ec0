import { describe, expect, it } from 'vitest';
import { StreamingDetector } from './streaming-detector';
import { WindowedGaussianDetector } from './windowed-gaussian';
import { seededRandom } from './stats';

function noisy(n: number, seed: number): number[] {
	const r = seededRandom(seed);
	return Array.from({ length: n }, () => 50 + (r() - 0.5) * 4);
}

describe('StreamingDetector', () => {
	it('scores a never-seen spike far above the noise it learned', () => {
		const xs = noisy(1200, 3);
		xs[1000] = 90;
		const d = new StreamingDetector();
		const scores = xs.map((v) => d.update(v));
		const before = Math.max(...scores.slice(400, 1000));
		expect(scores[1000]).toBeGreaterThan(0.7);
		expect(scores[1000]).toBeGreaterThan(before + 0.15);
	});

	it('learns that recurring spikes are ordinary', () => {
		const xs = noisy(3000, 4);
		for (let i = 100; i < 3000; i += 100) xs[i] = 90;
		const d = new StreamingDetector();
		const scores = xs.map((v) => d.update(v));
		// The 25th identical spike is no record: its score stays at or below "as surprising as before".
		expect(scores[2500]).toBeLessThan(0.55);
	});

	it('emits nothing during learning and never leaves [0, 1], even on junk', () => {
		const d = new StreamingDetector({ learningRows: 50 });
		const inputs = [...noisy(60, 5), NaN, Infinity, -1e308, 1e308, 0, 0];
		const scores = inputs.map((v) => d.update(v));
		expect(scores.slice(0, 50).every((s) => s === 0)).toBe(true);
		expect(scores.every((s) => s >= 0 && s <= 1 && Number.isFinite(s))).toBe(true);
	});

	it('detects the daily period of a seasonal series', () => {
		const d = new StreamingDetector();
		for (let i = 0; i < 288 * 3; i++) d.update(100 + 50 * Math.sin((2 * Math.PI * i) / 288));
		expect(d.seasonRows).toBe(288);
	});
});

describe('WindowedGaussianDetector', () => {
	it('scores a 4-sigma value near 1 and the mean near 0.5', () => {
		const d = new WindowedGaussianDetector(100);
		for (let i = 0; i < 100; i++) d.update(i % 2 === 0 ? -1 : 1);
		expect(d.update(0)).toBeCloseTo(0.5, 5);
		expect(d.update(4)).toBeGreaterThan(0.9999);
	});
});
