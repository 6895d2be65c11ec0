/**
 * Online seasonal baseline with a confidence band. Each point falls in a slot: a day key
 * (weekday 0-6 by default, or a load-pattern label such as 'month-end') x time of day
 * (`slotMinutes` wide, local time via `utcOffsetMinutes`). Each slot keeps an exponentially
 * weighted mean and variance (weight `alpha` per sample). A slot with fewer than
 * `minSamples` samples falls back to the time-of-day slot over all days, then to the whole
 * series, so a new series gets a band at once and sharpens as it learns.
 *
 * With `priorSamples`, a slot still short of that many samples leans on the slot before it
 * (the same day, `slotMinutes` earlier) as a prior worth the samples it lacks: on a first day
 * every quarter hour starts a new slot, and a slot of a few samples knows too little to judge
 * with (nor should it learn an incident that starts with it as normal).
 *
 * Memory bound: days x (1440 / slotMinutes) + (1440 / slotMinutes) + 1 slot states
 * (7 x 96 + 97 = 769 for the defaults); unknown day keys beyond `maxDayKeys` share 'other'.
 * A slot state is three float64s (n, mean, variance) in one typed array per day key, so a
 * week of a series costs about 18 KB and `toState()` copies it without per-slot objects.
 */
import { normalTail } from './stats';

export interface BaselineOptions {
	/** Slot width in minutes. Default 15. */
	slotMinutes?: number;
	/** Weight of a new sample in its slot's mean and variance. Default 0.1 (about 10 samples of memory). */
	alpha?: number;
	/** Half-width of the band in standard deviations. Default 3. */
	bandSigmas?: number;
	/** Samples before a slot is trusted over its fallback. Default 3. */
	minSamples?: number;
	/**
	 * Samples a slot needs before it stands alone. Below it, the band mixes the slot with the
	 * previous slot, which counts for the samples the slot lacks (at most its own), and reports
	 * the samples of both. Default 0: no prior.
	 */
	priorSamples?: number;
	/** Local time offset from UTC in minutes (Korea: 540). Default 0. */
	utcOffsetMinutes?: number;
	/** Day key for a time; default the local weekday '0'..'6'. Load-pattern labels plug in here. */
	dayKey?: (timeMs: number) => string;
	/** Distinct day keys kept. Default 16. */
	maxDayKeys?: number;
}

export interface BandPoint {
	expected: number;
	lower: number;
	upper: number;
	/** Standard deviation used for the band. */
	sd: number;
	/** Samples in the slot that produced the estimate. */
	samples: number;
	/**
	 * Which level answered: the day x time slot, the time-of-day slot (either possibly mixed
	 * with the previous slot, see `priorSamples`), the previous slot alone, or the whole series.
	 */
	source: 'slot' | 'time-of-day' | 'previous-slot' | 'global' | 'none';
}

export interface ScoredPoint extends BandPoint {
	value: number;
	/** Signed deviation in standard deviations. */
	z: number;
	/** 1 - two-sided tail probability of |z|: 0 = typical, -> 1 = far outside the band. */
	score: number;
}

/**
 * What a baseline has learned, as plain structured-clone data (persisted by the insights
 * host, read back by any tab to draw bands). Slot arrays hold (n, mean, variance) triples.
 */
export interface BaselineState {
	slotMinutes: number;
	alpha: number;
	bandSigmas: number;
	minSamples: number;
	/** Absent in states saved before the prior existed (read as 0). */
	priorSamples?: number;
	utcOffsetMinutes: number;
	maxDayKeys: number;
	days: Record<string, Float64Array>;
	timeOfDay: Float64Array;
	global: Float64Array;
}

const MINUTE_MS = 60_000;
const N = 0;
const MEAN = 1;
const VAR = 2;

/** One slot state: the array holding it and its index there. */
interface Level {
	slots: Float64Array;
	i: number;
	source: BandPoint['source'];
}

function learn(slots: Float64Array, i: number, value: number, alpha: number): void {
	const o = i * 3;
	const n = slots[o + N];
	if (n === 0) {
		slots[o + MEAN] = value;
		slots[o + VAR] = 0;
	} else {
		// Slots learn fast at first (weight 1/(n+1)) and settle to `alpha`.
		const a = Math.max(alpha, 1 / (n + 1));
		const diff = value - slots[o + MEAN];
		const incr = a * diff;
		slots[o + MEAN] += incr;
		slots[o + VAR] = (1 - a) * (slots[o + VAR] + diff * incr);
	}
	slots[o + N] = n + 1;
}

export class SeasonalBaseline {
	private readonly slotMinutes: number;
	private readonly alpha: number;
	private readonly bandSigmas: number;
	private readonly minSamples: number;
	private readonly priorSamples: number;
	private readonly utcOffsetMinutes: number;
	private readonly offsetMs: number;
	private readonly dayKey: (timeMs: number) => string;
	private readonly maxDayKeys: number;
	private readonly slotsPerDay: number;
	private readonly slots = new Map<string, Float64Array>();
	private readonly timeOfDay: Float64Array;
	private readonly global = new Float64Array(3);

