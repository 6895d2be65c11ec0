import type { DbClient, DbOverview, DigestDetail, DigestRequest } from '$lib/workers/db-client';

/** The IndexedDB store the data path writes (startTelemetry's default name). */
export const telemetryStoreName = 'meridian';

type Status = 'idle' | 'loading' | 'ready' | 'error';

/**
 * What the Database page shows, read through the database worker. Loads may overlap (a
 * refresh timer, a range change); the client answers `superseded` to all but the newest, and
 * those answers are dropped here. `loading` shows only before the first answer of a shape;
 * refreshes keep the data on screen.
 */
export class DbPageData {
	overview = $state.raw<DbOverview | null>(null);
	status = $state<Status>('idle');
	error = $state<string | null>(null);
	detail = $state.raw<DigestDetail | null>(null);
	detailFor = $state.raw<DigestRequest | null>(null);
	detailStatus = $state<Status>('idle');
	detailError = $state<string | null>(null);
	#shape = '';
	#detailShape = '';

	constructor(private readonly client: DbClient) {}

	async load(query: { fromMs: number; toMs: number; stepMs: number }, shape: string): Promise<void> {
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
		this.overview = reply;
		this.status = 'ready';
		this.error = null;
	}

	async loadDetail(query: DigestRequest, shape: string): Promise<void> {
		if (shape !== this.#detailShape) {
			this.#detailShape = shape;
			this.detailStatus = 'loading';
			this.detail = null;
		}
		const reply = await this.client.digest(telemetryStoreName, query);
		if (reply.status === 'superseded' || shape !== this.#detailShape) return;
		if (reply.status === 'failed') {
			this.detailStatus = 'error';
			this.detailError = reply.message;
			return;
		}
		this.detail = reply;
		this.detailFor = query;
		this.detailStatus = 'ready';
		this.detailError = null;
	}

	clearDetail(): void {
		this.#detailShape = '';
		this.detail = null;
		this.detailFor = null;
		this.detailStatus = 'idle';
	}
}
