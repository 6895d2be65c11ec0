import { describe, expect, it } from 'vitest';
import { resolveTimeRange, timeRangeDurationMs, timeRangeKeys } from './time-range';

const nowMs = Date.UTC(2026, 10, 25, 13, 37, 42, 500);

describe('resolveTimeRange', () => {
	it('covers the whole duration up to the last complete window', () => {
		for (const key of timeRangeKeys) {
			const range = resolveTimeRange(key, nowMs);
			expect(range.toMs - range.fromMs).toBe(timeRangeDurationMs[key]);
			expect(range.toMs).toBeLessThanOrEqual(nowMs);
			expect(nowMs - range.toMs).toBeLessThan(range.stepSec * 1000);
			expect(range.fromMs % (range.stepSec * 1000)).toBe(0);
		}
	});

	it('picks a level that keeps charts within 1,500 points', () => {
		expect(resolveTimeRange('5m', nowMs).level).toBe('1s');
		expect(resolveTimeRange('1h', nowMs).level).toBe('10s');
		expect(resolveTimeRange('24h', nowMs).level).toBe('1m');
		for (const key of timeRangeKeys) {
			const range = resolveTimeRange(key, nowMs);
			expect((range.toMs - range.fromMs) / (range.stepSec * 1000)).toBeLessThanOrEqual(1_500);
		}
	});

	it('refreshes live every second and history no faster than every 5 s', () => {
		expect(resolveTimeRange('live', nowMs).refreshMs).toBe(1_000);
		expect(resolveTimeRange('5m', nowMs).refreshMs).toBe(5_000);
		expect(resolveTimeRange('24h', nowMs).refreshMs).toBe(60_000);
	});
});
