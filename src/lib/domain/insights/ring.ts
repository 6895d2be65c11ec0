/**
 * Fixed-capacity ring buffer of numbers. Bound: `capacity` values; when full, pushing
 * overwrites the oldest value (the detectors want a sliding window, never an error).
 */
export class Ring {
	private readonly data: Float64Array;
	private start = 0;
	private count = 0;

	constructor(readonly capacity: number) {
		if (!(capacity >= 1)) throw new RangeError(`Ring capacity must be at least 1, got ${capacity}`);
		this.data = new Float64Array(Math.floor(capacity));
	}

	get length(): number {
		return this.count;
	}

	push(value: number): void {
		if (this.count < this.capacity) {
			this.data[(this.start + this.count) % this.capacity] = value;
			this.count++;
		} else {
			this.data[this.start] = value;
			this.start = (this.start + 1) % this.capacity;
		}
	}

	/** i = 0 is the oldest kept value; i = length - 1 the newest. */
	at(i: number): number {
		return this.data[(this.start + i) % this.capacity];
	}

	/** The newest `n` values (or fewer), oldest first. */
	last(n: number): number[] {
		const k = Math.min(n, this.count);
		const out = new Array<number>(k);
		for (let i = 0; i < k; i++) out[i] = this.at(this.count - k + i);
		return out;
	}

	toArray(): number[] {
		return this.last(this.count);
	}
}
