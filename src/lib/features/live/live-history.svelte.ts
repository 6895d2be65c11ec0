import { OVERALL_KEY, serviceKey } from '$lib/domain/telemetry/series-key';
import type { GapRecord } from '$lib/domain/telemetry/types';
import type { SeriesFrame, SeriesSummary, TelemetryStore } from '$lib/io/telemetry-store';
import type { ResolvedRange } from '$lib/state/time-range';

export interface HistoryRequest {
	range: ResolvedRange;
	/** '' = overall. */
	service: string;
}

/**
 * History for the Live board, read from the store: one series frame (overall or the chosen
 * service), the per-service summaries and the recorded gaps of the range. Loads may
 * overlap (a refresh timer, a range change); only the newest request's answer is kept.
 */
export class LiveHistory {
	frame = $state.raw<SeriesFrame | null>(null);
	/** Rows of kind `service`, plus the headline row (overall, or the chosen service). */
	services = $state.raw<SeriesSummary[]>([]);
	headline = $state.raw<SeriesSummary | undefined>(undefined);
	gaps = $state.raw<GapRecord[]>([]);
	/** `loading` only before the first answer for a request shape; refreshes keep showing data. */
	status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
	error = $state<string | null>(null);
	/** The request the current data answers. */
	answered = $state.raw<HistoryRequest | null>(null);

	#issued = 0;

	async load(store: TelemetryStore, request: HistoryRequest): Promise<void> {
		const id = ++this.#issued;
		const sameShape =
			this.answered !== null &&
			this.answered.range.key === request.range.key &&
			this.answered.service === request.service;
		if (!sameShape) this.status = 'loading';
		const { fromMs, toMs, level } = request.range;
		const key = request.service ? serviceKey(request.service) : OVERALL_KEY;
		try {
			const [frame, services, overall, gaps] = await Promise.all([
				store.seriesFrame({ fromMs, toMs, level, keys: [key] }),
				store.summaries({ fromMs, toMs, kind: 'service' }),
				request.service ? Promise.resolve([]) : store.summaries({ fromMs, toMs, kind: 'overall' }),
				store.gaps({ fromMs, toMs })
			]);
			if (id !== this.#issued) return;
			this.frame = frame;
			this.services = services;
			this.headline = request.service ? services.find((s) => s.service === request.service) : overall[0];
			this.gaps = gaps;
			this.answered = request;
			this.status = 'ready';
			this.error = null;
		} catch (error) {
			if (id !== this.#issued) return;
			this.status = 'error';
			this.error = error instanceof Error ? error.message : String(error);
		}
	}

	/** Forget answers in flight (the view switched to the live feed). */
	cancel(): void {
		this.#issued++;
	}
}
