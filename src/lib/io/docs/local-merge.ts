/** The merge steps both local stores share (memory and IndexedDB), over a record lookup. */
import type { DocChange, DocRecord } from '../../protocol/sync';
import { applyChange, canonicalRecord, DocMergeError, mergeRecords } from '../../domain/docs/merge';
import { cleanRecord } from '../../domain/docs/validate';
import type { RemoteMergeResult } from './local-store';

/** Local changes folded into their documents; throws DocMergeError when a change names a document of another type. */
export function foldLocal(changes: readonly DocChange[], current: (id: string) => DocRecord | undefined): Map<string, DocRecord> {
	const out = new Map<string, DocRecord>();
	for (const change of changes) out.set(change.id, applyChange(out.get(change.id) ?? current(change.id), change));
	return out;
}

/** Remote documents merged into the local ones; only documents whose state changed are returned. */
export function foldRemote(records: readonly DocRecord[], current: (id: string) => DocRecord | undefined): RemoteMergeResult & { next: Map<string, DocRecord> } {
	const next = new Map<string, DocRecord>();
	const conflicts: RemoteMergeResult['conflicts'] = [];
	for (const incoming of records) {
		const before = next.get(incoming.id) ?? current(incoming.id);
		try {
			const merged = before ? mergeRecords(before, cleanRecord(incoming)) : cleanRecord(incoming);
			if (!before || canonicalRecord(before) !== canonicalRecord(merged)) next.set(incoming.id, merged);
		} catch (error) {
			if (!(error instanceof DocMergeError)) throw error;
			conflicts.push({ id: incoming.id, reason: error.message });
		}
	}
	return { next, changed: [...next.values()], conflicts };
}
