import type { AdvisorClient, ReadProgress, WindowQuery, WindowRead } from '$lib/workers/advisor-client';

/**
 * One page's view of the advisor worker's window read: status, progress while reading, the
 * result. A load for the query being read (or already answered) does nothing, so an effect
 * that re-runs with the same window costs nothing; a different query supersedes the old one.
 */
export class WindowReader {
	status = $state<'idle' | 'reading' | 'ready' | 'cancelled' | 'error'>('idle');
	progress = $state.raw<ReadProgress | null>(null);
	read = $state.raw<WindowRead | null>(null);
	error = $state<string | null>(null);
	#client: AdvisorClient;
	#current = '';

	constructor(client: AdvisorClient) {
		this.#client = client;
	}

	async load(query: WindowQuery): Promise<void> {
		const key = JSON.stringify(query);
		if (key === this.#current && this.status !== 'cancelled' && this.status !== 'error') return;
		this.#current = key;
		this.status = 'reading';
		this.progress = null;
		this.error = null;
		const reply = await this.#client.readWindow(query, (progress) => {
			if (this.#current === key && this.status === 'reading') this.progress = progress;
		});
		if (this.#current !== key) return;
		if (reply.status === 'done') {
			this.read = reply.read;
			this.status = 'ready';
		} else if (reply.status === 'failed') {
			this.error = reply.message;
			this.status = 'error';
		} else {
			// overtaken by a cancel or by a CSV load on the same worker
			this.status = 'cancelled';
		}
	}

	cancel(): void {
		if (this.status !== 'reading') return;
		this.#client.cancelRead();
		this.status = 'cancelled';
	}
}
