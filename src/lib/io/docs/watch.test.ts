import { describe, expect, it, vi } from 'vitest';
import { MemoryTelemetryStore } from '../memory-store';
import { Documents, type DocView } from './documents';
import { MemoryLocalDocStore } from './memory-local-store';
import { watchDocument } from './watch';

describe('watching a document', () => {
	it('reads it after old local values are moved in, again on each change, and never after stopping', async () => {
		const docs = await Documents.open({ store: new MemoryLocalDocStore(), seed: false });
		const store = new MemoryTelemetryStore();
		await store.writeViewDoc('instances', { retireAfterMin: 9 });
		const seen: (DocView | undefined)[] = [];
		const stop = watchDocument({ docs, store, id: 'preferences', listener: (view) => seen.push(view) });
		await vi.waitFor(() => expect(seen.at(-1)?.body).toEqual({ instancesRetireAfterMin: 9 }));
		await docs.edit('preferences', 'preferences', { instancesRetireAfterMin: 20 });
		await vi.waitFor(() => expect(seen.at(-1)?.body).toEqual({ instancesRetireAfterMin: 20 }));
		const count = seen.length;
		stop();
		await docs.edit('preferences', 'preferences', { instancesRetireAfterMin: 21 });
		await docs.get('preferences');
		expect(seen).toHaveLength(count);
	});

	it('answers undefined for a document that does not exist', async () => {
		const docs = await Documents.open({ store: new MemoryLocalDocStore(), seed: false });
		const listener = vi.fn();
		watchDocument({ docs, store: null, id: 'cloud-links', listener });
		await vi.waitFor(() => expect(listener).toHaveBeenCalledWith(undefined));
	});
});
