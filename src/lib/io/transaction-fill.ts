/**
 * Fills the transactions table from raw span chunks already stored (the schema upgrade to
 * version 3, dexie-schema.ts), inside the upgrade's transaction.
 *
 * Bounded: only the newest `maxChunks` raw chunks are read (default 500 ≈ 0.5 M spans; the
 * ingest benchmark times the upgrade of 200 chunks in Chromium: 1.6 s under load, so about
 * 4 s at the bound), one batch of
 * `fillBatchChunks` at a time, so memory holds one batch and one open record per kind. Older
 * raw chunks keep being read and filtered (meta `txFromChunkId`) until retention removes them.
 */
import type { Transaction } from 'dexie';
import { chunkSpans, type ChunkMeta, type SpanChunk } from './chunks';
import { readTotals } from './dexie-schema';
import { encodeSpans, transactionPieces, txChunkOf, txKinds, type TxKind, type TxPiece } from './transaction-chunks';
import { chunkMaxRecords } from './telemetry-store';
import { maxPiecesPerTxChunk } from './transaction-chunks';

export const upgradeFillMaxChunks = 500;
const fillBatchChunks = 16;

export function txMetaOf(id: number, record: { kind: TxKind; fromMs: number; toMs: number; count: number; approxBytes: number; sources: number[] }): ChunkMeta {
	return { kind: record.kind, id, fromMs: record.fromMs, toMs: record.toMs, count: record.count, approxBytes: record.approxBytes, lastSourceId: record.sources[record.sources.length - 1] };
}

export async function fillTransactions(tx: Transaction, maxChunks: number): Promise<void> {
	const spanChunks = tx.table<SpanChunk, number>('spanChunks');
	const txChunks = tx.table('txChunks');
	const chunkMeta = tx.table<ChunkMeta>('chunkMeta');
	const meta = tx.table<{ key: string; value: unknown }, string>('meta');
	const newest = ((await spanChunks.orderBy(':id').reverse().limit(maxChunks).primaryKeys()) as number[]).sort((a, b) => a - b);
	if (newest.length === 0) return;
	const older = await spanChunks.where(':id').below(newest[0]).count();
	const totals = readTotals((await meta.get('totals'))?.value);
	const open: Partial<Record<TxKind, number>> = {};
	const pending: Record<TxKind, TxPiece[]> = { txEntry: [], txInner: [] };
	const counts: Record<TxKind, number> = { txEntry: 0, txInner: 0 };
	const flush = async (kind: TxKind) => {
		if (pending[kind].length === 0) return;
		const record = txChunkOf(kind, pending[kind].map((p) => ({ ...p, spans: encodeSpans(p.spans) })));
		const id = (await txChunks.add(record)) as number;
		await chunkMeta.put(txMetaOf(id, record));
		totals[kind].rows++;
		totals[kind].items += record.count;
		totals[kind].bytes += record.approxBytes;
		open[kind] = id;
		pending[kind] = [];
		counts[kind] = 0;
	};
	for (let i = 0; i < newest.length; i += fillBatchChunks) {
		const ids = newest.slice(i, i + fillBatchChunks);
		const chunks = await spanChunks.bulkGet(ids);
		for (let k = 0; k < ids.length; k++) {
			const chunk = chunks[k];
			if (!chunk) continue;
			const pieces = transactionPieces(ids[k], chunkSpans(chunk));
			for (const kind of txKinds) {
				const piece = pieces[kind];
				if (!piece) continue;
				if (counts[kind] + piece.count > chunkMaxRecords || pending[kind].length >= maxPiecesPerTxChunk) await flush(kind);
				pending[kind].push(piece);
				counts[kind] += piece.count;
			}
		}
	}
	for (const kind of txKinds) await flush(kind);
	await meta.bulkPut([
		{ key: 'totals', value: totals },
		{ key: 'txOpen', value: open },
		{ key: 'txFromChunkId', value: older > 0 ? newest[0] : 0 }
	]);
}
