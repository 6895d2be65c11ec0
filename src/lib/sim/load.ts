/**
 * The demo bank's load model: pure functions of scenario time, cheap enough to generate
 * months of series without simulating a span.
 *
 * Local time is Korea Standard Time (UTC+9, no daylight saving). Shape, relative to a
 * weekday lunch peak (= 1.0 on an ordinary day):
 *
 *   weekday   0.06 at night · commute bump 08:30 · plateau ~0.66 · lunch peak 12:30 (1.0)
 *             · decline from 19:30 · mobile evening bump 21:30
 *   weekend   ~0.5 of a weekday, later morning, no lunch peak
 *   month end × up to 1.45 on the 25th (salary day) and × up to 1.35 on the last day
 *             of the month, with smaller shoulders the day before and after
 */
import { DAY_MS, HOUR_MS } from './clock';
import { Prng } from './prng';

export const KST_OFFSET_MS = 9 * HOUR_MS;

/** Business transactions per second at an ordinary weekday lunch peak with `load` = 1. */
export const PEAK_TPS = 42;

function sigmoid(x: number): number {
	return 1 / (1 + Math.exp(-x));
}

function bump(h: number, centre: number, width: number): number {
	const z = (h - centre) / width;
	return Math.exp(-z * z);
}

export interface LocalTime {
	/** Fractional hour of day, [0, 24). */
	hour: number;
	/** 0 = Sunday … 6 = Saturday. */
	weekday: number;
	/** 1-based day of month. */
	day: number;
	daysInMonth: number;
}

export function localTime(scenarioMs: number): LocalTime {
	const local = new Date(scenarioMs + KST_OFFSET_MS);
	const year = local.getUTCFullYear();
	const month = local.getUTCMonth();
	const dayStartMs = Date.UTC(year, month, local.getUTCDate());
	return {
		hour: (scenarioMs + KST_OFFSET_MS - dayStartMs) / HOUR_MS,
		weekday: local.getUTCDay(),
		day: local.getUTCDate(),
		daysInMonth: Math.round((Date.UTC(year, month + 1, 1) - Date.UTC(year, month, 1)) / DAY_MS)
	};
}

function weekdayShape(h: number): number {
	const plateau = 0.6 * sigmoid((h - 8) / 0.8) * (1 - sigmoid((h - 19.5) / 1.2));
	return (
		0.06 + plateau + 0.34 * bump(h, 12.5, 0.75) + 0.08 * bump(h, 8.5, 0.6) + 0.12 * bump(h, 21.5, 1.2)
	);
}

function weekendShape(h: number): number {
	const plateau = 0.36 * sigmoid((h - 9.5) / 1.2) * (1 - sigmoid((h - 21) / 1.2));
	return 0.06 + plateau + 0.08 * bump(h, 14, 2) + 0.1 * bump(h, 21.5, 1.2);
}

/** Multiplier ≥ 1 for salary day (the 25th) and the last day of the month. */
export function monthEndFactor(t: LocalTime): number {
	const shoulder = [1, 0.35, 0.1];
	const d25 = Math.abs(t.day - 25);
	const dEnd = t.daysInMonth - t.day;
	const payday = d25 < shoulder.length ? shoulder[d25] : 0;
	const monthEnd = dEnd < shoulder.length ? shoulder[dEnd] : 0;
	return 1 + 0.45 * payday + 0.35 * monthEnd;
}

/** Traffic relative to an ordinary weekday lunch peak (1.0). Pure; continuous within a day. */
export function loadShape(scenarioMs: number): number {
	const t = localTime(scenarioMs);
	const weekend = t.weekday === 0 || t.weekday === 6;
	const daily = weekend ? weekendShape(t.hour) : weekdayShape(t.hour);
	return daily * monthEndFactor(t);
}

/** Expected business transactions per second (before incidents such as a traffic surge). */
export function expectedTps(scenarioMs: number, load = 1): number {
	return PEAK_TPS * load * loadShape(scenarioMs);
}

export interface LoadSeriesOptions {
	/** Scenario time of the first step. */
	startMs: number;
	stepMs: number;
	count: number;
	load?: number;
	/** With a seed, each value is a Poisson draw around the expectation; without, the expectation. */
	seed?: number;
}

/**
 * Business transactions per step (count per `stepMs`), for evaluations that need long
 * series without spans. Memory: one Float64Array of `count` values.
 */
export function loadSeries(options: LoadSeriesOptions): Float64Array {
	const { startMs, stepMs, count, load = 1, seed } = options;
	if (!(stepMs > 0) || !(count >= 0) || !Number.isFinite(count)) {
		throw new RangeError(`loadSeries needs stepMs > 0 and a finite count ≥ 0 (got ${stepMs}, ${count})`);
	}
	const out = new Float64Array(Math.floor(count));
	const prng = seed === undefined ? undefined : new Prng(seed, 'load-series');
	for (let i = 0; i < out.length; i++) {
		const mid = startMs + (i + 0.5) * stepMs;
		const mean = expectedTps(mid, load) * (stepMs / 1000);
		out[i] = prng ? prng.poisson(mean) : mean;
	}
	return out;
}
