/**
 * How load and heap turn into latency and CPU. Pure functions of an instance's state.
 *
 *   queueing   f(ρ) = 1 + 0.25 ρ² / max(0.05, 1 − ρ), ρ = demand / ready capacity
 *              (ρ 0.5 → 1.13, 0.7 → 1.41, 0.9 → 3.0, ≥ 0.95 → 5.5) on CPU work, and a wait
 *              for a worker before a request starts, exponential with mean
 *              10 ms · ρ⁸ / (1 − ρ), ρ capped at 0.98 (0.6 → 0.4 ms, 0.8 → 8 ms, 0.9 → 43 ms,
 *              0.95 → 133 ms, saturated → 425 ms): negligible at the autoscaler's 60 % target,
 *              dominant while a service waits for new pods
 *   GC         g(occ) = 1 + 3 · (max(0, occ − 0.7) / 0.3)², occ = old-gen used / old-gen limit
 *              (occ ≤ 0.7 → 1, 0.85 → 1.75, 1.0 → 4) on CPU work, and stop-the-world stalls:
 *              with p = max(0, occ − 0.75)/0.25, old collections run p² per second for
 *              150 ms · (1 + 6p) each (as metrics.ts reports them), so a request arriving at a
 *              random moment is paused with probability min(0.6, p² · 0.15 · (1 + 6p)) for a
 *              uniform part of one pause
 */
import type { Prng } from './prng';
import type { ServiceDef } from './catalogue';
import type { Instance } from './scaling';

export interface HeapLayout {
	youngLimitMb: number;
	oldLimitMb: number;
	/** Live data in the old generation at normal load. */
	oldBaseMb: number;
}

/** G1 with a 30 / 70 young / old split of the heap limit. */
export function heapLayout(def: ServiceDef): HeapLayout {
	return { youngLimitMb: def.heapLimitMb * 0.3, oldLimitMb: def.heapLimitMb * 0.7, oldBaseMb: def.heapBaseMb };
}

export function oldOccupancy(inst: Instance): number {
	const h = heapLayout(inst.def);
	return Math.min(1, (h.oldBaseMb + inst.meter.leakMb) / h.oldLimitMb);
}

export function queueingFactor(utilisation: number): number {
	if (!Number.isFinite(utilisation)) return 5.5;
	const rho = Math.max(0, utilisation);
	return 1 + (0.25 * rho * rho) / Math.max(0.05, 1 - rho);
}

export function gcFactor(occupancy: number): number {
	const x = Math.max(0, occupancy - 0.7) / 0.3;
	return 1 + 3 * x * x;
}

/** Old-generation pressure in [0, 1]: 0 below 75 % occupancy, 1 at the limit. */
export function gcPressure(occupancy: number): number {
	return Math.min(1, Math.max(0, occupancy - 0.75) / 0.25);
}

/** Median stop-the-world old collection at this pressure, ms. */
export function oldGcPauseMs(pressure: number): number {
	return 150 * (1 + 6 * pressure);
}

/** Time a request arriving now waits for a stop-the-world collection to finish, ms. */
export function gcStallMs(occupancy: number, prng: Prng): number {
	const p = gcPressure(occupancy);
	if (p === 0) return 0;
	const busy = Math.min(0.6, p * p * (oldGcPauseMs(p) / 1000));
	return prng.chance(busy) ? prng.logNormal(oldGcPauseMs(p), 0.4) * prng.next() : 0;
}

/** Time a request waits for a free worker at utilisation ρ, ms (exponential draw). */
export function queueWaitMs(utilisation: number, prng: Prng): number {
	const rho = Number.isFinite(utilisation) ? Math.min(0.98, Math.max(0, utilisation)) : 0.98;
	const meanMs = (10 * rho ** 8) / (1 - rho);
	return meanMs < 0.01 ? 0 : -meanMs * Math.log(1 - prng.next());
}
