/**
 * The storage contract. Views read through `TelemetryStore`; the ingest and rollup workers
 * write through `TelemetryWriter`. `DexieTelemetryStore` (IndexedDB, dexie-store.ts) and
 * `MemoryTelemetryStore` (memory-store.ts) implement both and pass one contract suite
 * (telemetry-store.contract.ts), so components and tests can run on the in-memory twin.
 *
 * Times are Unix milliseconds, ranges half-open [fromMs, toMs). Spans are placed in time by
 * their END (startUs + durationUs), like rollup windows.
 *
 * Bounds: raw spans, metric points and logs live in chunks of at most `chunkMaxRecords`
 * records; retention per kind and level comes from Settings; `seriesFrame` refuses more
 * than `maxFramePoints` windows (pick a coarser level); list queries take a `limit`.
 */
import type { LogRecord, MetricPoint, SpanRecord, TelemetryBatch } from '../protocol/records';
import type { RollupLevel } from '../domain/telemetry/levels';
import type { RollupPart } from '../domain/telemetry/rollup-parts';
import type { SeriesKey, SeriesKind } from '../domain/telemetry/series-key';
import type { SeriesFrame, SeriesSummary } from '../domain/telemetry/frames';
import type { MetricFrame } from '../domain/telemetry/metric-frame';
import type { Settings, SettingsPatch } from '../domain/telemetry/settings';
import type {
	GapRecord,
	MetricRollupRecord,
	MetricSeriesDescriptor,
	MetricSeriesKey,
	RollupWindowRecord,
	StorageNotice,
	StoredResource,
	StreamCursor
} from '../domain/telemetry/types';

/** Records per raw chunk (spans, metric points or logs). */
export const chunkMaxRecords = 1_000;
/** Most windows `seriesFrame` / `metricFrame` return in one call. */
export { maxFramePoints } from '../domain/telemetry/frames';
/**
 * Frame columns: `null` = no data collected (before the first stored window of the level,
 * after now, or inside a recorded gap); a collected window without transactions has count
 * 0, tps 0 and null latencies. `[frame.xsSec, frame.series[key].p95Ms]` is a uPlot
 * AlignedData (x = window start in Unix SECONDS).
 */
export type { SeriesColumns, SeriesFrame, SeriesSummary } from '../domain/telemetry/frames';
export type { MetricColumns, MetricFrame } from '../domain/telemetry/metric-frame';

export interface RangeQuery {
	fromMs: number;
	toMs: number;
}

export interface SeriesFrameQuery extends RangeQuery {
	level: RollupLevel;
	/** Series to return (see series-key.ts); unknown keys come back all-null. */
	keys: SeriesKey[];
}

export interface SummaryQuery extends RangeQuery {
	kind: Exclude<SeriesKind, 'overall'> | 'overall';
	/** Only rows of this service (endpoint and instance kinds). */
	service?: string;
	/** Level to merge; default: the coarsest level whose windows tile the range exactly, else 1 s. */
	level?: RollupLevel;
}

export interface SpanChunkQuery extends RangeQuery, SpanFollowOptions {
	/** Only spans of these services. */
	services?: string[];
	/**
	 * Only chunks with id ≤ this (see `lastSpanChunkId`): a reader that scans a range and then
	 * follows new chunks with `spanChunksAfter(maxChunkId)` sees every span exactly once.
	 */
	maxChunkId?: number;
}

/**
 * Which spans a reader wants. Transactions and entries are read from the transactions table
 * (transaction-chunks.ts), never by opening every raw chunk: about a fifth and a twentieth of
 * the spans of the demo bank.
 */
export interface SpanFollowOptions {
	/** Only transactions (SERVER / CONSUMER / root spans; domain/telemetry/transactions.ts). */
	transactionsOnly?: boolean;
	/** Only entry spans (root spans: the request as its caller made it). Implies transactions. */
	entriesOnly?: boolean;
}

export interface MetricPointQuery extends RangeQuery {
	name: string;
	resourceId?: string;
	service?: string;
	/** Most points returned (oldest first); default 10,000. */
	limit?: number;
}

export interface MetricFrameQuery extends RangeQuery {
	level: RollupLevel;
	name: string;
	/** Restrict to series of one resource or one service. */
	resourceId?: string;
	service?: string;
}

export interface MetricChunkQuery extends RangeQuery {
	/** Only points of these metrics; chunks holding none of them are not read. */
	names?: string[];
}

export interface LogChunkQuery extends RangeQuery {
	/** Only records with one of these `eventName`s. */
	eventNames?: string[];
	/** Only records of these services. */
	services?: string[];
}

export interface LogQuery extends RangeQuery {
	service?: string;
	/** Lowest OTLP severity number (e.g. 17 = ERROR). */
	minSeverity?: number;
	/** Most records returned, newest first; default 500. */
	limit?: number;
}

