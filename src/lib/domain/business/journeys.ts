/**
 * Conversion journeys: step events joined by a key (trace id or a correlation attribute).
 * A journey starts at its first step; later steps are credited to the start's window, so
 * a loan executed two hours after its application raises the conversion of the
 * application's window (like a late span landing in its rollup window).
 *
 * Order does not matter: a later step seen before the first (a child span that ends before
 * its root, or out-of-order chunks) is remembered and credited when the first step comes.
 *
 *   application (t0) ──────── approval (t0 + 40 min) ──────── execution (t0 + 2 h)
 *   window(t0).steps = [1, 0, 0] → [1, 1, 0] → [1, 1, 1]
 *
 * Bounds: at most `maxJourneys` journeys per conversion KPI (the oldest is forgotten first
 * and counted in `evicted`); a journey is forgotten `maxLagMs` after it was first seen
 * (measured against the newest event time), later steps then start a fresh, unstarted
 * journey. Journeys forgotten without their first step are counted in `orphans`.
 */

interface Journey {
	mask: number;
	/** Window start of the first step (Unix ms), NaN until it is seen. */
	cohortMs: number;
	firstSeenMs: number;
}

export const defaultMaxJourneys = 100_000;

export class JourneyTracker {
	private readonly journeys = new Map<string, Journey>();
	private newestMs = -Infinity;
	evicted = 0;
	orphans = 0;

	constructor(
		private readonly maxLagMs: number,
		private readonly maxJourneys = defaultMaxJourneys
	) {}

	get size(): number {
		return this.journeys.size;
	}

	/**
	 * Records that journey `key` reached `step` at `eventMs`, whose window starts at
	 * `windowMs`. `credit(cohortMs, step)` is called once for every step newly credited.
	 */
	record(key: string, step: number, eventMs: number, windowMs: number, credit: (cohortMs: number, step: number) => void): void {
		if (eventMs > this.newestMs) {
			this.newestMs = eventMs;
			this.expire();
		}
		let journey = this.journeys.get(key);
		if (!journey) {
			if (this.journeys.size >= this.maxJourneys) this.forgetOldest();
			journey = { mask: 0, cohortMs: NaN, firstSeenMs: eventMs };
			this.journeys.set(key, journey);
		}
		const bit = 1 << step;
		if (journey.mask & bit) return;
		journey.mask |= bit;
		if (step === 0) {
			journey.cohortMs = windowMs;
			for (let s = 0; s < 31; s++) if (journey.mask & (1 << s)) credit(windowMs, s);
		} else if (!Number.isNaN(journey.cohortMs)) {
			credit(journey.cohortMs, step);
		}
	}

	private expire(): void {
		// Map order is insertion order, which follows event time closely enough to stop at
		// the first journey still inside the horizon
		const limitMs = this.newestMs - this.maxLagMs;
		for (const [key, journey] of this.journeys) {
			if (journey.firstSeenMs >= limitMs) break;
			if (Number.isNaN(journey.cohortMs)) this.orphans++;
			this.journeys.delete(key);
		}
	}

	private forgetOldest(): void {
		const first = this.journeys.keys().next();
		if (first.done) return;
		const journey = this.journeys.get(first.value) as Journey;
		if (Number.isNaN(journey.cohortMs)) this.orphans++;
		this.evicted++;
		this.journeys.delete(first.value);
	}
}
