/**
 * The transactions table on IndexedDB (see transaction-chunks.ts for the layout and its
 * invariants): the copy made inside `writeBatches`' transaction, the trim made inside the
 * transaction that deletes raw span chunks, and the two reads (a time range; the chunks after
 * a cursor). Raw chunks older than meta `txFromChunkId` (held when the upgrade to schema 3
 * ran, past its bound) are read and filtered instead.
 */
import Dexie from 'dexie';
import type { SpanRecord } from '../protocol/records';
import { isTransaction } from '../domain/telemetry/transactions';
import { chunkSpans, type ChunkMeta } from './chunks';
import type { ChunkTotals, TelemetryDexie } from './dexie-schema';
import { filterSpans } from './store-helpers';
import type { SpanChunkQuery } from './telemetry-store';
import {
	appendPieces,
	decodeSpans,
	encodeSpans,
	mergeFollow,
	transactionPieces,
	txDelta,
	txKinds,
	withoutSources,
	type FollowStep,
	type StoredSpans,
	type TxChunk,
	type TxKind,
	type TxPiece
} from './transaction-chunks';
import { txMetaOf } from './transaction-fill';
import { readBatch } from './dexie-chunk-reads';
import { readAhead } from './read-ahead';


export type TxOpen = Partial<Record<TxKind, number>>;

function addTotals(totals: ChunkTotals, kind: TxKind, d: { rows: number; items: number; bytes: number }): void {
	totals[kind].rows += d.rows;
	totals[kind].items += d.items;
	totals[kind].bytes += d.bytes;
}

/**
 * Inside writeBatches' transaction: copies the transactions of the raw chunks just added
 * (`ids[i]` is the id of the chunk holding `chunkSpans[i]`) into the open records and new ones, with their chunkMeta
 * rows; updates `totals` and returns the new open record per kind (for meta `txOpen`).
 */
export async function copyTransactions(db: TelemetryDexie, chunkSpanLists: SpanRecord[][], ids: number[], open: TxOpen, totals: ChunkTotals): Promise<TxOpen> {
	const byKind: Record<TxKind, TxPiece<StoredSpans>[]> = { txEntry: [], txInner: [] };
	chunkSpanLists.forEach((spans, i) => {
		const pieces = transactionPieces(ids[i], spans);
		for (const kind of txKinds) {
			const piece = pieces[kind];
			if (piece) byKind[kind].push({ ...piece, spans: encodeSpans(piece.spans) });
		}
	});
	const kinds = txKinds.filter((k) => byKind[k].length > 0);
	if (kinds.length === 0) return open;
	const openRecords = await db.txChunks.bulkGet(kinds.map((k) => open[k] ?? -1));
	const records: TxChunk<StoredSpans>[] = [];
	kinds.forEach((kind, i) => {
		const before = openRecords[i];
		for (const record of appendPieces(kind, before, byKind[kind])) {
			addTotals(totals, kind, txDelta(record.id !== undefined ? before : undefined, record));
			records.push(record);
		}
	});
	const keys = (await db.txChunks.bulkPut(records, { allKeys: true })) as number[];
	const next: TxOpen = { ...open };
	records.forEach((r, i) => (next[r.kind] = keys[i]));
	await db.chunkMeta.bulkPut(records.map((r, i) => txMetaOf(keys[i], r)));
	return next;
}

/** Inside the transaction deleting raw span chunks `ids`: removes their copies. */
export async function dropTransactions(db: TelemetryDexie, ids: number[], totals: ChunkTotals): Promise<void> {
	const holders = new Map<number, TxChunk<StoredSpans>>();
	for (const r of await db.txChunks.where('sources').anyOf(ids).toArray()) holders.set(r.id!, r);
	if (holders.size === 0) return;
	const removed = new Set(ids);
	const kept: TxChunk<StoredSpans>[] = [];
	const gone: TxChunk<StoredSpans>[] = [];
	for (const record of holders.values()) {
		const next = withoutSources(record, removed);
		addTotals(totals, record.kind, txDelta(record, next));
		if (next) kept.push(next);
		else gone.push(record);
	}
	await Promise.all([
		kept.length ? db.txChunks.bulkPut(kept) : undefined,
		kept.length ? db.chunkMeta.bulkPut(kept.map((r) => txMetaOf(r.id!, r))) : undefined,
		gone.length ? db.txChunks.bulkDelete(gone.map((r) => r.id!)) : undefined,
		gone.length ? db.chunkMeta.bulkDelete(gone.map((r) => [r.kind, r.id!] as [string, number])) : undefined
	]);
}

async function txFromChunkId(db: TelemetryDexie): Promise<number> {
	return ((await db.meta.get('txFromChunkId'))?.value as number | undefined) ?? 0;
}

