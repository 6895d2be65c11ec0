/**
 * Hybrid logical clock (Kulkarni et al., 2014): a stamp is (ms, counter, replica) where ms
 * follows the wall clock when it moves forward and the counter orders events within one
 * ms or while the wall clock lags a stamp already seen. Every stamp a clock issues is
 * greater than every stamp it issued or observed before, so an edit made after seeing
 * another device's edit wins over it even when this device's wall clock is behind.
 *
 * Text form `<ms, 15 digits>:<counter, 6 digits>:<replica>`: fixed widths make string order
 * equal clock order, and the replica id breaks ties between devices deterministically.
 *
 * Bounds: ms < 10^15 (year 33658); counter < 10^6 per ms, past which the clock borrows the
 * next ms (ms may then run ahead of the wall clock; it never runs backwards). Replica ids are
 * 1-40 characters of [A-Za-z0-9_.-].
 */
import type { Hlc } from '../../protocol/sync';

export interface HlcParts {
	ms: number;
	counter: number;
	replica: string;
}

const msDigits = 15;
const counterDigits = 6;
export const maxHlcMs = 10 ** msDigits - 1;
export const maxHlcCounter = 10 ** counterDigits - 1;
const replicaPattern = /^[A-Za-z0-9_.-]{1,40}$/;
const hlcPattern = /^(\d{15}):(\d{6}):([A-Za-z0-9_.-]{1,40})$/;

/** The stamp every seeded document carries: any real edit wins over it. */
export const seedHlc: Hlc = formatHlc({ ms: 0, counter: 0, replica: 'seed' });

export function isReplicaId(value: unknown): value is string {
	return typeof value === 'string' && replicaPattern.test(value);
}

export function formatHlc(parts: HlcParts): Hlc {
	if (!(Number.isInteger(parts.ms) && parts.ms >= 0 && parts.ms <= maxHlcMs)) {
		throw new RangeError(`HLC time must be an integer in [0, ${maxHlcMs}] ms, got ${parts.ms}`);
	}
	if (!(Number.isInteger(parts.counter) && parts.counter >= 0 && parts.counter <= maxHlcCounter)) {
		throw new RangeError(`HLC counter must be an integer in [0, ${maxHlcCounter}], got ${parts.counter}`);
	}
	if (!isReplicaId(parts.replica)) throw new RangeError(`HLC replica id must be 1-40 of [A-Za-z0-9_.-], got "${parts.replica}"`);
	return `${String(parts.ms).padStart(msDigits, '0')}:${String(parts.counter).padStart(counterDigits, '0')}:${parts.replica}`;
}

export function parseHlc(value: unknown): HlcParts | undefined {
	if (typeof value !== 'string') return undefined;
	const match = hlcPattern.exec(value);
	if (!match) return undefined;
	return { ms: Number(match[1]), counter: Number(match[2]), replica: match[3] };
}

export function isHlc(value: unknown): value is Hlc {
	return typeof value === 'string' && hlcPattern.test(value);
}

/** Negative, zero or positive like a sort comparator; plain string order (fixed widths). */
export function compareHlc(a: Hlc, b: Hlc): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

export class HybridClock {
	readonly replica: string;
	private ms = 0;
	private counter = 0;

	/** `last`: the newest stamp this replica issued or saw before (persisted across reloads). */
	constructor(replica: string, private readonly now: () => number = Date.now, last?: Hlc) {
		if (!isReplicaId(replica)) throw new RangeError(`HLC replica id must be 1-40 of [A-Za-z0-9_.-], got "${replica}"`);
		this.replica = replica;
		if (last) this.observe(last);
	}

	/** A fresh stamp for a local event, greater than every stamp issued or observed so far. */
	tick(): Hlc {
		const wallMs = Math.min(maxHlcMs, Math.max(0, Math.floor(this.now())));
		if (wallMs > this.ms) {
			this.ms = wallMs;
			this.counter = 0;
		} else if (this.counter < maxHlcCounter) {
			this.counter++;
		} else if (this.ms < maxHlcMs) {
			this.ms++;
			this.counter = 0;
		} else {
			throw new RangeError('The hybrid clock reached its last stamp; a replica has a clock set past the year 33658.');
		}
		return formatHlc({ ms: this.ms, counter: this.counter, replica: this.replica });
	}

	/** Takes in a stamp seen elsewhere; ignores text that is not a stamp. */
	observe(stamp: Hlc): void {
		const parts = parseHlc(stamp);
		if (!parts) return;
		if (parts.ms > this.ms || (parts.ms === this.ms && parts.counter > this.counter)) {
			this.ms = parts.ms;
			this.counter = parts.counter;
		}
	}

	/** The newest (ms, counter) issued or observed, stamped with this replica's id. */
	get last(): Hlc {
		return formatHlc({ ms: this.ms, counter: this.counter, replica: this.replica });
	}
}
