import { describe, expect, it } from 'vitest';
import { compareHlc, formatHlc, HybridClock, maxHlcCounter, parseHlc, seedHlc } from './hlc';

describe('HybridClock', () => {
	it('follows the wall clock and orders events within one millisecond by counter', () => {
		let now = 1_000;
		const clock = new HybridClock('dev-1', () => now);
		const a = clock.tick();
		const b = clock.tick();
		now = 1_005;
		const c = clock.tick();
		expect(parseHlc(a)).toEqual({ ms: 1_000, counter: 0, replica: 'dev-1' });
		expect(parseHlc(b)).toEqual({ ms: 1_000, counter: 1, replica: 'dev-1' });
		expect(parseHlc(c)).toEqual({ ms: 1_005, counter: 0, replica: 'dev-1' });
		expect([c, a, b].sort(compareHlc)).toEqual([a, b, c]);
	});

	it('issues stamps after anything it observed, even with its wall clock behind', () => {
		const behind = new HybridClock('slow', () => 500);
		const remote = formatHlc({ ms: 9_000, counter: 3, replica: 'fast' });
		behind.observe(remote);
		const next = behind.tick();
		expect(compareHlc(next, remote)).toBe(1);
		expect(parseHlc(next)).toEqual({ ms: 9_000, counter: 4, replica: 'slow' });
	});

	it('never goes backwards when the wall clock does, and resumes from a persisted stamp', () => {
		let now = 10_000;
		const clock = new HybridClock('d', () => now);
		const first = clock.tick();
		now = 2_000;
		const second = clock.tick();
		expect(compareHlc(second, first)).toBe(1);
		const reloaded = new HybridClock('d', () => 2_000, clock.last);
		expect(compareHlc(reloaded.tick(), second)).toBe(1);
	});

	it('borrows the next millisecond when the counter is exhausted', () => {
		const clock = new HybridClock('d', () => 0, formatHlc({ ms: 7, counter: maxHlcCounter, replica: 'x' }));
		expect(parseHlc(clock.tick())).toEqual({ ms: 8, counter: 0, replica: 'd' });
	});

	it('rejects malformed replica ids and ignores text that is not a stamp', () => {
		expect(() => new HybridClock('has space')).toThrow(RangeError);
		const clock = new HybridClock('d', () => 5);
		clock.observe('999999999999999:000000:x:y');
		clock.observe('not a stamp');
		expect(parseHlc(clock.tick())?.ms).toBe(5);
		expect(parseHlc('12:0:x')).toBeUndefined();
	});

	it('orders the seed stamp before any real edit', () => {
		expect(compareHlc(seedHlc, new HybridClock('d', () => 1).tick())).toBe(-1);
	});
});
