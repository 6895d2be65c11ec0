/**
 * Load-pattern clustering of daily shapes. Each local day becomes a profile of `bins`
 * means; profiles are divided by one series-wide scale (the median daily mean), so both the
 * shape and the level of a day count (a month-end day is a weekday shape at a higher level).
 * k-means runs for k = 2..maxK and the k with the best mean silhouette wins; below
 * `minSilhouette` everything is one group. Groups are labelled from the calendar of their
 * members (weekend, month-end, weekday); a day far from its group's centroid
 * (distance > Q3 + 3 x IQR within the group) or alone in a group is labelled 'unusual'.
 */
import { kMeans, silhouette, sqDistance } from './kmeans';
import { median, quantile } from './stats';

export type DayLabel = 'weekday' | 'weekend' | 'month-end' | 'unusual';

export interface PatternOptions {
	/** Profile points per day. Default 24 (hourly). */
	bins?: number;
	/** Largest k tried. Default 6. */
	maxK?: number;
	minSilhouette?: number;
	utcOffsetMinutes?: number;
	/** Share of a day's bins that must have data. Default 0.8. */
	minCoverage?: number;
	seed?: number;
}

export interface DayPattern {
	/** Local date 'YYYY-MM-DD'. */
	date: string;
	group: number;
	label: DayLabel;
	/** Distance to the group's centroid (in scaled units). */
	distance: number;
	profile: number[];
}

export interface PatternGroup {
	id: number;
	label: DayLabel;
	centroid: number[];
	days: number;
}

export interface PatternResult {
	k: number;
	silhouette: number;
	/** Daily means are divided by this value in every profile and centroid. */
	scale: number;
	groups: PatternGroup[];
	days: DayPattern[];
}

interface CalendarDay {
	weekend: boolean;
	monthEnd: boolean;
}

function calendar(date: string): CalendarDay {
	const [y, m, d] = date.split('-').map(Number);
	const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
	const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
	// Month end: the 25th (salary day) and the last day of the month, as the demo bank and
	// Korean banking see it.
	return { weekend: dow === 0 || dow === 6, monthEnd: d === 25 || d === dim };
}

export function dailyProfiles(timesMs: readonly number[], values: readonly number[], options: PatternOptions = {}): { date: string; profile: number[] }[] {
	const bins = options.bins ?? 24;
	const offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
	const minCoverage = options.minCoverage ?? 0.8;
	const days = new Map<string, { sum: number[]; n: number[] }>();
	for (let i = 0; i < Math.min(timesMs.length, values.length); i++) {
		const local = timesMs[i] + offsetMs;
		// Dates exist within +/- 8.64e15 ms of the epoch; anything else is not a time.
		if (!Number.isFinite(values[i]) || !(Math.abs(local) <= 8.64e15)) continue;
		const date = new Date(local).toISOString().slice(0, 10);
		const minute = Math.floor(((local % 86_400_000) + 86_400_000) % 86_400_000 / 60_000);
		const bin = Math.min(bins - 1, Math.floor((minute / 1440) * bins));
		let day = days.get(date);
		if (!day) {
			day = { sum: new Array(bins).fill(0), n: new Array(bins).fill(0) };
			days.set(date, day);
		}
		day.sum[bin] += values[i];
		day.n[bin]++;
	}
	const out: { date: string; profile: number[] }[] = [];
	for (const [date, d] of [...days].sort((a, b) => a[0].localeCompare(b[0]))) {
		const covered = d.n.filter((c) => c > 0).length;
		if (covered < minCoverage * bins) continue;
		const profile = d.sum.map((s, i) => (d.n[i] ? s / d.n[i] : NaN));
		// Fill the few empty bins from their neighbours so distances stay defined.
		for (let i = 0; i < bins; i++) if (!Number.isFinite(profile[i])) profile[i] = profile[(i + bins - 1) % bins] ?? 0;
		for (let i = 0; i < bins; i++) if (!Number.isFinite(profile[i])) profile[i] = 0;
		out.push({ date, profile });
	}
	return out;
}

