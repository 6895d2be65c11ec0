/**
 * Instance counts over time and the scale-out / scale-in steps they show.
 *
 * A unit counts as present from the start of a presence interval until its last sighting
 * plus `graceMs` (reports come every few seconds, so a unit is not "gone" between two of
 * them); an interval whose last sighting is within `graceMs` of `nowMs` is still open.
 *
 *   count  2 ──┐      ┌── 4 ─────┐
 *              └─ 1 ──┘          └── 3        starts and ends, merged per direction
 *   events    in 2→1  out 1→4    in 4→3       when closer than mergeMs
 *
 * Units first seen right at the start of observation (`observedFromMs` + graceMs) were
 * already running when Meridian started watching: their appearance is not a scale-out.
 */
import type { PresenceInterval } from './churn';

export interface PresenceOptions {
	nowMs: number;
	/** Default 30 s. */
	graceMs?: number;
}

export const defaultGraceMs = 30_000;

interface Change {
	atMs: number;
	delta: 1 | -1;
	key: string;
}

function changesOf(units: readonly { key: string; intervals: readonly PresenceInterval[] }[], o: PresenceOptions): Change[] {
	const grace = o.graceMs ?? defaultGraceMs;
	const changes: Change[] = [];
	for (const unit of units) {
		for (const interval of unit.intervals) {
			if (interval.fromMs > o.nowMs) continue;
			changes.push({ atMs: interval.fromMs, delta: 1, key: unit.key });
			const endMs = interval.toMs + grace;
			if (endMs < o.nowMs) changes.push({ atMs: endMs, delta: -1, key: unit.key });
		}
	}
	// at equal times ends first: a replacement at the same instant never reads as +1
	return changes.sort((a, b) => a.atMs - b.atMs || a.delta - b.delta);
}

export interface CountSeries {
	/** Step ends, Unix ms (the count is the number present at that instant). */
	xsMs: number[];
	/** null before `observedFromMs`: nothing was watched then, which is not zero instances. */
	counts: (number | null)[];
}

/** Units present at each step end in (fromMs, toMs], steps of `stepMs` (at most 5,000 steps). */
export function countSeries(
	units: readonly { key: string; intervals: readonly PresenceInterval[] }[],
	o: PresenceOptions & { fromMs: number; toMs: number; stepMs: number; observedFromMs?: number }
): CountSeries {
	const steps = Math.min(5_000, Math.max(0, Math.floor((o.toMs - o.fromMs) / o.stepMs)));
	const changes = changesOf(units, o);
	const xsMs: number[] = [];
	const counts: (number | null)[] = [];
	let count = 0;
	let i = 0;
	for (let s = 1; s <= steps; s++) {
		const t = o.fromMs + s * o.stepMs;
		while (i < changes.length && changes[i].atMs <= t) count += changes[i++].delta;
		xsMs.push(t);
		counts.push(o.observedFromMs !== undefined && t < o.observedFromMs ? null : count);
	}
	return { xsMs, counts };
}

/** Units present at `atMs`. */
export function countAt(units: readonly { key: string; intervals: readonly PresenceInterval[] }[], atMs: number, o: PresenceOptions): number {
	let count = 0;
	for (const c of changesOf(units, o)) {
		if (c.atMs > atMs) break;
		count += c.delta;
	}
	return count;
}

export interface ScaleStep {
	direction: 'out' | 'in';
	/** First and last change merged into this step. */
	startMs: number;
	endMs: number;
	from: number;
	to: number;
	/** Unit keys that appeared (out) or went away (in). */
	units: string[];
}

/**
 * Scale steps inside [fromMs, toMs]: changes closer than `mergeMs` (default 60 s) to the
 * previous one form one burst, reported by its net effect; a burst that nets to zero (a
 * replacement, a restart on another node) is not a scale step.
 */
export function scaleSteps(
	units: readonly { key: string; intervals: readonly PresenceInterval[] }[],
	o: PresenceOptions & { fromMs: number; toMs: number; observedFromMs: number; mergeMs?: number }
): ScaleStep[] {
	const grace = o.graceMs ?? defaultGraceMs;
	const mergeMs = o.mergeMs ?? 60_000;
	const steps: ScaleStep[] = [];
	let count = 0;
	let burst: { startMs: number; endMs: number; from: number; to: number; added: string[]; removed: string[] } | undefined;
	const close = () => {
		if (burst && burst.to !== burst.from) {
			const out = burst.to > burst.from;
			steps.push({ direction: out ? 'out' : 'in', startMs: burst.startMs, endMs: burst.endMs, from: burst.from, to: burst.to, units: (out ? burst.added : burst.removed).slice(0, 100) });
		}
		burst = undefined;
	};
	for (const c of changesOf(units, o)) {
		const before = count;
		count += c.delta;
		if (c.atMs < o.fromMs || c.atMs > o.toMs) continue;
		if (c.delta === 1 && c.atMs <= o.observedFromMs + grace) continue;
		if (burst && c.atMs - burst.endMs > mergeMs) close();
		burst ??= { startMs: c.atMs, endMs: c.atMs, from: before, to: count, added: [], removed: [] };
		burst.endMs = c.atMs;
		burst.to = count;
		(c.delta === 1 ? burst.added : burst.removed).push(c.key);
	}
	close();
	return steps;
}