/** Raw chunks' transactions of the wanted kinds (the path for chunks older than `txFromChunkId`). */
function rawTransactions(spans: SpanRecord[], kinds: readonly TxKind[]): SpanRecord[] {
	const entriesOnly = kinds.length === 1;
	return spans.filter((s) => (entriesOnly ? s.parentSpanId === '' : isTransaction(s)));
}

/** `spanChunks` for transactions or entries: records overlapping the range, oldest first. */
export async function* transactionChunks(db: TelemetryDexie, query: SpanChunkQuery, kinds: readonly TxKind[]): AsyncIterable<SpanRecord[]> {
	const [fromId, lists] = await Promise.all([
		txFromChunkId(db),
		Promise.all(kinds.map((k) => db.chunkMeta.where('[kind+toMs]').between([k, query.fromMs], [k, Dexie.maxKey]).toArray()))
	]);
	const maxId = query.maxChunkId ?? Infinity;
	const metas: ChunkMeta[] = lists.flat().filter((m) => m.fromMs < query.toMs);
	if (fromId > 0) {
		const raw = await db.chunkMeta.where('[kind+toMs]').between(['span', query.fromMs], ['span', Dexie.maxKey]).toArray();
		metas.push(...raw.filter((m) => m.fromMs < query.toMs && m.id < fromId && m.id <= maxId));
	}
	metas.sort((a, b) => a.fromMs - b.fromMs);
	const filter = { ...query, transactionsOnly: false, entriesOnly: false };
	const fetch = (batch: ChunkMeta[]) => {
		const rawIds = batch.filter((m) => m.kind === 'span').map((m) => m.id);
		const txIds = batch.filter((m) => m.kind !== 'span').map((m) => m.id);
		return Promise.all([rawIds.length ? db.spanChunks.bulkGet(rawIds) : [], txIds.length ? db.txChunks.bulkGet(txIds) : []]);
	};
	for await (const { keys: batch, rows } of readAhead(metas, readBatch, fetch)) {
		const [raws, records] = rows;
		const rawById = new Map(raws.flatMap((c) => (c ? [[c.id!, c] as const] : [])));
		const txById = new Map(records.flatMap((r) => (r ? [[r.id!, r] as const] : [])));
		for (const m of batch) {
			let spans: SpanRecord[];
			if (m.kind === 'span') {
				const chunk = rawById.get(m.id);
				if (!chunk) continue;
				spans = rawTransactions(chunkSpans(chunk), kinds);
			} else {
				const record = txById.get(m.id);
				if (!record) continue;
				spans = [];
				for (const p of record.pieces) if (p.sourceId <= maxId) spans.push(...decodeSpans(p.spans));
			}
			const kept = filterSpans(spans, filter, isTransaction);
			if (kept.length) yield kept;
		}
	}
}

/** The pieces of one kind copied from raw chunks in (afterId, limitId], ascending. */
async function* piecesAfter(db: TelemetryDexie, kind: TxKind, afterId: number, limitId: number): AsyncIterable<TxPiece> {
	// per kind, lastSourceId grows with the record id: walk back from the newest record
	const metas = (
		await db.chunkMeta
			.where('[kind+id]')
			.between([kind, Dexie.minKey], [kind, Dexie.maxKey])
			.reverse()
			.until((m) => (m.lastSourceId ?? 0) <= afterId)
			.toArray()
	).reverse();
	for await (const { rows: records } of readAhead(metas, readBatch, (batch) => db.txChunks.bulkGet(batch.map((m) => m.id)))) {
		for (const record of records) {
			if (!record) continue;
			for (const p of record.pieces) {
				if (p.sourceId > afterId && p.sourceId <= limitId) yield { ...p, spans: decodeSpans(p.spans) };
			}
		}
	}
}

/**
 * `spanChunksAfter` for transactions or entries. Only raw chunks up to the newest one held
 * when the call starts are read: their copies of every kind were committed with them, so a
 * step never holds one kind of a raw chunk without the other.
 */
export async function* transactionsAfter(db: TelemetryDexie, afterId: number, kinds: readonly TxKind[]): AsyncIterable<FollowStep> {
	const [limitId, fromId] = await Promise.all([db.spanChunks.orderBy(':id').lastKey() as Promise<number | undefined>, txFromChunkId(db)]);
	if (limitId === undefined || limitId <= afterId) return;
	if (afterId + 1 < fromId) {
		const ids = (await db.spanChunks.where(':id').between(afterId, Math.min(fromId, limitId + 1), false, false).primaryKeys()) as number[];
		for await (const { rows } of readAhead(ids, readBatch, (batch) => db.spanChunks.bulkGet(batch))) {
			for (const chunk of rows) if (chunk) yield { id: chunk.id!, spans: rawTransactions(chunkSpans(chunk), kinds) };
		}
	}
	yield* mergeFollow(kinds.map((k) => piecesAfter(db, k, Math.max(afterId, fromId - 1), limitId)));
}
