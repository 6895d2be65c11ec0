import { describe, expect, it } from 'vitest';
import { kMeans, silhouette } from './kmeans';
import { clusterDays, dayKeyFromPatterns } from './patterns';
import { seededRandom } from './stats';

const HOUR = 3_600_000;

/** 10-minute load for Jan-Mar 2026: weekday shape, weekend at 40 %, month end (25th, last day) x1.6, one odd day. */
function series(oddDate: string) {
	const r = seededRandom(9);
	const timesMs: number[] = [];
	const values: number[] = [];
	for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2026, 3, 1); t += HOUR / 6) {
		const d = new Date(t);
		const h = d.getUTCHours() + d.getUTCMinutes() / 60;
		const dim = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
		const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
		const monthEnd = d.getUTCDate() === 25 || d.getUTCDate() === dim;
		let v = 10 + 90 * Math.exp(-(((h - 13) / 3.5) ** 2));
		if (weekend) v *= 0.4;
		if (monthEnd && !weekend) v *= 1.6;
		if (d.toISOString().startsWith(oddDate)) v = 10 + 90 * Math.exp(-(((h - 3) / 2) ** 2));
		timesMs.push(t);
		values.push(v * (1 + (r() - 0.5) * 0.05));
	}
	return { timesMs, values };
}

describe('kMeans and silhouette', () => {
	it('separates two well-apart blobs and scores them near 1', () => {
		const pts = [[0, 0], [0.1, 0], [0, 0.1], [10, 10], [10.1, 10], [10, 10.1]];
		const km = kMeans(pts, 2, 3);
		expect(new Set(km.assignment.slice(0, 3)).size).toBe(1);
		expect(km.assignment[0]).not.toBe(km.assignment[3]);
		expect(silhouette(pts, km.assignment)).toBeGreaterThan(0.9);
	});
});

describe('clusterDays', () => {
	it('finds weekday, weekend and month-end groups and flags the odd day', () => {
		const { timesMs, values } = series('2026-02-11');
		const r = clusterDays(timesMs, values);
		const labels = new Map(r.days.map((d) => [d.date, d.label]));
		expect(r.k).toBeGreaterThanOrEqual(3);
		expect(labels.get('2026-01-07')).toBe('weekday');
		expect(labels.get('2026-01-10')).toBe('weekend');
		expect(labels.get('2026-02-25')).toBe('month-end');
		expect(labels.get('2026-03-31')).toBe('month-end');
		expect(labels.get('2026-02-11')).toBe('unusual');
		expect(r.groups.some((g) => g.label === 'weekend')).toBe(true);
	});

	it('gives future days the label their calendar class had', () => {
		const { timesMs, values } = series('2026-02-11');
		const key = dayKeyFromPatterns(clusterDays(timesMs, values));
		expect(key(Date.UTC(2026, 3, 4, 12))).toBe('weekend'); // Saturday
		expect(key(Date.UTC(2026, 3, 30, 12))).toBe('month-end'); // Thursday, last day of April
		expect(key(Date.UTC(2026, 3, 8, 12))).toBe('weekday');
	});

	it('returns nothing for empty or junk input', () => {
		expect(clusterDays([], []).k).toBe(0);
		expect(clusterDays([NaN, 1], [1, NaN]).days).toEqual([]);
	});
});
