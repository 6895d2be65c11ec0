/**
 * Where the relay keeps synced user documents. Two implementations pass one contract suite
 * (doc-store.contract.ts): MemoryDocStore (the offline demo, tests) and SqliteDocStore
 * (src/lib/server/docs-sqlite.ts, `npm start`, survives restarts).
 *
 * Every stored document carries `seq`, the store-wide sequence number of its last change;
 * pulls read documents with seq above a client's cursor. Merging is the documents' own
 * deterministic merge (domain/docs/merge.ts), applied atomically per call.
 *
 * Bounds (`DocStoreLimits`): at most `maxDocs` documents (tombstones included: they are
 * what keeps a deletion from coming back) and `maxRecordChars` per document. A record
 * that would pass a bound is refused alone, with the reason; the rest of the call is
 * stored.
 */
import type { DocRecord, SyncedDoc } from '../../protocol/sync';
import { canonicalRecord, DocMergeError, mergeRecords } from '../../domain/docs/merge';
import { cleanRecord, maxRecordChars } from '../../domain/docs/validate';

export interface DocStoreLimits {
	maxDocs: number;
	maxRecordChars: number;
}

export const defaultDocStoreLimits: DocStoreLimits = { maxDocs: 10_000, maxRecordChars };

export interface StoreRefusal {
	/** Index into the records given to merge(). */
	index: number;
	id: string;
	reason: string;
}

export interface MergeResult {
	/** Documents whose stored state changed, with their new seq. */
	changed: SyncedDoc[];
	refused: StoreRefusal[];
	lastSeq: number;
}

export interface DocStore {
	/** Names this store; a new one (or a wiped file) gets a new id, which tells clients to start over. */
	readonly storeId: string;
	/** Merges each record into its stored state, all in one atomic step. */
	merge(records: readonly DocRecord[]): Promise<MergeResult>;
	/** Documents with seq > `afterSeq`, oldest change first, at most `limit`. */
	since(afterSeq: number, limit: number): Promise<{ docs: SyncedDoc[]; more: boolean }>;
	get(id: string): Promise<SyncedDoc | undefined>;
	lastSeq(): Promise<number>;
	stats(): Promise<{ docs: number; chars: number }>;
	close(): Promise<void>;
}

export type MergeOutcome =
	| { kind: 'unchanged' }
	| { kind: 'changed'; record: DocRecord; text: string }
	| { kind: 'refused'; reason: string };

/**
 * The merge step both stores share: `stored` (undefined when new) with `incoming`, within
 * the limits. `storedCount` is the number of documents held, for the document bound.
 */
export function mergeStep(stored: DocRecord | undefined, incoming: DocRecord, storedCount: number, limits: DocStoreLimits): MergeOutcome {
	if (!stored && storedCount >= limits.maxDocs) {
		return { kind: 'refused', reason: `The document store holds its maximum of ${limits.maxDocs} documents; delete some or raise the limit.` };
	}
	let merged: DocRecord;
	try {
		merged = stored ? mergeRecords(stored, incoming) : cleanRecord(incoming);
	} catch (error) {
		if (error instanceof DocMergeError) return { kind: 'refused', reason: error.message };
		throw error;
	}
	const text = canonicalRecord(merged);
	if (stored && text === canonicalRecord(stored)) return { kind: 'unchanged' };
	if (text.length > limits.maxRecordChars) {
		return { kind: 'refused', reason: `Document "${incoming.id}" would grow past ${limits.maxRecordChars} characters.` };
	}
	return { kind: 'changed', record: merged, text };
}
