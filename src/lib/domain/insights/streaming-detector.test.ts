import { describe, expect, it } from 'vitest';
import { EXPERT_NAMES, StreamingDetector } from './streaming-detector';
import { WindowedGaussianDetector } from './windowed-gaussian';
import { seededRandom } from './stats';

function noisy(n: number, seed: number): number[] {
	const r = seededRandom(seed);
	return Array.from({ length: n }, () => 50 + (r() - 0.5) * 4);
}

function scores(xs: readonly number[], d = new StreamingDetector()): number[] {
	return xs.map((v) => d.update(v));
}

describe('StreamingDetector', () => {
	it('scores a never-seen spike as an alert, far above the noise it learned', () => {
		const xs = noisy(1200, 3);
		xs[1000] = 90;
		const s = scores(xs);
		expect(s[1000]).toBeGreaterThan(0.8);
		expect(Math.max(...s.slice(400, 1000))).toBeLessThan(0.5);
	});

	it('learns that recurring spikes are ordinary', () => {
		const xs = noisy(3000, 4);
		for (let i = 100; i < 3000; i += 100) xs[i] = 90;
		const s = scores(xs);
		// The first spikes after learning are news; the 25th identical one is not an alert.
		expect(s[2500]).toBeLessThan(0.5);
	});

	it('raises one alert for a sustained shift, then stays below the alert level while suppressed', () => {
		const xs = noisy(3000, 6);
		for (let i = 2000; i < 3000; i++) xs[i] += 30;
		const d = new StreamingDetector({ suppressRows: 100 });
		const s = scores(xs.slice(0, 2001), d);
		// The shift is news to the rarity expert (a level never visited): rarer than all it has kept.
		expect(d.lastSurprises[EXPERT_NAMES.indexOf('rarity')]).toBeGreaterThan(Math.log(1800));
		s.push(...scores(xs.slice(2001), d));
		const alerts = s.map((v, i) => (v >= 0.5 ? i : -1)).filter((i) => i >= 0);
		expect(alerts[0]).toBe(2000);
		expect(alerts.filter((i) => i > 2000 && i <= 2100)).toEqual([]);
	});

	it('reads the same on any scale: scores of a x v + b equal those of v', () => {
		const xs = noisy(1500, 7);
		xs[1200] = 60;
		const a = scores(xs);
		const b = scores(xs.map((v) => 1e6 * v - 3e7));
		for (let i = 0; i < xs.length; i++) expect(b[i]).toBeCloseTo(a[i], 6);
	});

	it('emits nothing during learning and never leaves [0, 1], even on junk', () => {
		const d = new StreamingDetector({ learningRows: 50 });
		const inputs = [...noisy(60, 5), NaN, Infinity, -1e308, 1e308, 0, 0, ...noisy(300, 8)];
		const s = inputs.map((v) => d.update(v));
		expect(s.slice(0, 50).every((v) => v === 0)).toBe(true);
		expect(s.every((v) => v >= 0 && v <= 1 && Number.isFinite(v))).toBe(true);
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
