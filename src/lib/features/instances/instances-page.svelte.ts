import type { InstancesClient, InstancesPage, InstancesRequest } from '$lib/workers/instances-client';

/** The IndexedDB store the data path writes (startTelemetry's default name). */
export const telemetryStoreName = 'meridian';

/**
 * What the Instances page shows, read through the instances worker; refreshes keep the data
 * on screen (`loading` only before the first answer of a range), superseded answers dropped.
 */
export class InstancesData {
	page = $state.raw<InstancesPage | null>(null);
	/** The range the shown page answers. */
	range = $state.raw({ fromMs: 0, toMs: 0, nowMs: 0 });
	status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
	error = $state<string | null>(null);
	#shape = '';

	constructor(private readonly client: InstancesClient) {}

	async load(query: InstancesRequest, shape: string): Promise<void> {
		if (shape !== this.#shape) {
			this.#shape = shape;
			this.status = 'loading';
		}
		const reply = await this.client.overview(telemetryStoreName, query);
		if (reply.status === 'superseded' || shape !== this.#shape) return;
		if (reply.status === 'failed') {
			this.status = 'error';
			this.error = reply.message;
			return;
		}
		this.page = reply;
		this.range = { fromMs: query.fromMs, toMs: query.toMs, nowMs: query.nowMs };
		this.status = 'ready';
		this.error = null;
	}
}
