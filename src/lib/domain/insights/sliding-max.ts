/**
 * Maximum over the last `window` pushed values in O(1) amortised per push (monotonic deque).
 * Bound: at most `window` entries are kept.
 */
export class SlidingMax {
	private readonly values: number[] = [];
	private readonly indexes: number[] = [];
	private head = 0;
	private next = 0;

	constructor(readonly window: number) {}

	push(value: number): void {
		while (this.values.length > this.head && this.values[this.values.length - 1] <= value) {
			this.values.pop();
			this.indexes.pop();
		}
		this.values.push(value);
		this.indexes.push(this.next++);
		while (this.indexes[this.head] <= this.next - 1 - this.window) this.head++;
		// Compact occasionally so the arrays stay within the window bound.
		if (this.head > 1024 && this.head * 2 > this.values.length) {
			this.values.splice(0, this.head);
			this.indexes.splice(0, this.head);
			this.head = 0;
		}
	}

	/** -Infinity before the first push. */
	get max(): number {
		return this.values.length > this.head ? this.values[this.head] : -Infinity;
	}
}
