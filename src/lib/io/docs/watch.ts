/**
 * A screen's view of one document: read once old local values are moved in
 * (view-doc-migration.ts), then again whenever it changes here, in another tab or on another
 * device. `listener` gets undefined while the document does not exist (or when reading
 * failed: the caller shows its defaults). Stop with the returned function; a stopped watch
 * never calls back.
 */
import type { DocView, Documents } from './documents';
import { migrateViewDocsOnce, type ViewDocStore } from './view-doc-migration';

export function watchDocument(options: { docs: Documents; store: ViewDocStore | null; id: string; listener: (view: DocView | undefined) => void }): () => void {
	const { docs, id, listener } = options;
	let stopped = false;
	let reads = 0;
	const read = () => {
		const issued = ++reads;
		docs.get(id).then(
			(view) => !stopped && issued === reads && listener(view),
			() => !stopped && issued === reads && listener(undefined)
		);
	};
	const unsubscribe = docs.onChange((ids) => ids.includes(id) && read());
	migrateViewDocsOnce(options.store, docs).finally(() => !stopped && read());
	return () => {
		stopped = true;
		unsubscribe();
	};
}
