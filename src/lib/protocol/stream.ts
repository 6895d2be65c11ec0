import type { TelemetryBatch } from './records';

/**
 * `GET /api/stream` is Server-Sent Events. Event names and data:
 *
 *   event: hello   data: StreamHello        (first event of every connection; no id)
 *   event: batch   data: TelemetryBatch     id: <seq>
 *   event: gap     data: StreamGap          id: <toSeq>   (requested position was evicted)
 *   : keepalive                             (comment line every `keepaliveMs`)
 *
 * Resume with the `Last-Event-ID` header or `?after=SEQ` (the query wins when both are
 * given); the stream then starts with the first batch whose seq > SEQ. A client whose
 * cursor belongs to another `epoch` must reset its cursor: the relay's log was wiped.
 */

export interface StreamHello {
	/** Changes when the relay's replay log starts over (fresh log, not a restart). */
	epoch: string;
	/** Oldest seq still held in the log, 0 when empty. */
	firstSeq: number;
	/** Newest seq assigned, 0 before any batch. */
	lastSeq: number;
	/** Relay wall clock, for the client's clock-skew estimate. */
	nowMs: number;
}

/**
 * Batches `fromSeq..toSeq` (inclusive) were evicted before this client read them. The time
 * range is what the relay knows of the lost batches (their receive times).
 */
export interface StreamGap {
	fromSeq: number;
	toSeq: number;
	fromMs: number;
	toMs: number;
}

export type StreamEvent =
	| { type: 'hello'; data: StreamHello }
	| { type: 'batch'; data: TelemetryBatch }
	| { type: 'gap'; data: StreamGap };

/** `GET /api/health` */
export interface RelayHealth {
	epoch: string;
	uptimeSec: number;
	accepted: { batches: number; spans: number; metricPoints: number; logRecords: number };
	rejected: { requests: number; spans: number; metricPoints: number; logRecords: number };
	/** Requests answered 429/503 because a bound was reached. */
	throttled: number;
	clients: number;
	firstSeq: number;
	lastSeq: number;
	log: { bytes: number; maxBytes: number; ageSec: number; maxAgeSec: number; batches: number };
	demo: boolean;
	/** True when the relay requires tokens (bound to a non-loopback address). */
	auth: boolean;
	/** Per OTLP signal: requests, items accepted/rejected, requests refused (4xx) and throttled (429/503). */
	bySignal?: Record<
		'traces' | 'metrics' | 'logs',
		{ requests: number; accepted: number; rejected: number; refused: number; throttled: number }
	>;
	/** Attribute values cut to their bound, and attributes dropped by policy or count bound. */
	truncated?: { values: number; attributes: number };
	/** Where the replay log lives; `pendingBytes` not yet durable, `failedWrites` batches never stored. */
	persistence?: { kind: 'memory' | 'disk'; location?: string; pendingBytes: number; failedWrites: number };
}
