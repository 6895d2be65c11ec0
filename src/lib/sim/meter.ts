/**
 * Per-instance accumulators, fed by the spans the trace builder generates, so that metrics
 * and traces tell the same story. Histograms are cumulative since `processStartMs` (the
 * SDK default temporality); a restart starts a new meter.
 *
 * Bounds: http series ≤ routes × status codes of one service (< 64); pool and GC maps ≤ 4.
 */

/** http.server.request.duration advisory boundaries, seconds (semantic conventions). */
export const HTTP_BOUNDS_S = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** jvm.gc.duration / v8js.gc.duration advisory boundaries, seconds. */
export const GC_BOUNDS_S = [0.01, 0.1, 1, 10];

export class CumulativeHistogram {
	readonly counts: number[];
	count = 0;
	sum = 0;
	min = Infinity;
	max = -Infinity;

	constructor(readonly bounds: readonly number[]) {
		this.counts = new Array(bounds.length + 1).fill(0);
	}

	record(value: number): void {
		let i = 0;
		while (i < this.bounds.length && value > this.bounds[i]) i++;
		this.counts[i]++;
		this.count++;
		this.sum += value;
		if (value < this.min) this.min = value;
		if (value > this.max) this.max = value;
	}
}

export interface HttpSeries {
	method: string;
	route: string;
	status: number;
	errorType?: string;
	histogram: CumulativeHistogram;
}

export interface GcSeries {
	name: string;
	action: string;
	histogram: CumulativeHistogram;
}

interface PendingRequest {
	method: string;
	route: string;
	status: number;
	durationMs: number;
	endMs: number;
	errorType?: string;
}

export class InstanceMeter {
	readonly http = new Map<string, HttpSeries>();
	/** Requests generated but not yet ended at the last export (bounded by requests in flight). */
	private pending: PendingRequest[] = [];
	readonly gc = new Map<string, GcSeries>();
	/** Connection-busy milliseconds per database id since the last metric export. */
	readonly dbBusyMs = new Map<string, number>();
	/** SERVER spans and their summed duration since the last export (utilisation, CPU). */
	intervalRequests = 0;
	intervalBusyMs = 0;
	/** Heap retained by a leak, MiB (0 when healthy). */
	leakMb = 0;
	/** Fractional collections carried between exports, so GC counts follow their rates smoothly. */
	youngGcDebt = 0;
	oldGcDebt = 0;
	/** Caller ms of the last GC sample. */
	lastGcMs: number;

	constructor(readonly processStartMs: number) {
		this.lastGcMs = processStartMs;
	}

	/**
	 * A request ending at `endMs`: it enters the histogram at the first export at or after
	 * its end (an SDK records at span end), so exported counts equal the spans ended by then.
	 */
	recordServer(method: string, route: string, status: number, durationMs: number, endMs: number, errorType?: string): void {
		this.pending.push({ method, route, status, durationMs, endMs, errorType });
		this.intervalRequests++;
		this.intervalBusyMs += durationMs;
	}

	/** Moves requests that ended by `nowMs` into the histograms (call before exporting). */
	settle(nowMs: number): void {
		const keep: PendingRequest[] = [];
		for (const r of this.pending) {
			if (r.endMs <= nowMs) this.histogramRecord(r);
			else keep.push(r);
		}
		this.pending = keep;
	}

	private histogramRecord({ method, route, status, durationMs, errorType }: PendingRequest): void {
		const key = `${method} ${route} ${status} ${errorType ?? ''}`;
		let series = this.http.get(key);
		if (!series) {
			series = { method, route, status, errorType, histogram: new CumulativeHistogram(HTTP_BOUNDS_S) };
			this.http.set(key, series);
		}
		series.histogram.record(durationMs / 1000);
	}

	/** A message processed by a consumer: counts towards utilisation, not HTTP metrics. */
	recordConsumer(durationMs: number): void {
		this.intervalRequests++;
		this.intervalBusyMs += durationMs;
	}

	recordDbBusy(dbId: string, durationMs: number): void {
		this.dbBusyMs.set(dbId, (this.dbBusyMs.get(dbId) ?? 0) + durationMs);
	}

	recordGc(name: string, action: string, durationS: number): void {
		const key = `${name}|${action}`;
		let series = this.gc.get(key);
		if (!series) {
			series = { name, action, histogram: new CumulativeHistogram(GC_BOUNDS_S) };
			this.gc.set(key, series);
		}
		series.histogram.record(durationS);
	}

	resetInterval(): void {
		this.intervalRequests = 0;
		this.intervalBusyMs = 0;
		this.dbBusyMs.clear();
	}
}
