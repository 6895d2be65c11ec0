/**
 * Raw records are stored in chunks of at most `chunkMaxRecords` (1,000): one IndexedDB
 * value per chunk instead of one per record, measured here at roughly 6-7x the write rate.
 * Each chunk carries its time bounds (for range scans and eviction), the distinct trace ids
 * or metric names it holds (a multiEntry index finds a trace without reading other chunks),
 * and size figures for storage statistics.
 *
 * A span chunk may hold whole batches as the relay sent them (`batchTexts`, JSON text of a
 * TelemetryBatch with spans only): writing text to IndexedDB copies bytes, where span
 * objects are structured-cloned one by one (the ingest worker's largest cost, ~3.5 µs per
 * span in Chromium here). The text is the one the stream client parsed without error, so
 * reading it back parses to the same spans. `chunkSpans` reads either form.
 */
import type { LogRecord, MetricPoint, SpanRecord, TelemetryBatch } from '../protocol/records';
import { chunkMaxRecords } from './telemetry-store';
import type { TxKind } from './transaction-chunks';

export type ChunkKind = 'span' | 'metric' | 'log';

interface ChunkBase {
	id?: number;
	/** Oldest and newest record time in the chunk (span END time), Unix ms. */
	fromMs: number;
	toMs: number;
	count: number;
	/** Rough structured-clone size, for statistics only. */
	approxBytes: number;
	epoch: string;
	seqFrom: number;
	seqTo: number;
}

export interface SpanChunk extends ChunkBase {
	/** Spans kept as objects. */
	spans: SpanRecord[];
	/** Whole batches as JSON text (each a TelemetryBatch with spans only); their spans follow `spans`. */
	batchTexts?: string[];
	traceIds: string[];
}

export interface MetricChunk extends ChunkBase {
	points: MetricPoint[];
	names: string[];
}

export interface LogChunk extends ChunkBase {
	logs: LogRecord[];
	traceIds: string[];
}

/** What the chunkMeta table holds per chunk: enough to evict and count without reading it. */
export interface ChunkMeta {
	/** Raw chunks, or the two parts of the transactions table (transaction-chunks.ts). */
	kind: ChunkKind | TxKind;
	id: number;
	fromMs: number;
	toMs: number;
	count: number;
	approxBytes: number;
	/** Transactions-table kinds: the newest raw chunk id the record copies from (followers start there). */
	lastSourceId?: number;
}

/** A cheap size estimate: fixed fields plus attribute count (no serialisation). */
function attrsBytes(attrs: object | undefined): number {
	let n = 0;
	for (const _ in attrs) n++;
	return n * 64;
}

interface Collected<T> {
	records: T[];
	seqs: number[];
}

function split<T, C extends ChunkBase>(
	collected: Collected<T>,
	epoch: string,
	timeMs: (record: T) => number,
	bytes: (record: T) => number,
	make: (records: T[], base: ChunkBase) => C
): C[] {
	const chunks: C[] = [];
	const { records, seqs } = collected;
	for (let start = 0; start < records.length; start += chunkMaxRecords) {
		const end = Math.min(records.length, start + chunkMaxRecords);
		const slice = records.slice(start, end);
		let fromMs = Infinity;
		let toMs = -Infinity;
		let approxBytes = 0;
		for (const record of slice) {
			const t = timeMs(record);
			if (t < fromMs) fromMs = t;
			if (t > toMs) toMs = t;
			approxBytes += bytes(record);
		}
		chunks.push(
			make(slice, {
				fromMs: Number.isFinite(fromMs) ? fromMs : 0,
				toMs: Number.isFinite(toMs) ? toMs : 0,
				count: slice.length,
				approxBytes,
				epoch,
				seqFrom: seqs[start],
				seqTo: seqs[end - 1]
			})
		);
	}
	return chunks;
}

function collect<T>(batches: readonly TelemetryBatch[], pick: (b: TelemetryBatch) => T[] | undefined): Collected<T> {
	const records: T[] = [];
	const seqs: number[] = [];
	for (const batch of batches) {
		const list = pick(batch);
		if (!list) continue;
		for (const record of list) {
			records.push(record);
			seqs.push(batch.seq);
		}
	}
	return { records, seqs };
}

function distinct(values: Iterable<string>): string[] {
	const set = new Set<string>();
	for (const v of values) if (v) set.add(v);
	return [...set];
}

export function spanEnd(span: SpanRecord): number {
	return (span.startUs + span.durationUs) / 1000;
}

/** Rough structured-clone size of one span, for statistics only. */
export function spanApproxBytes(s: SpanRecord): number {
	return 240 + s.name.length * 2 + attrsBytes(s.attrs) + (s.events?.length ?? 0) * 96;
}

