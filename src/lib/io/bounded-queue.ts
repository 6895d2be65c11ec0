/**
 * A FIFO bounded by total weight (records), between the network and IndexedDB. `push`
 * resolves at once while there is room and waits while the queue is full: the stream reader
 * awaits it, so a slow disk pauses reading (backpressure reaches the relay through TCP).
 * An item heavier than the bound is admitted alone into an empty queue, so nothing deadlocks.
 */

export class BoundedQueue<T> {
	private items: { item: T; weight: number }[] = [];
	private weightHeld = 0;
	private readonly spaceWaiters: (() => void)[] = [];
	private itemWaiter: (() => void) | undefined;

	constructor(readonly maxWeight: number) {
		if (!(maxWeight > 0)) throw new RangeError('A queue needs a positive bound');
	}

	get length(): number {
		return this.items.length;
	}

	get weight(): number {
		return this.weightHeld;
	}

	/** True while a producer waits for room. */
	get full(): boolean {
		return this.spaceWaiters.length > 0;
	}

	async push(item: T, weight: number): Promise<void> {
		while (this.items.length > 0 && this.weightHeld + weight > this.maxWeight) {
			await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
		}
		this.items.push({ item, weight });
		this.weightHeld += weight;
		this.itemWaiter?.();
	}

	/** Waits for at least one item, then takes items in order up to `maxWeight` (at least one). */
	async take(maxWeight: number): Promise<T[]> {
		while (this.items.length === 0) await new Promise<void>((resolve) => (this.itemWaiter = resolve));
		this.itemWaiter = undefined;
		const out: T[] = [];
		let taken = 0;
		while (this.items.length > 0 && (out.length === 0 || taken + this.items[0].weight <= maxWeight)) {
			const next = this.items.shift()!;
			out.push(next.item);
			taken += next.weight;
		}
		return out;
	}

	/** Gives the space of taken items back (after they were written). */
	release(weight: number): void {
		this.weightHeld = Math.max(0, this.weightHeld - weight);
		const waiters = this.spaceWaiters.splice(0);
		for (const wake of waiters) wake();
	}

	/** Puts an item of no weight at the front and wakes the consumer (a stop signal). */
	pushUrgent(item: T): void {
		this.items.unshift({ item, weight: 0 });
		this.itemWaiter?.();
	}
}
