/**
 * The in-memory DocStore: the offline demo's relay and tests. Same contract as the SQLite
 * store (doc-store.contract.ts); its content lasts as long as the process (or page).
 */
import type { DocRecord, SyncedDoc } from '../../protocol/sync';
import { defaultDocStoreLimits, mergeStep, type DocStore, type DocStoreLimits, type MergeResult } from './doc-store';

export class MemoryDocStore implements DocStore {
	readonly storeId: string;
	private readonly limits: DocStoreLimits;
	/** Insertion order = seq order: a changed document is deleted and re-inserted. */
	private readonly docs = new Map<string, { doc: SyncedDoc; chars: number }>();
	private seq = 0;
	private closed = false;

	constructor(options: { storeId?: string; limits?: Partial<DocStoreLimits> } = {}) {
		this.storeId = options.storeId ?? 'mem-' + Math.random().toString(36).slice(2, 12);
		this.limits = { ...defaultDocStoreLimits, ...options.limits };
	}

	async merge(records: readonly DocRecord[]): Promise<MergeResult> {
		this.check();
		const result: MergeResult = { changed: [], refused: [], lastSeq: this.seq };
		records.forEach((incoming, index) => {
			const stored = this.docs.get(incoming.id);
			const outcome = mergeStep(stored?.doc, incoming, this.docs.size, this.limits);
			if (outcome.kind === 'refused') result.refused.push({ index, id: incoming.id, reason: outcome.reason });
			if (outcome.kind !== 'changed') return;
			const doc: SyncedDoc = { ...outcome.record, seq: ++this.seq };
			this.docs.delete(incoming.id);
			this.docs.set(incoming.id, { doc, chars: outcome.text.length });
			result.changed.push(doc);
		});
		// a document changed twice in one call is reported once, with its final state
		const last = new Map(result.changed.map((d) => [d.id, d]));
		result.changed = [...last.values()];
		result.lastSeq = this.seq;
		return result;
	}

	async since(afterSeq: number, limit: number): Promise<{ docs: SyncedDoc[]; more: boolean }> {
		this.check();
		const docs: SyncedDoc[] = [];
		for (const { doc } of this.docs.values()) {
			if (doc.seq <= afterSeq) continue;
			if (docs.length === limit) return { docs, more: true };
			docs.push(doc);
		}
		return { docs, more: false };
	}

	async get(id: string): Promise<SyncedDoc | undefined> {
		this.check();
		return this.docs.get(id)?.doc;
	}

	async lastSeq(): Promise<number> {
		return this.seq;
	}

	async stats(): Promise<{ docs: number; chars: number }> {
		let chars = 0;
		for (const entry of this.docs.values()) chars += entry.chars;
		return { docs: this.docs.size, chars };
	}

	async close(): Promise<void> {
		this.closed = true;
	}

	private check(): void {
		if (this.closed) throw new Error('The document store is closed.');
	}
}
