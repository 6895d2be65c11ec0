/**
 * Per-series evidence for the root-cause ranking (rca.ts): how far each incident point
 * moved from the reference, in the direction the metric degrades, with three corrections
 * for what a short window of noisy, aggregated points cannot tell apart on its own:
 *
 * 1. Tail-aware scale. The robust scale (IQR / 1.349, MAD) ignores the reference's own
 *    outliers, so a series whose p95 jumps every few minutes (a small sample per point)
 *    makes every new jump look like a fault. The scale is floored so that the reference's
 *    largest deviation is no more than the expected largest of as many normal draws
 *    (Blom: Phi^-1((n - 0.375) / (n + 0.25)), 1.43 for 8 points, 3.07 for 589).
 * 2. Share explained by callees. Latency and errors are inherited along synchronous calls:
 *    a caller's deviation up to its callees' largest deviation of the same metric (in the
 *    metric's unit, anywhere in the window: propagation and point boundaries make
 *    same-instant matching unreliable) is theirs, only the rest is the caller's own.
 *    Resource metrics (heap, CPU, the node's own database and external client spans) and
 *    traffic are not inherited this way.
 * 3. Corroboration. A fault persists or shows in more than one metric; a single point in a
 *    single series is as often a slow request in a small sample. Each point counts as the
 *    geometric mean of itself and its best witness (another point of the same series, or
 *    another series of the same node at the same instant; at most the point itself): a
 *    persistent or corroborated deviation keeps its size, a lone one of z 40 beside
 *    witnesses of z 1 counts about 6.
 */
import { median, normalQuantile, quantile } from './stats';

export type Direction = 'up' | 'down' | 'both';

export interface RcaSeries {
	node: string;
	metric: string;
	reference: readonly number[];
	/** Points from the incident's start onwards. */
	incident: readonly number[];
	/** Points just before the incident started (same series); a series already deviating there is not a new change. */
	before?: readonly number[];
	direction: Direction;
	/**
	 * Smallest scale a deviation is measured in, in the metric's unit: e.g. 0.01 for an error
	 * ratio (one percentage point), so a reference of all zeros does not make one error infinite.
	 */
	minScale?: number;
}

export interface ReferenceScale {
	median: number;
	scale: number;
}

/** Metric families whose deviations a caller inherits from its callees (latency waits, failures passed on). */
export const INHERITED_FAMILIES: readonly string[] = ['latency', 'errors', 'availability'];

export function familyOf(metric: string): string {
	const dot = metric.indexOf('.');
	return dot < 0 ? metric : metric.slice(0, dot);
}

/** Expected largest of n standard normal draws (Blom's approximation), at least 1. */
export function expectedMaxOfNormals(n: number): number {
	if (n < 1) return 1;
	return Math.max(1, normalQuantile((n - 0.375) / (n + 0.25)));
}

function degrade(value: number, med: number, direction: Direction): number {
	if (!Number.isFinite(value)) return NaN;
	return direction === 'up' ? value - med : direction === 'down' ? med - value : Math.abs(value - med);
}

/**
 * Median and scale of a reference window; null with fewer than 3 finite points.
 * Floors: 0.1 % of |median| and 10 % of the standard deviation, so a reference that is
 * constant or mostly zero (a rarely called endpoint) does not make every change infinite;
 * `minScale`; with `tailAware`, the reference's largest degrading deviation over the
 * expected largest of as many normal draws.
 */
export function referenceScale(reference: readonly number[], direction: Direction, options: { minScale?: number; relativeFloor?: number; tailAware?: boolean } = {}): ReferenceScale | null {
	const ref = reference.filter(Number.isFinite);
	if (ref.length < 3) return null;
	const med = median(ref);
	const iqr = (quantile(ref, 0.75) - quantile(ref, 0.25)) / 1.349;
	const mad = 1.4826 * median(ref.map((v) => Math.abs(v - med)));
	let m = 0;
	for (const v of ref) m += v;
	m /= ref.length;
	let sd = 0;
	for (const v of ref) sd += (v - m) * (v - m);
	sd = Math.sqrt(sd / ref.length);
	let scale = Math.max(iqr, mad, Math.abs(med) * (options.relativeFloor ?? 0.001), sd * 0.1, options.minScale ?? 1e-9, 1e-9);
	if (options.tailAware ?? true) {
		let largest = 0;
		for (const v of ref) largest = Math.max(largest, degrade(v, med, direction));
		scale = Math.max(scale, largest / expectedMaxOfNormals(ref.length));
	}
	return { median: med, scale };
}

export interface SeriesDeviation {
	scale: number;
	/** Degrading deviation from the reference median per incident point, in the metric's unit (NaN where missing). */
	incident: number[];
	/** The same for the `before` points. */
	before: number[];
}

export function seriesDeviation(s: RcaSeries, tailAware = true): SeriesDeviation | null {
	const ref = referenceScale(s.reference, s.direction, { minScale: s.minScale, tailAware });
	if (!ref) return null;
	return {
		scale: ref.scale,
		incident: s.incident.map((v) => degrade(v, ref.median, s.direction)),
		before: (s.before ?? []).map((v) => degrade(v, ref.median, s.direction))
	};
}

function largestPositive(values: readonly number[]): number {
	let best = 0;
	for (const v of values) if (Number.isFinite(v) && v > best) best = v;
	return best;
}

/**
 * What is left of a caller's deviation once the part its callees explain is taken out:
 * each point minus the largest deviation any callee shows in the same window (same metric,
 * same unit). With no callee deviations the caller's deviation is returned unchanged.
 */
export function unexplainedDeviation(own: SeriesDeviation, callees: readonly SeriesDeviation[]): SeriesDeviation {
	if (callees.length === 0) return own;
	let incidentShare = 0;
	let beforeShare = 0;
	for (const c of callees) {
		incidentShare = Math.max(incidentShare, largestPositive(c.incident));
		beforeShare = Math.max(beforeShare, largestPositive(c.before));
	}
	return { scale: own.scale, incident: own.incident.map((v) => v - incidentShare), before: own.before.map((v) => v - beforeShare) };
}

/** Standardised deviations (>= 0, NaN where missing). */
export function standardised(values: readonly number[], scale: number): number[] {
	return values.map((v) => (Number.isFinite(v) ? Math.max(0, v / scale) : NaN));
}

/**
 * The largest point of `own` as corroborated: each point counts as sqrt(point x witness),
 * the witness being the largest other point of the same series or the same instant of a
 * `witnesses` series (a witness series of another length counts with its largest point),
 * capped at the point itself. A point nothing could witness (no other finite point, no
 * finite witness value) counts in full. With `corroborate` false, the plain largest point.
 */
export function corroboratedPeak(own: readonly number[], witnesses: readonly (readonly number[])[], corroborate = true): number {
	let best = 0;
	for (let t = 0; t < own.length; t++) {
		const v = own[t];
		if (!Number.isFinite(v) || v <= best) continue;
		if (!corroborate) {
			best = v;
			continue;
		}
		let witness = -Infinity;
		for (let u = 0; u < own.length; u++) if (u !== t && Number.isFinite(own[u])) witness = Math.max(witness, own[u]);
		for (const w of witnesses) {
			const x = w.length === own.length ? w[t] : w.some(Number.isFinite) ? largestPositive(w) : NaN;
			if (Number.isFinite(x)) witness = Math.max(witness, x);
		}
		best = Math.max(best, witness === -Infinity ? v : Math.sqrt(v * Math.max(0, Math.min(v, witness))));
	}
	return best;
}
