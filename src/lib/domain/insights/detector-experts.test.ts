import { describe, expect, it } from 'vitest';
import { DetectorExperts, EXPERT_NAMES } from './detector-experts';
import { DETECTOR_DEFAULTS } from './streaming-detector';
import { seededRandom } from './stats';

const SEASON = EXPERT_NAMES.indexOf('season');
const STEP = EXPERT_NAMES.indexOf('step');
const RARITY = EXPERT_NAMES.indexOf('rarity');
const NOVELTY = EXPERT_NAMES.indexOf('novelty');

function run(values: number[]): number[][] {
	const experts = new DetectorExperts(DETECTOR_DEFAULTS);
	return values.map((v) => Array.from(experts.update(v)));
}

describe('DetectorExperts', () => {
	it('has no reference for the first rows', () => {
		const raws = run([1, 2, 3, 4, 5]);
		expect(raws.every((r) => r.every((x) => Number.isNaN(x)))).toBe(true);
	});

	it('rarity is -ln of the share of kept values near this one', () => {
		// 200 values alternating 0 and 10 (range 10, neighbourhood +-0.3), then 5: nothing near it.
		const xs = Array.from({ length: 200 }, (_, i) => (i % 2) * 10);
		const raws = run([...xs, 5, 10]);
		expect(raws[200][RARITY]).toBeCloseTo(-Math.log(1 / 201), 12);
		// 10 is near the hundred 10s kept (and not near the 5).
		expect(raws[201][RARITY]).toBeCloseTo(-Math.log(101 / 202), 12);
		// 5 is inside the range seen, so it is not novel.
		expect(raws[200][NOVELTY]).toBe(0);
	});

	it('step compares the jump with the median jump, novelty the excursion with the range', () => {
		const xs = Array.from({ length: 100 }, (_, i) => (i % 2) * 2);
		const raws = run([...xs, 12]);
		// The last value (i = 99) is 2, every jump so far is 2, the range is 2: a jump of 10.
		expect(raws[100][STEP]).toBeCloseTo(Math.log1p(10 / 2), 12);
		expect(raws[100][NOVELTY]).toBeCloseTo(Math.log1p((10 * 10) / 2), 12);
	});

	it('season compares with the median of three periods back, so one odd day does not echo', () => {
		const r = seededRandom(5);
		const day = 288;
		const xs = Array.from({ length: day * 8 }, (_, i) => 100 + 40 * Math.sin((2 * Math.PI * i) / day) + r() - 0.5);
		const odd = day * 6 + 100;
		for (let i = odd; i < odd + 12; i++) xs[i] += 30;
		const raws = run(xs);
		const atOdd = Math.max(...raws.slice(odd, odd + 12).map((x) => x[SEASON]));
		const echo = Math.max(...raws.slice(odd + day, odd + day + 12).map((x) => x[SEASON]));
		const usual = Math.max(...raws.slice(odd - day, odd - day + 12).map((x) => x[SEASON]));
		expect(atOdd).toBeGreaterThan(3);
		expect(echo).toBeLessThan(usual + 1);
	});
});
