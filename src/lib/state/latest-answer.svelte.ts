import type { Outcome } from '$lib/workers/latest-wins';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * One worker answer a page shows, asked again by refresh timers and view changes (answers
 * come as Outcome, src/lib/workers/latest-wins.ts). `shape` names what the answer is for
 * (range, filters): a new shape shows `loading` until its first answer, and with
 * `clearOnNewShape` drops the old value at once; a refresh of the same shape keeps the value
 * on screen. Superseded answers, and answers for a shape left meanwhile, are dropped; a
 * failure keeps the last value and says why in `error`.
 */
export class LatestAnswer<T> {
	value = $state.raw<T | null>(null);
	status = $state<LoadStatus>('idle');
	error = $state<string | null>(null);
	#shape = '';
	readonly #clearOnNewShape: boolean;

	constructor(options: { clearOnNewShape?: boolean } = {}) {
		this.#clearOnNewShape = options.clearOnNewShape ?? false;
	}

	/** Asks for the answer of `shape`; true when it was taken as the value. */
	async load(shape: string, ask: () => Promise<Outcome<T>>): Promise<boolean> {
		if (shape !== this.#shape) {
			this.#shape = shape;
			this.status = 'loading';
			if (this.#clearOnNewShape) this.value = null;
		}
		const reply = await ask();
		if (reply.status === 'superseded' || shape !== this.#shape) return false;
		if (reply.status === 'failed') {
			this.status = 'error';
			this.error = reply.message;
			return false;
		}
		this.value = reply;
		this.status = 'ready';
		this.error = null;
		return true;
	}

	/** Nothing to show: forgets the value and the shape, so answers still in flight are dropped. */
	clear(): void {
		this.#shape = '';
		this.value = null;
		this.status = 'idle';
	}
}