export interface TableStats {
	/** Records in the table (a chunk counts once) and the records inside chunks. */
	rows: number;
	items: number;
	/** Estimated bytes (structured-clone size estimate, not the browser's own figure). */
	approxBytes: number;
}

export interface StorageStats {
	tables: {
		spanChunks: TableStats;
		metricChunks: TableStats;
		logChunks: TableStats;
		/** The copy of span chunks' transactions (records = transaction chunks, items = transactions). */
		transactionChunks?: TableStats;
		rollups: TableStats;
		metricRollups: TableStats;
		resources: TableStats;
		gaps: TableStats;
	};
	/** `navigator.storage.estimate()` where available. */
	usageBytes?: number;
	quotaBytes?: number;
	/** Oldest and newest raw-span end time held, Unix ms (0 when empty). */
	oldestSpanMs: number;
	newestSpanMs: number;
	retentionHours: Settings['retentionHours'];
	storageBudgetMb: number;
	lastNotice?: StorageNotice;
	cursor?: StreamCursor;
}

/** What views read. Every method is safe to call concurrently with ingest. */
export interface TelemetryStore {
	/** Rollup columns for a range and level (see SeriesColumns for null semantics). */
	seriesFrame(query: SeriesFrameQuery): Promise<SeriesFrame>;
	/** One row per series of `kind` with data in the range, sorted by count descending. */
	summaries(query: SummaryQuery): Promise<SeriesSummary[]>;
	/**
	 * Stored rollup window records of a level overlapping the range (for workers that need
	 * sketches). With `parts`, only series of those kinds need be read (see rollup-parts.ts;
	 * a store may return more).
	 */
	rollupWindows(query: RangeQuery & { level: RollupLevel; parts?: RollupPart[] }): Promise<RollupWindowRecord[]>;
	/** Recorded gaps overlapping the range, oldest first. */
	gaps(query: RangeQuery): Promise<GapRecord[]>;

	/** Every span of a trace held locally, ordered by start time. [] when unknown. */
	traceSpans(traceId: string): Promise<SpanRecord[]>;
	/**
	 * Spans whose end time is in range, chunk by chunk (at most chunkMaxRecords per step),
	 * oldest chunk first. Meant for workers: a chunk is one IndexedDB read.
	 */
	spanChunks(query: SpanChunkQuery): AsyncIterable<SpanRecord[]>;

	/** Resources seen, most recently seen first; `sinceMs` keeps those seen since then. */
	resources(query?: { sinceMs?: number; service?: string }): Promise<StoredResource[]>;

	metricSeries(query?: { name?: string; service?: string }): Promise<MetricSeriesDescriptor[]>;
	metricPoints(query: MetricPointQuery): Promise<MetricPoint[]>;
	metricFrame(query: MetricFrameQuery): Promise<MetricFrame>;
	/**
	 * Metric points whose time is in range, chunk by chunk (at most chunkMaxRecords per step),
	 * oldest chunk first, unordered within a step. Meant for workers that fold many points.
	 */
	metricChunks(query: MetricChunkQuery): AsyncIterable<MetricPoint[]>;

	/** Logs of a trace, by time. */
	logsByTrace(traceId: string): Promise<LogRecord[]>;
	logs(query: LogQuery): Promise<LogRecord[]>;
	/** Log records whose time is in range, chunk by chunk, oldest chunk first (for workers). */
	logChunks(query: LogChunkQuery): AsyncIterable<LogRecord[]>;

	storageStats(): Promise<StorageStats>;
	/**
	 * Start of the oldest raw span chunk held, Unix ms (0 when none): spans were collected on
	 * this device from then on, so a window reaching further back holds no spans before it.
	 */
	spansHeldFromMs(): Promise<number>;
	/**
	 * A small document a view keeps beside the data (pinned map positions, the map's last
	 * layout), stored in the meta table under `view:<key>`. Undefined when never written.
	 * Values must be structured-clone friendly; callers bound their size.
	 */
	readViewDoc<T>(key: string): Promise<T | undefined>;
	writeViewDoc(key: string, value: unknown): Promise<void>;
	getSettings(): Promise<Settings>;
	/** Validates, persists and returns the new settings (invalid fields keep their value). */
	updateSettings(patch: SettingsPatch): Promise<Settings>;
}

/** What `writeBatches` did. */
export interface WriteResult {
	spanChunkIds: number[];
	/** Ids of the metric chunks written, ascending (all committed in the same transaction). */
	metricChunkIds: number[];
	spans: number;
	metricPoints: number;
	logs: number;
	cursor: StreamCursor;
}