export function clusterDays(timesMs: readonly number[], values: readonly number[], options: PatternOptions = {}): PatternResult {
	const maxK = options.maxK ?? 6;
	const minSilhouette = options.minSilhouette ?? 0.25;
	const raw = dailyProfiles(timesMs, values, options);
	if (raw.length === 0) return { k: 0, silhouette: 0, scale: 1, groups: [], days: [] };
	const scale = Math.max(median(raw.map((d) => d.profile.reduce((a, b) => a + b, 0) / d.profile.length)), 1e-12);
	const points = raw.map((d) => d.profile.map((v) => v / scale));
	let best = { k: 1, sil: -Infinity, assignment: new Array<number>(points.length).fill(0), centroids: [points[0].map((_, j) => points.reduce((s, p) => s + p[j], 0) / points.length)] };
	for (let k = 2; k <= Math.min(maxK, points.length - 1); k++) {
		const km = kMeans(points, k, options.seed ?? 1);
		const sil = silhouette(points, km.assignment);
		if (sil > best.sil) best = { k, sil, assignment: km.assignment, centroids: km.centroids };
	}
	if (best.sil < minSilhouette) {
		best = { k: 1, sil: Math.max(best.sil, 0), assignment: new Array<number>(points.length).fill(0), centroids: [points[0].map((_, j) => points.reduce((s, p) => s + p[j], 0) / points.length)] };
	}
	const groups: PatternGroup[] = best.centroids.map((centroid, id) => {
		const members = raw.filter((_, i) => best.assignment[i] === id).map((d) => calendar(d.date));
		const n = members.length;
		const weekend = members.filter((c) => c.weekend).length;
		const monthEnd = members.filter((c) => c.monthEnd).length;
		const label: DayLabel = n <= 1 ? 'unusual' : monthEnd / n >= 0.6 ? 'month-end' : weekend / n >= 0.6 ? 'weekend' : 'weekday';
		return { id, label, centroid: centroid.map((v) => v * scale), days: n };
	});
	const distances = points.map((p, i) => Math.sqrt(sqDistance(p, best.centroids[best.assignment[i]])));
	const days: DayPattern[] = raw.map((d, i) => {
		const g = best.assignment[i];
		const within = distances.filter((_, j) => best.assignment[j] === g);
		const q1 = quantile(within, 0.25);
		const q3 = quantile(within, 0.75);
		const far = within.length >= 4 && distances[i] > q3 + 3 * Math.max(q3 - q1, 1e-9);
		return { date: d.date, group: g, label: far ? 'unusual' : groups[g].label, distance: distances[i], profile: d.profile };
	});
	return { k: best.k, silhouette: best.sil, scale, groups, days };
}

/**
 * Day key for SeasonalBaseline: a past day keeps its cluster label; a future or unknown day
 * gets the label its calendar class (weekend / month-end / weekday) most often had.
 */
export function dayKeyFromPatterns(result: PatternResult, utcOffsetMinutes = 0): (timeMs: number) => string {
	const byDate = new Map(result.days.map((d) => [d.date, d.label === 'unusual' ? groupLabel(result, d.group) : d.label]));
	// Calendar class: weekday/weekend crossed with month end, so a month end on a Saturday and
	// one on a Tuesday vote separately.
	const classOf = (c: CalendarDay) => `${c.weekend ? 'weekend' : 'weekday'}${c.monthEnd ? '+month-end' : ''}`;
	const votes = new Map<string, Map<string, number>>();
	for (const d of result.days) {
		const cls = classOf(calendar(d.date));
		const label = byDate.get(d.date)!;
		if (!votes.has(cls)) votes.set(cls, new Map());
		votes.get(cls)!.set(label, (votes.get(cls)!.get(label) ?? 0) + 1);
	}
	return (timeMs: number) => {
		const local = timeMs + utcOffsetMinutes * 60_000;
		if (!(Math.abs(local) <= 8.64e15)) return 'other';
		const date = new Date(local).toISOString().slice(0, 10);
		const known = byDate.get(date);
		if (known) return known;
		const c = calendar(date);
		const v = votes.get(classOf(c)) ?? votes.get(c.weekend ? 'weekend' : 'weekday');
		if (!v) return c.monthEnd ? 'month-end' : c.weekend ? 'weekend' : 'weekday';
		return [...v].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
	};
}

function groupLabel(result: PatternResult, group: number): string {
	const l = result.groups[group]?.label ?? 'weekday';
	return l === 'unusual' ? 'weekday' : l;
}
