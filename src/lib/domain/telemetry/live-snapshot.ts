/**
 * The live feed's message: what every open tab receives once a second (the writer tab's
 * rollup worker builds it and publishes it over BroadcastChannel `meridian-live`).
 *
 * Columns are uPlot-ready: `xsSec` are window START times in Unix seconds, ascending, one
 * per second; every column has the same length; `null` is a gap (no data was collected
 * for that second: before the feed started, or inside a recorded gap). A second that was
 * collected but saw no transactions has tps 0 and null latencies.
 */
import type { GapRecord, StorageNotice } from './types';

/** Figures of one series over one span of time. Latencies null when count is 0. */
export interface LiveFigures {
	/** Transactions finished in the period. */
	count: number;
	errors: number;
	/** Transactions per second over the period. */
	tps: number;
	/** errors / count, 0..1; null when count is 0. */
	errorRate: number | null;
	meanMs: number | null;
	p50Ms: number | null;
	p95Ms: number | null;
	p99Ms: number | null;
	maxMs: number | null;
	/** In-flight transactions: measured mean, or Little's law (tps x mean duration). */
	active: number | null;
}

export interface LiveColumns {
	tps: (number | null)[];
	errorRate: (number | null)[];
	meanMs: (number | null)[];
	p50Ms: (number | null)[];
	p95Ms: (number | null)[];
	p99Ms: (number | null)[];
	active: (number | null)[];
}

export interface LiveServiceRow {
	service: string;
	/** The latest complete second (`LiveSnapshot.completeSec`). */
	lastSecond: LiveFigures;
	/** The 60 complete seconds ending with `completeSec`. */
	lastMinute: LiveFigures;
	/** Instances seen in the last minute. */
	instances: number;
}

/**
 * `connecting`: first attempt; `connected`: stream open and reading; `reconnecting`: lost,
 * waiting `retryInMs` before the next attempt; `unauthorized`: the relay answered 401 (the
 * view token in Settings is missing or wrong), still retrying with backoff; `stopped`.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'unauthorized' | 'stopped';

/** `tokenMissing`: the relay wants a view token and none is set; `unauthorized`: the one set was refused. */
export type ConnectionErrorCode =
	| 'unauthorized'
	| 'tokenMissing'
	| 'http'
	| 'unreachable'
	| 'closed'
	| 'keepalive'
	| 'protocol'
	| 'storage';

export interface ConnectionStatus {
	state: ConnectionState;
	/** The data comes from the in-browser demo bank (msw), not a relay. */
	demo: boolean;
	/** Unix ms of the last state change. */
	sinceMs: number;
	epoch: string;
	/** Last batch seq written to IndexedDB (the stored cursor). */
	lastSeq: number;
	/** Newest seq the relay announced (hello), for a catch-up indicator. */
	relayLastSeq: number;
	/** Delay before the next attempt, when reconnecting. */
	retryInMs?: number;
	/** The last failure, in English words (technical detail, e.g. for a tooltip or a log). */
	lastError?: string;
	/** The last failure as a catalogue message: `data.error.<code>` with `lastErrorParams`. */
	lastErrorCode?: ConnectionErrorCode;
	lastErrorParams?: Record<string, string | number>;
	/** Relay clock minus this browser's clock at the last hello, ms (0 when unknown). */
	clockSkewMs?: number;
}

export interface IngestStatus {
	/** Batches waiting between the network and IndexedDB, and the queue's bound. */
	queuedBatches: number;
	queuedRecords: number;
	maxQueuedRecords: number;
	/** True while the stream is paused because the queue is full (backpressure). */
	paused: boolean;
	/** Spans written per second, averaged over the last 10 s. */
	spansPerSec: number;
	/** Totals since this writer started. */
	writtenSpans: number;
	writtenBatches: number;
	/** Series that did not get their own rollup series (per-service bounds), since start. */
	overflowedEndpoints: number;
	overflowedInstances: number;
}

export interface LiveSnapshot {
	/** Clock of the snapshot (Unix ms, corrected by the relay's clock). */
	atMs: number;
	/** Start (Unix s) of the latest second considered complete (settled for late spans). */
	completeSec: number;
	stepSec: 1;
	/** Up to `liveWindowCount` (300) seconds ending with the latest second seen. */
	xsSec: number[];
	overall: LiveColumns;
	/** True when `active` comes from Little's law; false when from a measured metric. */
	activeEstimated: boolean;
	/** One row per service seen in the last minute, sorted by service name. */
	services: LiveServiceRow[];
	connection: ConnectionStatus;
	ingest: IngestStatus;
	/** Recorded gaps that overlap the snapshot's time range. */
	gaps: GapRecord[];
	/** Storage notices of the last 10 minutes, newest first (eviction happened, quota hit). */
	notices: StorageNotice[];
}

/** BroadcastChannel the writer tab's rollup worker publishes snapshots on. */
export const liveChannelName = 'meridian-live';

/** Seconds of history in a snapshot. */
export const liveWindowCount = 300;
