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

/**
 * What a baseline has learned, as plain structured-clone data (persisted by the insights
 * host, read back by any tab to draw bands). Slot arrays hold (n, mean, variance) triples.
 */
export interface BaselineState {
	slotMinutes: number;
	alpha: number;
	bandSigmas: number;
	minSamples: number;
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

	/** Standard deviation of a slot, floored at 5 % of the global one (see `band`). */
	private sdOf(slots: Float64Array, i: number): number {
		return Math.max(Math.sqrt(slots[i * 3 + VAR]), 0.05 * Math.sqrt(this.global[VAR]), 1e-9);
	}

	/** The band expected at `timeMs`, from what has been learned so far. */
	band(timeMs: number): BandPoint {
		if (!Number.isFinite(timeMs)) return { expected: NaN, lower: NaN, upper: NaN, sd: NaN, samples: 0, source: 'none' };
		const i = this.slotIndex(timeMs);
		const day = this.daySlots(timeMs, false);
		let pick: [Float64Array, number, BandPoint['source']] | null = null;
		if (day && day[i * 3 + N] >= this.minSamples) pick = [day, i, 'slot'];
		else if (this.timeOfDay[i * 3 + N] >= this.minSamples) pick = [this.timeOfDay, i, 'time-of-day'];
		else if (this.global[N] >= 2) pick = [this.global, 0, 'global'];
		if (!pick) return { expected: NaN, lower: NaN, upper: NaN, sd: NaN, samples: 0, source: 'none' };
		const [slots, j, source] = pick;
		// The global spread floors a slot's spread: a slot that saw near-identical values must
		// not call every small wobble an anomaly. Floor = 5 % of the global standard deviation.
		const sd = this.sdOf(slots, j);
		const mean = slots[j * 3 + MEAN];
		return { expected: mean, lower: mean - this.bandSigmas * sd, upper: mean + this.bandSigmas * sd, sd, samples: slots[j * 3 + N], source };
	}

	/**
	 * Once a state has `minSamples`, a value outside its own band is learned at the band's edge
	 * (winsorised), so an incident does not drag the baseline along with it; a lasting shift
	 * still moves the band by up to alpha x bandSigmas x sd per point.
	 */
	private learnClamped(slots: Float64Array, i: number, value: number, alpha: number): void {
		if (slots[i * 3 + N] >= this.minSamples) {
			const sd = this.sdOf(slots, i);
			const mean = slots[i * 3 + MEAN];
			value = Math.min(mean + this.bandSigmas * sd, Math.max(mean - this.bandSigmas * sd, value));
		}
		learn(slots, i, value, alpha);
	}

	/** Scores the point against the band, then learns it. Non-finite values are scored NaN and not learned. */
	update(timeMs: number, value: number): ScoredPoint {
		const b = this.band(timeMs);
		if (!Number.isFinite(value) || !Number.isFinite(timeMs)) return { ...b, value, z: NaN, score: NaN };
		const z = b.source === 'none' ? 0 : (value - b.expected) / b.sd;
		const score = 1 - 2 * normalTail(Math.abs(z));
		const i = this.slotIndex(timeMs);
		this.learnClamped(this.daySlots(timeMs, true)!, i, value, this.alpha);
		this.learnClamped(this.timeOfDay, i, value, this.alpha);
		this.learnClamped(this.global, 0, value, Math.min(this.alpha, 0.01));
		return { ...b, value, z, score };
	}
}
