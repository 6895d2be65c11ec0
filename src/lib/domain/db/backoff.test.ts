import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
	it('doubles the ceiling per attempt and stays within [ceiling/2, ceiling]', () => {
		const low = (attempt: number) => backoffDelayMs(attempt, { baseMs: 1_000, maxMs: 60_000, random: () => 0 });
		const high = (attempt: number) => backoffDelayMs(attempt, { baseMs: 1_000, maxMs: 60_000, random: () => 0.999999 });
		expect([1, 2, 3, 4].map(low)).toEqual([500, 1_000, 2_000, 4_000]);
		expect([1, 2, 3, 4].map(high)).toEqual([1_000, 2_000, 4_000, 8_000]);
	});

	it('caps at maxMs, also for huge attempt numbers', () => {
		expect(backoffDelayMs(7, { baseMs: 1_000, maxMs: 60_000, random: () => 1 })).toBe(60_000);
		expect(backoffDelayMs(5_000, { baseMs: 1_000, maxMs: 60_000, random: () => 0 })).toBe(30_000);
		expect(Number.isFinite(backoffDelayMs(Number.POSITIVE_INFINITY))).toBe(true);
	});

	it('spreads retries: different random draws give different delays', () => {
		let seed = 7;
		const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
		const delays = Array.from({ length: 50 }, () => backoffDelayMs(6, { baseMs: 1_000, random }));
		expect(new Set(delays).size).toBeGreaterThan(40);
		for (const d of delays) {
			expect(d).toBeGreaterThanOrEqual(16_000);
			expect(d).toBeLessThanOrEqual(32_000);
		}
	});

	it('treats attempts below 1 and bad options as the first attempt with sane bounds', () => {
		expect(backoffDelayMs(0, { baseMs: 2_000, random: () => 0 })).toBe(1_000);
		expect(backoffDelayMs(-3, { baseMs: 2_000, random: () => 0 })).toBe(1_000);
		expect(backoffDelayMs(1, { baseMs: 0, random: () => 0 })).toBe(1);
		expect(backoffDelayMs(3, { baseMs: 1_000, random: () => 5 })).toBe(4_000);
	});
});