	constructor(options: BaselineOptions = {}) {
		this.slotMinutes = options.slotMinutes ?? 15;
		if (!(this.slotMinutes > 0 && 1440 % this.slotMinutes === 0)) throw new RangeError(`slotMinutes must divide a day, got ${this.slotMinutes}`);
		this.alpha = options.alpha ?? 0.1;
		this.bandSigmas = options.bandSigmas ?? 3;
		this.minSamples = options.minSamples ?? 3;
		this.priorSamples = options.priorSamples ?? 0;
		this.utcOffsetMinutes = options.utcOffsetMinutes ?? 0;
		this.offsetMs = this.utcOffsetMinutes * MINUTE_MS;
		this.dayKey = options.dayKey ?? ((t) => String(new Date(t + this.offsetMs).getUTCDay()));
		this.maxDayKeys = options.maxDayKeys ?? 16;
		this.slotsPerDay = 1440 / this.slotMinutes;
		this.timeOfDay = new Float64Array(this.slotsPerDay * 3);
	}

	/**
	 * A baseline continuing from a saved state. `dayKey` is not part of the state (it is a
	 * function): pass the same one the saved baseline used. A state whose arrays do not fit
	 * its slot width is refused with a RangeError.
	 */
	static fromState(state: BaselineState, dayKey?: (timeMs: number) => string): SeasonalBaseline {
		const b = new SeasonalBaseline({
			slotMinutes: state.slotMinutes,
			alpha: state.alpha,
			bandSigmas: state.bandSigmas,
			minSamples: state.minSamples,
			priorSamples: state.priorSamples ?? 0,
			utcOffsetMinutes: state.utcOffsetMinutes,
			maxDayKeys: state.maxDayKeys,
			...(dayKey ? { dayKey } : {})
		});
		const size = b.slotsPerDay * 3;
		if (state.timeOfDay?.length !== size || state.global?.length !== 3) throw new RangeError('baseline state does not match its slot width');
		b.timeOfDay.set(state.timeOfDay);
		b.global.set(state.global);
		for (const [key, slots] of Object.entries(state.days ?? {})) {
			if (!(slots instanceof Float64Array) || slots.length !== size) throw new RangeError(`baseline state day "${key}" does not match its slot width`);
			// maxDayKeys named keys plus the shared 'other'
			if (b.slots.size <= b.maxDayKeys) b.slots.set(key, Float64Array.from(slots));
		}
		return b;
	}

	/** A copy of what has been learned (see BaselineState). */
	toState(): BaselineState {
		const days: Record<string, Float64Array> = {};
		for (const [key, slots] of this.slots) days[key] = Float64Array.from(slots);
		return {
			slotMinutes: this.slotMinutes,
			alpha: this.alpha,
			bandSigmas: this.bandSigmas,
			minSamples: this.minSamples,
			priorSamples: this.priorSamples,
			utcOffsetMinutes: this.utcOffsetMinutes,
			maxDayKeys: this.maxDayKeys,
			days,
			timeOfDay: Float64Array.from(this.timeOfDay),
			global: Float64Array.from(this.global)
		};
	}

	private slotIndex(timeMs: number): number {
		const minuteOfDay = Math.floor((((timeMs + this.offsetMs) % 86_400_000) + 86_400_000) % 86_400_000 / MINUTE_MS);
		return Math.floor(minuteOfDay / this.slotMinutes);
	}

	private daySlots(timeMs: number, create: boolean): Float64Array | undefined {
		let key = this.dayKey(timeMs);
		if (!this.slots.has(key) && this.slots.size >= this.maxDayKeys) key = 'other';
		let slots = this.slots.get(key);
		if (!slots && create) {
			slots = new Float64Array(this.slotsPerDay * 3);
			this.slots.set(key, slots);
		}
		return slots;
	}

	/** Standard deviation of a slot, floored at 5 % of the global one (see `bandOf`). */
	private sdOf(slots: Float64Array, i: number): number {
		return this.flooredSd(slots[i * 3 + VAR]);
	}

	private flooredSd(variance: number): number {
		return Math.max(Math.sqrt(variance), 0.05 * Math.sqrt(this.global[VAR]), 1e-9);
	}

	/** The day x time slot at `timeMs`, else the time-of-day slot, with at least `min` samples. */
	private level(timeMs: number, min: number): Level | null {
		const i = this.slotIndex(timeMs);
		const day = this.daySlots(timeMs, false);
		if (day && day[i * 3 + N] >= min) return { slots: day, i, source: 'slot' };
		if (this.timeOfDay[i * 3 + N] >= min) return { slots: this.timeOfDay, i, source: 'time-of-day' };
		return null;
	}

