import { describe, expect, it } from 'vitest';
import { SeasonalBaseline } from './baseline';
import { AnomalyEventTracker } from './events';
import { bandAndScore } from './series-analysis';
import { clusterDays } from './patterns';
import { seededRandom } from './stats';

const noise = seededRandom(11);
/** Uniform noise in [-amp, amp]. */
const jitter = (amp: number) => (noise() * 2 - 1) * amp;

const HOUR = 3_600_000;
const t0 = Date.UTC(2026, 0, 5); // a Monday, 00:00 UTC

/** Busy 09-18 (value 100), quiet otherwise (10); weekends quiet all day. */
function shape(timeMs: number): number {
	const d = new Date(timeMs);
	const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
	const h = d.getUTCHours();
	return !weekend && h >= 9 && h < 18 ? 100 : 10;
}

describe('SeasonalBaseline', () => {
	it('learns the expected value by time of day and day of week', () => {
		const b = new SeasonalBaseline({ slotMinutes: 60 });
		for (let t = t0; t < t0 + 21 * 24 * HOUR; t += 15 * 60_000) b.update(t, shape(t) + jitter(1));
		const mondayNoon = t0 + 21 * 24 * HOUR + 12 * HOUR;
		const saturdayNoon = t0 + 26 * 24 * HOUR + 12 * HOUR;
		expect(b.band(mondayNoon).expected).toBeCloseTo(100, 0);
		expect(b.band(mondayNoon).source).toBe('slot');
		expect(b.band(saturdayNoon).expected).toBeCloseTo(10, 0);
		expect(b.band(mondayNoon).lower).toBeLessThan(100);
		expect(b.band(mondayNoon).upper).toBeGreaterThan(100);
	});

	it('falls back to time of day, then the whole series, while a slot is new', () => {
		const b = new SeasonalBaseline({ slotMinutes: 60 });
		expect(b.band(t0).source).toBe('none');
		b.update(t0, 5);
		b.update(t0 + HOUR, 7);
		expect(b.band(t0 + 5 * HOUR).source).toBe('global');
		for (let d = 0; d < 3; d++) b.update(t0 + d * 24 * HOUR + 2 * HOUR, 9);
		// Day 3 (Thursday) at 02:00 has no day slot yet, but three samples at 02:00 exist.
		expect(b.band(t0 + 3 * 24 * HOUR + 2 * HOUR).source).toBe('time-of-day');
	});

	it('leans a young slot on the one before it, so a step at a slot start is judged and not learned as normal', () => {
		// a first day: ten minutes of 100 +- 2 every 10 s, then at 09:15 (a new 15 min slot) a step to 300
		const start = t0 + 9 * HOUR + 5 * 60_000;
		const edge = t0 + 9.25 * HOUR;
		const leaning = new SeasonalBaseline({ priorSamples: 30 });
		const alone = new SeasonalBaseline();
		for (let t = start; t < edge; t += 10_000) {
			const v = 100 + jitter(2);
			leaning.update(t, v);
			alone.update(t, v);
		}
		const steps = (b: SeasonalBaseline) => Array.from({ length: 6 }, (_, k) => b.update(edge + k * 10_000, 300));
		const judged = steps(leaning);
		expect(judged.map((p) => p.source)).toEqual(['previous-slot', 'previous-slot', 'previous-slot', 'slot', 'slot', 'slot']);
		for (const p of judged) {
			expect(p.samples).toBeGreaterThanOrEqual(30);
			expect(p.z).toBeGreaterThan(10);
		}
		// without the prior, the slot judges alone from its third sample: few samples, and the step learned as its level
		const blind = steps(alone);
		expect(blind.slice(3).every((p) => p.samples < 30)).toBe(true);
		expect(alone.band(edge + 60_000).expected).toBeGreaterThan(250);
		expect(leaning.band(edge + 60_000).expected).toBeLessThan(110);
	});

	it('mixes two young slots by their samples, and a slot stands alone once it has priorSamples', () => {
		// 4.5 min before 09:15 and 2 min after: neither slot has 30 samples, both together do
		const b = new SeasonalBaseline({ priorSamples: 30 });
		const edge = t0 + 9.25 * HOUR;
		for (let t = edge - 270_000; t < edge + 120_000; t += 10_000) b.update(t, (t < edge ? 100 : 120) + jitter(1));
		const young = b.band(edge + 120_000);
		expect(young.source).toBe('slot');
		expect(young.samples).toBe(12 + 18);
		expect(young.expected).toBeGreaterThan(100);
		expect(young.expected).toBeLessThan(120);
		// the spread between the two levels widens the band: 120 is inside it
		expect(young.upper).toBeGreaterThan(120);
		// a real new level: after 30 samples of it the slot answers alone
		for (let t = edge + 120_000; t < edge + 600_000; t += 10_000) b.update(t, 120 + jitter(1));
		const settled = b.band(edge + 600_000);
		expect(settled.samples).toBeGreaterThanOrEqual(30);
		expect(settled.expected).toBeCloseTo(120, 0);
		expect(SeasonalBaseline.fromState(structuredClone(b.toState())).band(edge + 130_000)).toEqual(b.band(edge + 130_000));
	});

	it('scores a point outside the band high and ignores bad input', () => {
		const b = new SeasonalBaseline({ slotMinutes: 60 });
		for (let t = t0; t < t0 + 14 * 24 * HOUR; t += 15 * 60_000) b.update(t, shape(t) + jitter(2));
		const t = t0 + 14 * 24 * HOUR + 10 * HOUR;
		const normal = b.update(t, 100);
		const spike = b.update(t + 60_000, 300);
		expect(normal.score).toBeLessThan(0.9);
		expect(spike.z).toBeGreaterThan(10);
		expect(spike.score).toBeGreaterThan(0.999);
		const bad = b.update(NaN, 1);
		expect(Number.isNaN(bad.z)).toBe(true);
	});
});

