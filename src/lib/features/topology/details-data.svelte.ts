/**
 * What the details panel reads for a service: its RED series from the stored rollups (small
 * store reads on the main thread), its top operations (endpoint summaries), and its slowest
 * transactions (the trace worker scans the window's transaction chunks). Latest wins.
 */
import { pickLevel } from '$lib/domain/telemetry/levels';
import { serviceKey } from '$lib/domain/telemetry/series-key';
import type { SeriesColumns, SeriesSummary, TelemetryStore } from '$lib/io/telemetry-store';
import type { SlowTransaction } from '$lib/domain/trace/trace-index';
import type { TraceClient } from '$lib/workers/trace-client';

export interface RedSeries {
	xsSec: number[];
	stepSec: number;
	columns: SeriesColumns;
}

export class DetailsData {
	red = $state.raw<RedSeries | null>(null);
	operations = $state.raw<SeriesSummary[]>([]);
	slowest = $state.raw<SlowTransaction[] | null>(null);
	error = $state<string | null>(null);
	#token = 0;

	async load(service: string, window: { fromMs: number; toMs: number }, deps: { store: TelemetryStore; client: TraceClient; dbName: string }): Promise<void> {
		const token = ++this.#token;
		this.red = null;
		this.operations = [];
		this.slowest = null;
		this.error = null;
		const level = pickLevel(window.toMs - window.fromMs, 300);
		const key = serviceKey(service);
		try {
			const [frame, operations] = await Promise.all([
				deps.store.seriesFrame({ level, fromMs: window.fromMs, toMs: window.toMs, keys: [key] }),
				deps.store.summaries({ kind: 'endpoint', service, fromMs: window.fromMs, toMs: window.toMs })
			]);
			if (token !== this.#token) return;
			this.red = frame.series[key] ? { xsSec: frame.xsSec, stepSec: frame.stepSec, columns: frame.series[key] } : null;
			this.operations = operations.slice(0, 8);
			const slowest = await deps.client.slowest(deps.dbName, window, service, 8);
			if (token === this.#token) this.slowest = slowest;
		} catch (error) {
			if (token === this.#token) this.error = (error as Error).message ?? String(error);
		}
	}

	clear(): void {
		this.#token++;
		this.red = null;
		this.operations = [];
		this.slowest = null;
	}
}
