/**
 * The transactions table of MemoryTelemetryStore: the same records and invariants as the
 * IndexedDB one (transaction-chunks.ts), spans held as objects. Pieces share the span objects
 * of the raw chunk they copy (the store already cloned them on write); reads clone.
 */
import type { SpanRecord } from '../protocol/records';
import type { SpanChunk } from './chunks';
import { filterSpans } from './store-helpers';
import type { SpanChunkQuery, TableStats } from './telemetry-store';
import { appendPieces, mergeFollow, transactionPieces, txKinds, withoutSources, type FollowStep, type TxChunk, type TxKind, type TxPiece } from './transaction-chunks';
import { isTransaction } from '../domain/telemetry/transactions';

export class MemoryTransactions {
	private readonly records = new Map<number, TxChunk>();
	/** Raw chunk id → ids of the records holding its pieces (one per kind at most). */
	private readonly holders = new Map<number, number[]>();
	private readonly open: Partial<Record<TxKind, number>> = {};
	private nextId = 1;

	/** Copies the transactions of a raw chunk just stored under `id`. */
	copy(id: number, chunk: SpanChunk): void {
		const pieces = transactionPieces(id, chunk.spans);
		for (const kind of txKinds) {
			const piece = pieces[kind];
			if (!piece) continue;
			const openId = this.open[kind];
			for (const record of appendPieces(kind, openId !== undefined ? this.records.get(openId) : undefined, [piece])) {
				const recordId = record.id ?? this.nextId++;
				this.records.set(recordId, { ...record, id: recordId });
				this.open[kind] = recordId;
			}
			this.holders.set(id, [...(this.holders.get(id) ?? []), this.open[kind]!]);
		}
	}

	/** Removes the copies of raw chunk `id` (deleted with it). */
	drop(id: number): void {
		for (const recordId of this.holders.get(id) ?? []) {
			const record = this.records.get(recordId);
			if (!record) continue;
			const next = withoutSources(record, new Set([id]));
			if (next) this.records.set(recordId, next);
			else this.records.delete(recordId);
		}
		this.holders.delete(id);
	}

	*chunks(query: SpanChunkQuery, kinds: readonly TxKind[]): Iterable<SpanRecord[]> {
		const maxId = query.maxChunkId ?? Infinity;
		const records = [...this.records.values()]
			.filter((r) => kinds.includes(r.kind) && r.toMs >= query.fromMs && r.fromMs < query.toMs)
			.sort((a, b) => a.fromMs - b.fromMs);
		const filter = { ...query, transactionsOnly: false, entriesOnly: false };
		for (const record of records) {
			const spans = filterSpans(
				record.pieces.filter((p) => p.sourceId <= maxId).flatMap((p) => p.spans),
				filter,
				isTransaction
			);
			if (spans.length) yield structuredClone(spans);
		}
	}

	after(afterId: number, kinds: readonly TxKind[]): AsyncIterable<FollowStep> {
		const records = [...this.records.values()].sort((a, b) => a.id! - b.id!);
		async function* pieces(kind: TxKind): AsyncIterable<TxPiece> {
			for (const r of records) {
				if (r.kind !== kind) continue;
				for (const p of r.pieces) if (p.sourceId > afterId) yield { ...p, spans: structuredClone(p.spans) };
			}
		}
		return mergeFollow(kinds.map(pieces));
	}

	stats(): TableStats {
		let items = 0;
		let approxBytes = 0;
		for (const r of this.records.values()) {
			items += r.count;
			approxBytes += r.approxBytes;
		}
		return { rows: this.records.size, items, approxBytes };
	}
}