/** Rollup deltas to merge into stored windows, atomically with the rollup cursor. */
export interface RollupCheckpoint {
	windows: RollupWindowRecord[];
	metricWindows: MetricRollupRecord[];
	metricSeries: MetricSeriesDescriptor[];
	/** Every span chunk with id <= this is reflected in stored rollups after the checkpoint. */
	rolledChunkId: number;
	/**
	 * Every metric chunk with id <= this is reflected in stored metric windows after the
	 * checkpoint (stored in the same transaction). Absent: the stored metric cursor is kept.
	 */
	rolledMetricChunkId?: number;
}

/** Which metric chunks `metricChunksAfter` returns besides id > afterChunkId. */
export interface MetricFollowOptions {
	/** Only chunks with id <= this. */
	throughChunkId?: number;
	/** Only chunks holding a point at or after this time (chunk `toMs` >= sinceMs), Unix ms. */
	sinceMs?: number;
}

/** A stored metric chunk as followers read it; `fromMs` / `toMs` span its points' times. */
export interface MetricChunkStep {
	id: number;
	fromMs: number;
	toMs: number;
	points: MetricPoint[];
}

export interface EvictionResult {
	notice: StorageNotice;
	/** True when nothing more of the kind asked for is left to evict. */
	done: boolean;
}

/** What the ingest and rollup workers call. Only the writer tab calls these. */
export interface TelemetryWriter {
	/**
	 * Writes consecutive batches of one epoch (raw chunks, resources) and the cursor
	 * `{ epoch, seq: last batch seq }` in ONE transaction: after a crash either all of them
	 * and the cursor are stored, or none. Throws a QuotaExceededError unchanged when the
	 * browser refuses the write (nothing is written; the caller evicts and retries).
	 * `texts[i]`, when given, is the JSON text `batches[i]` was parsed from: a store may keep
	 * it instead of the objects (reads return the same spans).
	 */
	writeBatches(epoch: string, batches: TelemetryBatch[], texts?: readonly (string | undefined)[]): Promise<WriteResult>;
	readCursor(): Promise<StreamCursor | undefined>;
	/** Sets the cursor alone (after an epoch reset) and records the gap, in one transaction. */
	resetCursor(cursor: StreamCursor, gap?: GapRecord): Promise<void>;
	recordGap(gap: GapRecord): Promise<void>;

	/** Merges each window into the stored one (read-modify-merge) and stores the cursor. */
	checkpointRollups(checkpoint: RollupCheckpoint): Promise<void>;
	/** Chunk id up to which stored rollups are complete (0 when none). */
	readRolledChunkId(): Promise<number>;
	/**
	 * Span chunks with id > afterChunkId, oldest first (rollup recovery after a restart,
	 * followers of new data). With `transactionsOnly` / `entriesOnly`, steps of at most
	 * chunkMaxRecords of those spans, each holding every such span of the raw chunks up to its
	 * `id` (raw chunks without any may be skipped): resuming after a step's id misses nothing.
	 */
	spanChunksAfter(afterChunkId: number, options?: SpanFollowOptions): AsyncIterable<{ id: number; spans: SpanRecord[] }>;
	/** Highest span chunk id stored, 0 when none. */
	lastSpanChunkId(): Promise<number>;
	/**
	 * Metric chunk id up to which stored metric windows are complete; undefined when no
	 * checkpoint has stored one (a store written before metric replay existed, or a new one).
	 */
	readRolledMetricChunkId(): Promise<number | undefined>;
	/**
	 * Metric chunks with id > afterChunkId, ascending by id, whole (points in stored order),
	 * one chunk (at most chunkMaxRecords points) per step. Evicted chunks are absent.
	 */
	metricChunksAfter(afterChunkId: number, options?: MetricFollowOptions): AsyncIterable<MetricChunkStep>;
	/** Highest metric chunk id stored, 0 when none. */
	lastMetricChunkId(): Promise<number>;

	/**
	 * Deletes records past retention at `nowMs`, at most `maxChunks` chunks and
	 * `maxWindows` rollup windows per call (small transactions that never block ingest for
	 * long). Call until `done`.
	 */
	evictExpired(options: { nowMs: number; maxChunks?: number; maxWindows?: number }): Promise<EvictionResult>;
	/**
	 * Makes room: deletes the oldest raw chunks (spans, then logs and metric points) until
	 * at least `fraction` of them are gone. Used after a QuotaExceededError or past the budget.
	 */
	evictOldest(options: { fraction: number; reason: 'quota' | 'budget' | 'memory'; nowMs: number }): Promise<EvictionResult>;
	recordNotice(notice: StorageNotice): Promise<void>;
}

export type TelemetryDatabase = TelemetryStore & TelemetryWriter & { close(): void };

/** Rollup records' metric series keys, re-exported for callers building queries. */
export type { MetricSeriesKey };