/** Every span of a chunk, in either form (text is parsed: a new object per span, as a read from IndexedDB gives). */
export function chunkSpans(chunk: Pick<SpanChunk, 'spans' | 'batchTexts'>): SpanRecord[] {
	if (!chunk.batchTexts?.length) return chunk.spans;
	const out = chunk.spans.slice();
	for (const text of chunk.batchTexts) for (const span of (JSON.parse(text) as TelemetryBatch).spans) out.push(span);
	return out;
}

/** A span chunk with the spans it holds as objects (for the transactions copy and the rollup hand-over). */
export interface SpanChunkDraft {
	chunk: SpanChunk;
	spans: SpanRecord[];
}

/** Whether a batch may be stored as its text: spans only (metrics and logs have chunks of their own), within one chunk. */
export function textStorable(batch: TelemetryBatch, text: string | undefined): text is string {
	return text !== undefined && batch.metrics.length === 0 && batch.logs.length === 0 && batch.spans.length > 0 && batch.spans.length <= chunkMaxRecords;
}

/**
 * The span chunks of a write. `texts[i]`, when given, is the JSON text `batches[i]` was
 * parsed from: such a batch is kept as text when `textStorable`, else its spans as objects.
 * Every chunk holds at most `chunkMaxRecords` spans; a text batch is never split.
 */
export function toSpanChunkDrafts(epoch: string, batches: readonly TelemetryBatch[], texts?: readonly (string | undefined)[]): SpanChunkDraft[] {
	const drafts: SpanChunkDraft[] = [];
	let objects: SpanRecord[] = [];
	let batchTexts: string[] = [];
	let spans: SpanRecord[] = [];
	let textBytes = 0;
	let seqFrom = 0;
	let seqTo = 0;
	const close = () => {
		if (spans.length === 0) return;
		let fromMs = Infinity;
		let toMs = -Infinity;
		let approxBytes = textBytes;
		const traceIds = new Set<string>();
		for (const s of spans) {
			const t = spanEnd(s);
			if (t < fromMs) fromMs = t;
			if (t > toMs) toMs = t;
			if (s.traceId) traceIds.add(s.traceId);
		}
		for (const s of objects) approxBytes += spanApproxBytes(s);
		const chunk: SpanChunk = {
			fromMs: Number.isFinite(fromMs) ? fromMs : 0,
			toMs: Number.isFinite(toMs) ? toMs : 0,
			count: spans.length,
			approxBytes,
			epoch,
			seqFrom,
			seqTo,
			spans: objects,
			traceIds: [...traceIds]
		};
		if (batchTexts.length) chunk.batchTexts = batchTexts;
		drafts.push({ chunk, spans });
		objects = [];
		batchTexts = [];
		spans = [];
		textBytes = 0;
	};
	const note = (seq: number) => {
		if (spans.length === 0) seqFrom = seq;
		seqTo = seq;
	};
	batches.forEach((batch, i) => {
		const text = texts?.[i];
		if (textStorable(batch, text)) {
			if (spans.length + batch.spans.length > chunkMaxRecords) close();
			note(batch.seq);
			batchTexts.push(text);
			textBytes += text.length;
			for (const s of batch.spans) spans.push(s);
			return;
		}
		for (const s of batch.spans) {
			if (spans.length >= chunkMaxRecords) close();
			note(batch.seq);
			objects.push(s);
			spans.push(s);
		}
	});
	close();
	return drafts;
}

export function toSpanChunks(epoch: string, batches: readonly TelemetryBatch[], texts?: readonly (string | undefined)[]): SpanChunk[] {
	return toSpanChunkDrafts(epoch, batches, texts).map((d) => d.chunk);
}

export function toMetricChunks(epoch: string, batches: readonly TelemetryBatch[]): MetricChunk[] {
	return split(
		collect(batches, (b) => b.metrics),
		epoch,
		(p) => p.timeUs / 1000,
		(p) => 200 + attrsBytes(p.attrs) + (p.bucketCounts?.length ?? 0) * 16,
		(points, base) => ({ ...base, points, names: distinct(points.map((p) => p.name)) })
	);
}

export function toLogChunks(epoch: string, batches: readonly TelemetryBatch[]): LogChunk[] {
	return split(
		collect(batches, (b) => b.logs),
		epoch,
		(l) => l.timeUs / 1000,
		(l) => 200 + l.body.length * 2 + attrsBytes(l.attrs),
		(logs, base) => ({ ...base, logs, traceIds: distinct(logs.map((l) => l.traceId)) })
	);
}

export function chunkMetaOf(kind: ChunkKind, id: number, chunk: ChunkBase): ChunkMeta {
	return { kind, id, fromMs: chunk.fromMs, toMs: chunk.toMs, count: chunk.count, approxBytes: chunk.approxBytes };
}

/** True for the browser's "storage full" error, also when wrapped by Dexie. */
export function isQuotaError(error: unknown): boolean {
	for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
		const name = (e as { name?: unknown }).name;
		if (name === 'QuotaExceededError') return true;
		e = (e as { inner?: unknown }).inner;
	}
	return false;
}
