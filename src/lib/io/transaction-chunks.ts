/**
 * The transactions table. At write time, in the same transaction as the raw span chunks,
 * each raw chunk's transactions (SERVER / CONSUMER / root spans: domain/telemetry/transactions.ts)
 * are copied into records of their own, in two kinds:
 *
 *   txEntry   root spans: the request as its caller made it (entry-scoped KPI rules, trace
 *             comparison baselines)
 *   txInner   the other transactions: non-root SERVER / CONSUMER spans
 *
 * so readers that need transactions read about a fifth of the spans (the demo bank: 18 % of
 * spans are transactions, 4.6 % are entries) and never open CLIENT / INTERNAL spans.
 *
 * A record holds pieces; a piece is one kind's spans of ONE raw chunk (`sourceId` = the raw
 * chunk's id). Pieces of a small write are appended to the newest record of their kind until
 * it holds `chunkMaxRecords` spans or `maxPiecesPerTxChunk` pieces, so records stay dense
 * even when ingest writes one small batch a second (Chromium here: reading 40-span records
 * costs about 2× per span what reading 1,000-span records costs); a large write fills records
 * of its own (`rewriteBelowSpans`).
 *
 * Invariants:
 * - within a kind, sources ascend across pieces and records (raw chunk ids only grow), so a
 *   raw chunk id cuts a record into a prefix (`maxChunkId`) and a suffix (following a cursor);
 * - a raw chunk's pieces are written in the transaction that writes the raw chunk and removed
 *   in the transaction that deletes it: the transactions held equal the filter over the raw
 *   chunks held.
 */
import type { SpanRecord } from '../protocol/records';
import { isTransaction } from '../domain/telemetry/transactions';
import { spanApproxBytes, spanEnd } from './chunks';
import { chunkMaxRecords } from './telemetry-store';

export type TxKind = 'txEntry' | 'txInner';
export const txKinds: readonly TxKind[] = ['txEntry', 'txInner'];

/** Which transactions a read wants: none (every span), all transactions, or entry spans only. */
export function txKindsOf(query: { transactionsOnly?: boolean; entriesOnly?: boolean }): readonly TxKind[] | undefined {
	if (query.entriesOnly) return ['txEntry'];
	return query.transactionsOnly ? txKinds : undefined;
}

/** Pieces a record holds at most: bounds its index entries and the rewrite of the open record. */
export const maxPiecesPerTxChunk = 64;

/** `S`: how the spans are held (the Dexie store keeps dictionary-coded JSON text: span-codec.ts). */
export interface TxPiece<S = SpanRecord[]> {
	/** Id of the raw span chunk these spans are copied from. */
	sourceId: number;
	count: number;
	/** Oldest and newest span END time, Unix ms. */
	fromMs: number;
	toMs: number;
	approxBytes: number;
	spans: S;
}

export interface TxChunk<S = SpanRecord[]> {
	id?: number;
	kind: TxKind;
	fromMs: number;
	toMs: number;
	count: number;
	approxBytes: number;
	/** `sourceId` of each piece, ascending (a multiEntry index: which records hold a raw chunk). */
	sources: number[];
	pieces: TxPiece<S>[];
}

function pieceOf(sourceId: number, spans: SpanRecord[]): TxPiece {
	let fromMs = Infinity;
	let toMs = -Infinity;
	let approxBytes = 0;
	for (const s of spans) {
		const endMs = spanEnd(s);
		if (endMs < fromMs) fromMs = endMs;
		if (endMs > toMs) toMs = endMs;
		approxBytes += spanApproxBytes(s);
	}
	return { sourceId, count: spans.length, fromMs, toMs, approxBytes, spans };
}

/** The transactions of one raw chunk, by kind (a kind without spans is absent). */
export function transactionPieces(sourceId: number, spans: readonly SpanRecord[]): Partial<Record<TxKind, TxPiece>> {
	const entries: SpanRecord[] = [];
	const inner: SpanRecord[] = [];
	for (const s of spans) {
		if (s.parentSpanId === '') entries.push(s);
		else if (isTransaction(s)) inner.push(s);
	}
	const out: Partial<Record<TxKind, TxPiece>> = {};
	if (entries.length) out.txEntry = pieceOf(sourceId, entries);
	if (inner.length) out.txInner = pieceOf(sourceId, inner);
	return out;
}