	/** The band expected at `timeMs`, from what has been learned so far. */
	band(timeMs: number): BandPoint {
		return this.estimate(timeMs).band;
	}

	/** The band, and whether the previous slot took part in it (`priorSamples`). */
	private estimate(timeMs: number): { band: BandPoint; leant: boolean } {
		if (!Number.isFinite(timeMs)) return { band: { expected: NaN, lower: NaN, upper: NaN, sd: NaN, samples: 0, source: 'none' }, leant: false };
		const own = this.level(timeMs, this.minSamples);
		const ownN = own ? own.slots[own.i * 3 + N] : 0;
		const settle = Math.max(this.priorSamples, this.minSamples);
		const prior = this.priorSamples > 0 && ownN < settle ? this.level(timeMs - this.slotMinutes * MINUTE_MS, this.minSamples) : null;
		if (own && prior) return { band: this.mixed(own, prior, settle), leant: true };
		const alone = prior && prior.slots[prior.i * 3 + N] >= settle ? { ...prior, source: 'previous-slot' as const } : null;
		const pick = own ?? alone ?? (this.global[N] >= 2 ? { slots: this.global, i: 0, source: 'global' as const } : null);
		if (!pick) return { band: { expected: NaN, lower: NaN, upper: NaN, sd: NaN, samples: 0, source: 'none' }, leant: false };
		const { slots, i, source } = pick;
		return { band: this.bandOf(slots[i * 3 + MEAN], slots[i * 3 + VAR], slots[i * 3 + N], source), leant: pick === alone };
	}

	/**
	 * A young slot (n samples) with the previous slot as a prior worth the samples it lacks (at
	 * most the prior's own): the pooled mean, and the pooled variance with the spread between
	 * the two means, so a slot that moves away from its predecessor widens its band until it
	 * stands alone.
	 */
	private mixed(own: Level, prior: Level, settle: number): BandPoint {
		const n = own.slots[own.i * 3 + N];
		const k = Math.min(settle - n, prior.slots[prior.i * 3 + N]);
		const m1 = own.slots[own.i * 3 + MEAN];
		const m2 = prior.slots[prior.i * 3 + MEAN];
		const mean = (n * m1 + k * m2) / (n + k);
		const variance = (n * (own.slots[own.i * 3 + VAR] + (m1 - mean) ** 2) + k * (prior.slots[prior.i * 3 + VAR] + (m2 - mean) ** 2)) / (n + k);
		return this.bandOf(mean, variance, n + k, own.source);
	}

	/**
	 * The global spread floors a slot's spread: a slot that saw near-identical values must not
	 * call every small wobble an anomaly. Floor = 5 % of the global standard deviation.
	 */
	private bandOf(mean: number, variance: number, samples: number, source: BandPoint['source']): BandPoint {
		const sd = this.flooredSd(variance);
		return { expected: mean, lower: mean - this.bandSigmas * sd, upper: mean + this.bandSigmas * sd, sd, samples, source };
	}

	/**
	 * Once a state has `minSamples`, a value outside its own band is learned at the band's edge
	 * (winsorised), so an incident does not drag the baseline along with it; a lasting shift
	 * still moves the band by up to alpha x bandSigmas x sd per point. A young slot that leant on
	 * the previous one is winsorised by the band it was judged against instead (`edge`).
	 */
	private learnClamped(slots: Float64Array, i: number, value: number, alpha: number, edge?: BandPoint): void {
		if (edge) value = Math.min(edge.upper, Math.max(edge.lower, value));
		else if (slots[i * 3 + N] >= this.minSamples) {
			const sd = this.sdOf(slots, i);
			const mean = slots[i * 3 + MEAN];
			value = Math.min(mean + this.bandSigmas * sd, Math.max(mean - this.bandSigmas * sd, value));
		}
		learn(slots, i, value, alpha);
	}

	/** Scores the point against the band, then learns it. Non-finite values are scored NaN and not learned. */
	update(timeMs: number, value: number): ScoredPoint {
		const { band: b, leant } = this.estimate(timeMs);
		if (!Number.isFinite(value) || !Number.isFinite(timeMs)) return { ...b, value, z: NaN, score: NaN };
		const z = b.source === 'none' ? 0 : (value - b.expected) / b.sd;
		const score = 1 - 2 * normalTail(Math.abs(z));
		const i = this.slotIndex(timeMs);
		const edge = leant ? b : undefined;
		this.learnClamped(this.daySlots(timeMs, true)!, i, value, this.alpha, edge);
		this.learnClamped(this.timeOfDay, i, value, this.alpha, edge);
		this.learnClamped(this.global, 0, value, Math.min(this.alpha, 0.01));
		return { ...b, value, z, score };
	}
}
