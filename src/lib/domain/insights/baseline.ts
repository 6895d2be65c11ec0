/**
 * Online seasonal baseline with a confidence band. Each point falls in a slot: a day key
 * (weekday 0-6 by default, or a load-pattern label such as 'month-end') x time of day
 * (`slotMinutes` wide, local time via `utcOffsetMinutes`). Each slot keeps an exponentially
 * weighted mean and variance (weight `alpha` per sample). A slot with fewer than
 * `minSamples` samples falls back to the time-of-day slot over all days, then to the whole
 * series, so a new series gets a band at once and sharpens as it learns.
 *
 * Memory bound: days x (1440 / slotMinutes) + (1440 / slotMinutes) + 1 slot states
 * (7 x 96 + 97 = 769 for the defaults); unknown day keys beyond `maxDayKeys` share 'other'.
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
	/** Which level answered: the day x time slot, the time-of-day slot, or the whole series. */
	source: 'slot' | 'time-of-day' | 'global' | 'none';
}

export interface ScoredPoint extends BandPoint {
	value: number;
	/** Signed deviation in standard deviations. */
	z: number;
	/** 1 - two-sided tail probability of |z|: 0 = typical, -> 1 = far outside the band. */
	score: number;
}

interface SlotState {
	n: number;
	mean: number;
	variance: number;
}

const MINUTE_MS = 60_000;

function learn(state: SlotState, value: number, alpha: number): void {
	if (state.n === 0) {
		state.mean = value;
		state.variance = 0;
	} else {
		// Slots learn fast at first (weight 1/(n+1)) and settle to `alpha`.
		const a = Math.max(alpha, 1 / (state.n + 1));
		const diff = value - state.mean;
		const incr = a * diff;
		state.mean += incr;
		state.variance = (1 - a) * (state.variance + diff * incr);
	}
	state.n++;
}

export class SeasonalBaseline {
	private readonly slotMinutes: number;
	private readonly alpha: number;
	private readonly bandSigmas: number;
	private readonly minSamples: number;
	private readonly offsetMs: number;
	private readonly dayKey: (timeMs: number) => string;
	private readonly maxDayKeys: number;
	private readonly slots = new Map<string, SlotState[]>();
	private readonly timeOfDay: SlotState[];
	private readonly global: SlotState = { n: 0, mean: 0, variance: 0 };

	constructor(options: BaselineOptions = {}) {
		this.slotMinutes = options.slotMinutes ?? 15;
		if (!(this.slotMinutes > 0 && 1440 % this.slotMinutes === 0)) throw new RangeError(`slotMinutes must divide a day, got ${this.slotMinutes}`);
		this.alpha = options.alpha ?? 0.1;
		this.bandSigmas = options.bandSigmas ?? 3;
		this.minSamples = options.minSamples ?? 3;
		this.offsetMs = (options.utcOffsetMinutes ?? 0) * MINUTE_MS;
		this.dayKey = options.dayKey ?? ((t) => String(new Date(t + this.offsetMs).getUTCDay()));
		this.maxDayKeys = options.maxDayKeys ?? 16;
		this.timeOfDay = Array.from({ length: 1440 / this.slotMinutes }, () => ({ n: 0, mean: 0, variance: 0 }));
	}

	private slotIndex(timeMs: number): number {
		const minuteOfDay = Math.floor((((timeMs + this.offsetMs) % 86_400_000) + 86_400_000) % 86_400_000 / MINUTE_MS);
		return Math.floor(minuteOfDay / this.slotMinutes);
	}

	private daySlots(timeMs: number, create: boolean): SlotState[] | undefined {
		let key = this.dayKey(timeMs);
		if (!this.slots.has(key) && this.slots.size >= this.maxDayKeys) key = 'other';
		let slots = this.slots.get(key);
		if (!slots && create) {
			slots = Array.from({ length: 1440 / this.slotMinutes }, () => ({ n: 0, mean: 0, variance: 0 }));
			this.slots.set(key, slots);
		}
		return slots;
	}

	/** The band expected at `timeMs`, from what has been learned so far. */
	band(timeMs: number): BandPoint {
		if (!Number.isFinite(timeMs)) return { expected: NaN, lower: NaN, upper: NaN, sd: NaN, samples: 0, source: 'none' };
		const i = this.slotIndex(timeMs);
		const day = this.daySlots(timeMs, false)?.[i];
		const tod = this.timeOfDay[i];
		const pick: [SlotState, BandPoint['source']] | null =
			day && day.n >= this.minSamples ? [day, 'slot'] : tod.n >= this.minSamples ? [tod, 'time-of-day'] : this.global.n >= 2 ? [this.global, 'global'] : null;
		if (!pick) return { expected: NaN, lower: NaN, upper: NaN, sd: NaN, samples: 0, source: 'none' };
		const [state, source] = pick;
		// The global spread floors a slot's spread: a slot that saw near-identical values must
		// not call every small wobble an anomaly. Floor = 5 % of the global standard deviation.
		const sd = Math.max(Math.sqrt(state.variance), 0.05 * Math.sqrt(this.global.variance), 1e-9);
		return { expected: state.mean, lower: state.mean - this.bandSigmas * sd, upper: state.mean + this.bandSigmas * sd, sd, samples: state.n, source };
	}

	/**
	 * Once a state has `minSamples`, a value outside its own band is learned at the band's edge
	 * (winsorised), so an incident does not drag the baseline along with it; a lasting shift
	 * still moves the band by up to alpha x bandSigmas x sd per point.
	 */
	private learnClamped(state: SlotState, value: number, alpha: number): void {
		if (state.n >= this.minSamples) {
			const sd = Math.max(Math.sqrt(state.variance), 0.05 * Math.sqrt(this.global.variance), 1e-9);
			value = Math.min(state.mean + this.bandSigmas * sd, Math.max(state.mean - this.bandSigmas * sd, value));
		}
		learn(state, value, alpha);
	}

	/** Scores the point against the band, then learns it. Non-finite values are scored NaN and not learned. */
	update(timeMs: number, value: number): ScoredPoint {
		const b = this.band(timeMs);
		if (!Number.isFinite(value) || !Number.isFinite(timeMs)) return { ...b, value, z: NaN, score: NaN };
		const z = b.source === 'none' ? 0 : (value - b.expected) / b.sd;
		const score = 1 - 2 * normalTail(Math.abs(z));
		const i = this.slotIndex(timeMs);
		this.learnClamped(this.daySlots(timeMs, true)![i], value, this.alpha);
		this.learnClamped(this.timeOfDay[i], value, this.alpha);
		this.learnClamped(this.global, value, Math.min(this.alpha, 0.01));
		return { ...b, value, z, score };
	}
}