describe('AnomalyEventTracker', () => {
	it('keeps one event across a flickering incident (hysteresis) and closes it after quiet points', () => {
		const tr = new AnomalyEventTracker({ openZ: 3, closeZ: 2, openPoints: 2, closePoints: 3 });
		const zs = [0, 0, 4, 5, 2.5, 3.5, 2.2, 7, 1, 0, 0, 0, 0];
		const opened: number[] = [];
		const closed: number[] = [];
		zs.forEach((z, i) => {
			const r = tr.update(i * 1000, z);
			if (r.opened) opened.push(i);
			if (r.closed) closed.push(i);
		});
		expect(opened).toEqual([3]);
		expect(closed).toEqual([10]);
		const ev = tr.closed[0];
		expect(ev.startMs).toBe(2000);
		expect(ev.endMs).toBe(7000);
		expect(ev.peakZ).toBe(7);
		expect(ev.severity).toBe('critical');
	});

	it('drops the oldest closed event past its bound and counts it', () => {
		const tr = new AnomalyEventTracker({ openPoints: 1, closePoints: 1, maxClosed: 2 });
		for (let i = 0; i < 3; i++) {
			tr.update(i * 10, 5);
			tr.update(i * 10 + 1, 0);
		}
		expect(tr.closed.length).toBe(2);
		expect(tr.dropped).toBe(1);
		expect(tr.closed[0].startMs).toBe(10);
	});

	it('refuses a close threshold above the open threshold', () => {
		expect(() => new AnomalyEventTracker({ openZ: 2, closeZ: 3 })).toThrow(RangeError);
	});
});

describe('bandAndScore', () => {
	it('returns a band per point and one event for an injected incident', () => {
		const timesMs: number[] = [];
		const values: number[] = [];
		for (let t = t0; t < t0 + 15 * 24 * HOUR; t += 15 * 60_000) {
			timesMs.push(t);
			const incident = t >= t0 + 14 * 24 * HOUR + 10 * HOUR && t < t0 + 14 * 24 * HOUR + 11 * HOUR;
			values.push(shape(t) + jitter(2) + (incident ? 200 : 0));
		}
		const r = bandAndScore({ timesMs, values, baseline: { slotMinutes: 60 }, warmupPoints: 7 * 96 });
		expect(r.expected.length).toBe(values.length);
		expect(r.events.length).toBe(1);
		expect(r.events[0].startMs).toBe(t0 + 14 * 24 * HOUR + 10 * HOUR);
	});
});

describe('SeasonalBaseline state', () => {
	it('continues from a saved state exactly as the baseline that saved it, and survives structured cloning', () => {
		const a = new SeasonalBaseline({ slotMinutes: 60, utcOffsetMinutes: 540 });
		for (let t = t0; t < t0 + 9 * 24 * HOUR; t += 15 * 60_000) a.update(t, shape(t) + jitter(2));
		const b = SeasonalBaseline.fromState(structuredClone(a.toState()));
		for (let t = t0 + 9 * 24 * HOUR; t < t0 + 10 * 24 * HOUR; t += 15 * 60_000) {
			const v = shape(t) + jitter(2);
			expect(b.update(t, v)).toEqual(a.update(t, v));
		}
	});

	it('refuses a state whose arrays do not fit its slot width', () => {
		const state = new SeasonalBaseline({ slotMinutes: 60 }).toState();
		expect(() => SeasonalBaseline.fromState({ ...state, slotMinutes: 30 })).toThrow(RangeError);
	});
});

describe('bandAndScore with load patterns', () => {
	it('learns month-end days as their own day type, so a month-end peak is expected', () => {
		// Hourly load for 2026-01-01 .. 2026-11-30 (UTC): 100 at 09-18 on weekdays, 10 otherwise,
		// x1.5 on the 25th and the last day of the month (about 16 weekday month ends).
		const timesMs: number[] = [];
		const values: number[] = [];
		for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2026, 11, 1); t += HOUR) {
			const d = new Date(t);
			const dim = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
			const monthEnd = d.getUTCDate() === 25 || d.getUTCDate() === dim;
			timesMs.push(t);
			values.push(shape(t) * (monthEnd && shape(t) > 50 ? 1.5 : 1) + jitter(1));
		}
		const patterns = clusterDays(timesMs, values);
		const withPatterns = bandAndScore({ timesMs, values, baseline: { slotMinutes: 60 }, patterns });
		const weekdayOnly = bandAndScore({ timesMs, values, baseline: { slotMinutes: 60 } });
		// 2026-11-25 (a Wednesday, month end) at 12:00.
		const i = timesMs.indexOf(Date.UTC(2026, 10, 25, 12));
		expect(withPatterns.expected[i]).toBeGreaterThan(135);
		expect(weekdayOnly.expected[i]).toBeLessThan(115);
		expect(Math.abs(withPatterns.z[i])).toBeLessThan(Math.abs(weekdayOnly.z[i]));
	});
});
