/**
 * Loads the trace the view names: from this tab's imports first, else from the store
 * (read and analysed in the trace worker), then its logs and breakdown. Latest wins: a
 * load overtaken by a newer one is dropped.
 */
import type { LogRecord, SpanRecord } from '$lib/protocol/records';
import type { SegmentBreakdown } from '$lib/domain/trace/types';
import type { TelemetryStore } from '$lib/io/telemetry-store';
import type { OpenedTrace, TraceClient } from '$lib/workers/trace-client';
import { importedTraces } from '$lib/state/imported-traces';

export type LoadStatus = 'idle' | 'loading' | 'done' | 'notFound' | 'error';

export class TraceLoader {
	status = $state<LoadStatus>('idle');
	trace = $state.raw<OpenedTrace | null>(null);
	breakdown = $state.raw<SegmentBreakdown | null>(null);
	logs = $state.raw<LogRecord[]>([]);
	/** File the trace was imported from; null for a stored trace. */
	source = $state<string | null>(null);
	error = $state<string | null>(null);
	/** Time from the start of the load to the trace being ready to draw (for the benchmark), ms. */
	openMs = $state(0);
	#token = 0;

	async load(traceId: string, deps: { client: TraceClient; store: TelemetryStore | null; dbName: string }): Promise<void> {
		const token = ++this.#token;
		const startedMs = performance.now();
		this.status = 'loading';
		this.error = null;
		this.breakdown = null;
		const current = () => token === this.#token;
		try {
			const imported = importedTraces.get(traceId);
			let opened: OpenedTrace | 'notFound' | undefined;
			let logs: Promise<LogRecord[]>;
			if (imported) {
				opened = await deps.client.openSpans(`file:${traceId}`, imported.spans);
				logs = Promise.resolve(imported.logs);
			} else if (deps.store) {
				opened = await deps.client.openStored(deps.dbName, traceId);
				logs = deps.store.logsByTrace(traceId);
			} else {
				opened = 'notFound';
				logs = Promise.resolve([]);
			}
			if (!current() || opened === undefined) return;
			if (opened === 'notFound') {
				this.trace = null;
				this.status = 'notFound';
				return;
			}
			this.trace = opened;
			this.source = imported?.source ?? null;
			this.status = 'done';
			this.openMs = performance.now() - startedMs;
			const [breakdown, traceLogs] = await Promise.all([deps.client.breakdown(opened.key), logs]);
			if (!current()) return;
			this.breakdown = breakdown ?? null;
			this.logs = traceLogs;
		} catch (error) {
			if (!current()) return;
			this.status = 'error';
			this.error = (error as Error).message ?? String(error);
		}
	}

	/** The spans of an imported trace (for its export); undefined for a stored one. */
	importedSpans(traceId: string): SpanRecord[] | undefined {
		return importedTraces.get(traceId)?.spans;
	}
}
