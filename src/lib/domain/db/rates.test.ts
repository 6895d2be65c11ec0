import { describe, expect, it } from 'vitest';
import { counterIncrease, counterRates, hitRatio, restartedBetween, sumIncrease } from './rates';

const sec = 1e6;

describe('counterRates', () => {
	it('divides each increase by the interval', () => {
		const rates = counterRates(
			{ timeUs: 100 * sec, values: { Questions: 1_000, Bytes_sent: 5_000 } },
			{ timeUs: 110 * sec, values: { Questions: 1_250, Bytes_sent: 5_000, New: 3 } }
		);
		expect(rates).toEqual({ Questions: 25, Bytes_sent: 0 });
	});

	it('is empty without a previous sample or with a clock that went back', () => {
		expect(counterRates(undefined, { timeUs: 1, values: { a: 1 } })).toEqual({});
		expect(counterRates({ timeUs: 10 * sec, values: { a: 1 } }, { timeUs: 5 * sec, values: { a: 9 } })).toEqual({});
	});

	it('counts a counter that went down (stats reset) from zero', () => {
		const rates = counterRates(
			{ timeUs: 0, values: { a: 900, b: 100 } },
			{ timeUs: 10 * sec, values: { a: 50, b: 150 } }
		);
		expect(rates.a).toBe(5);
		expect(rates.b).toBe(5);
	});

	it('after a server restart spreads every counter over the uptime only', () => {
		const prev = { timeUs: 0, values: { a: 10_000, b: 10 }, uptimeSec: 5_000 };
		const next = { timeUs: 10 * sec, values: { a: 40, b: 400 }, uptimeSec: 4 };
		expect(restartedBetween(prev, next)).toBe(true);
		// b grew from 10 to 400 numerically, but the restart means all 400 happened in 4 s.
		expect(counterRates(prev, next)).toEqual({ a: 10, b: 100 });
	});

	it('does not call a steady uptime a restart', () => {
		expect(restartedBetween({ timeUs: 0, values: {}, uptimeSec: 100 }, { timeUs: 10 * sec, values: {}, uptimeSec: 110 })).toBe(false);
	});
});

describe('counter helpers', () => {
	it('counterIncrease is never negative and ignores non-numbers', () => {
		expect(counterIncrease(5, 9)).toBe(4);
		expect(counterIncrease(9, 5)).toBe(5);
		expect(counterIncrease(Number.NaN, 5)).toBe(0);
	});

	it('sumIncrease adds named counters and refuses missing ones', () => {
		const prev = { timeUs: 0, values: { c: 10, r: 1 } };
		const next = { timeUs: 1, values: { c: 15, r: 4 } };
		expect(sumIncrease(prev, next, ['c', 'r'])).toBe(8);
		expect(sumIncrease(prev, next, ['c', 'missing'])).toBeUndefined();
		expect(sumIncrease(undefined, next, ['c'])).toBeUndefined();
	});

	it('hitRatio is hits over reads and undefined without reads', () => {
		expect(hitRatio(990, 10)).toBeCloseTo(0.99, 12);
		expect(hitRatio(0, 0)).toBeUndefined();
	});
});