/** A record of `pieces` (non-empty, ascending sources) with its bounds and totals. */
export function txChunkOf<S>(kind: TxKind, pieces: TxPiece<S>[], id?: number): TxChunk<S> {
	let fromMs = Infinity;
	let toMs = -Infinity;
	let count = 0;
	let approxBytes = 0;
	for (const p of pieces) {
		fromMs = Math.min(fromMs, p.fromMs);
		toMs = Math.max(toMs, p.toMs);
		count += p.count;
		approxBytes += p.approxBytes;
	}
	return { ...(id !== undefined ? { id } : {}), kind, fromMs, toMs, count, approxBytes, sources: pieces.map((p) => p.sourceId), pieces };
}

/**
 * A write bringing at least this many spans of a kind fills records of its own instead of
 * rewriting the open one: rewriting (up to 1,000 spans) is kept to small, live-rate writes.
 */
export const rewriteBelowSpans = chunkMaxRecords / 2;

/**
 * Appends pieces of one kind (ascending sources, all newer than `open`'s) to the open record
 * while it has room, then to new records. Returns the records to store: `open` again when it
 * grew (same id), then new ones (no id yet).
 */
export function appendPieces<S>(kind: TxKind, open: TxChunk<S> | undefined, pieces: TxPiece<S>[]): TxChunk<S>[] {
	if (open && pieces.reduce((n, p) => n + p.count, 0) >= rewriteBelowSpans) open = undefined;
	const out: TxChunk<S>[] = [];
	let current: TxPiece<S>[] = open ? [...open.pieces] : [];
	let count = open?.count ?? 0;
	let id = open?.id;
	let grew = false;
	const close = () => {
		if (current.length > 0 && (id === undefined || grew)) out.push(txChunkOf(kind, current, id));
		current = [];
		count = 0;
		id = undefined;
		grew = false;
	};
	for (const piece of pieces) {
		if (current.length > 0 && (count + piece.count > chunkMaxRecords || current.length >= maxPiecesPerTxChunk)) close();
		current.push(piece);
		count += piece.count;
		grew = true;
	}
	close();
	return out;
}

/** The record without the pieces copied from `removed` raw chunks; undefined when nothing is left. */
export function withoutSources<S>(record: TxChunk<S>, removed: ReadonlySet<number>): TxChunk<S> | undefined {
	const kept = record.pieces.filter((p) => !removed.has(p.sourceId));
	return kept.length === 0 ? undefined : txChunkOf(record.kind, kept, record.id);
}

/** Count, bytes and record changes of the transactions table, for the stores' totals. */
export interface TxDelta {
	rows: number;
	items: number;
	bytes: number;
}

/** What replacing `before` by `after` (either absent) changes in the totals. */
export function txDelta(before: TxChunk<unknown> | undefined, after: TxChunk<unknown> | undefined): TxDelta {
	return {
		rows: (after ? 1 : 0) - (before ? 1 : 0),
		items: (after?.count ?? 0) - (before?.count ?? 0),
		bytes: (after?.approxBytes ?? 0) - (before?.approxBytes ?? 0)
	};
}

/** A step of a follower: spans of whole raw chunks up to and including raw chunk `id`. */
export interface FollowStep {
	id: number;
	spans: SpanRecord[];
}

/**
 * Merges per-kind streams of pieces (each ascending by source) into steps of at most
 * `chunkMaxRecords` spans that end at a raw chunk boundary: every step holds all the
 * transactions of the raw chunks up to its `id`, so a follower may stop after any step and
 * resume after its id without a hole or a duplicate.
 */
export async function* mergeFollow(streams: AsyncIterable<TxPiece>[]): AsyncIterable<FollowStep> {
	const iterators = streams.map((s) => s[Symbol.asyncIterator]());
	const heads: (TxPiece | undefined)[] = await Promise.all(iterators.map(async (it) => (await it.next()).value as TxPiece | undefined));
	let spans: SpanRecord[] = [];
	let lastId = 0;
	for (;;) {
		let sourceId = Infinity;
		for (const h of heads) if (h && h.sourceId < sourceId) sourceId = h.sourceId;
		if (!Number.isFinite(sourceId)) break;
		const same: SpanRecord[] = [];
		for (let i = 0; i < heads.length; i++) {
			while (heads[i] && heads[i]!.sourceId === sourceId) {
				same.push(...heads[i]!.spans);
				heads[i] = (await iterators[i].next()).value as TxPiece | undefined;
			}
		}
		if (spans.length > 0 && spans.length + same.length > chunkMaxRecords) {
			yield { id: lastId, spans };
			spans = [];
		}
		spans.push(...same);
		lastId = sourceId;
	}
	if (spans.length > 0) yield { id: lastId, spans };
}

export { decodeSpans, encodeSpans, jsonExact, type StoredSpans } from './span-codec';
