import { describe, expect, it } from 'vitest';
import { HOUR_MS } from './clock';
import { KST_OFFSET_MS, expectedTps, loadSeries, loadShape, localTime, monthEndFactor, PEAK_TPS } from './load';

/** Scenario ms of a KST wall-clock time. */
function kst(year: number, month: number, day: number, hour: number, minute = 0): number {
	return Date.UTC(year, month - 1, day, hour, minute) - KST_OFFSET_MS;
}

describe('load shape', () => {
	it('reads local time in KST', () => {
		const t = localTime(kst(2026, 11, 2, 12, 30));
		expect(t.hour).toBeCloseTo(12.5, 6);
		expect(t.weekday).toBe(1);
		expect(t.day).toBe(2);
		expect(t.daysInMonth).toBe(30);
	});

	it('peaks at a weekday lunch at 1.0 and is more than 8× lower at night', () => {
		const lunch = loadShape(kst(2026, 11, 4, 12, 30));
		const night = loadShape(kst(2026, 11, 4, 4, 0));
		expect(lunch).toBeGreaterThan(0.97);
		expect(lunch).toBeLessThan(1.03);
		expect(lunch / night).toBeGreaterThan(8);
		expect(loadShape(kst(2026, 11, 4, 12, 30))).toBeGreaterThan(loadShape(kst(2026, 11, 4, 10, 30)));
	});

	it('is lower at weekends than on weekdays at the same hour', () => {
		// 2026-11-07 is a Saturday, 2026-11-04 a Wednesday.
		expect(loadShape(kst(2026, 11, 7, 12, 30))).toBeLessThan(0.6 * loadShape(kst(2026, 11, 4, 12, 30)));
	});

	it('rises on salary day and at month end', () => {
		expect(monthEndFactor(localTime(kst(2026, 11, 25, 12)))).toBeCloseTo(1.45, 6);
		expect(monthEndFactor(localTime(kst(2026, 11, 30, 12)))).toBeCloseTo(1.35, 6);
		expect(monthEndFactor(localTime(kst(2026, 11, 12, 12)))).toBe(1);
		expect(loadShape(kst(2026, 11, 25, 12, 30)) / loadShape(kst(2026, 11, 18, 12, 30))).toBeGreaterThan(1.4);
	});

	it('scales expected transactions per second with load', () => {
		const t = kst(2026, 11, 4, 12, 30);
		expect(expectedTps(t, 2)).toBeCloseTo(2 * expectedTps(t, 1), 9);
		expect(expectedTps(t)).toBeCloseTo(PEAK_TPS * loadShape(t), 9);
	});
});

describe('loadSeries', () => {
	const start = kst(2026, 11, 2, 0);
	it('gives expectations without a seed and reproducible Poisson counts with one', () => {
		const exact = loadSeries({ startMs: start, stepMs: HOUR_MS, count: 24 });
		expect(exact.length).toBe(24);
		expect(exact[12]).toBeCloseTo(expectedTps(start + 12.5 * HOUR_MS) * 3600, 6);
		const a = loadSeries({ startMs: start, stepMs: 60_000, count: 600, seed: 4 });
		const b = loadSeries({ startMs: start, stepMs: 60_000, count: 600, seed: 4 });
		expect([...a]).toEqual([...b]);
		expect(a.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
	});

	it('rejects a zero step or a negative count with a clear error', () => {
		expect(() => loadSeries({ startMs: start, stepMs: 0, count: 3 })).toThrow(/stepMs > 0/);
		expect(() => loadSeries({ startMs: start, stepMs: 1000, count: -1 })).toThrow(/count/);
	});
});
