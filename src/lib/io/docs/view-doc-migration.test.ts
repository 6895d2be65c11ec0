import { describe, expect, it } from 'vitest';
import { templatesFromBody } from '../../domain/docs/cloud-links';
import { pinsDocId, pinsFromBody } from '../../domain/docs/pins';
import { preferencesFromBody } from '../../domain/docs/preferences';
import { MemoryTelemetryStore } from '../memory-store';
import { Documents } from './documents';
import { MemoryLocalDocStore } from './memory-local-store';
import { legacyViewDocKeys, migrateViewDocs, migrateViewDocsOnce } from './view-doc-migration';

async function open() {
	const docs = await Documents.open({ store: new MemoryLocalDocStore(), seed: false });
	const store = new MemoryTelemetryStore();
	return { docs, store };
}

async function writeLegacy(store: MemoryTelemetryStore) {
	await store.writeViewDoc(legacyViewDocKeys.pins(''), { 'svc:accounts': { xPx: 10, yPx: 20 }, 'db:mysql/deposits': { xPx: 30.4, yPx: 40 } });
	await store.writeViewDoc(legacyViewDocKeys.pins('namespace'), { 'svc:transfer': { xPx: 1, yPx: 2 } });
	await store.writeViewDoc(legacyViewDocKeys.cloudLinks, { templates: [{ id: 'mine', label: 'Mine', url: 'https://x.example/{host.id}', enabled: true }] });
	await store.writeViewDoc(legacyViewDocKeys.instances, { retireAfterMin: 12 });
}

describe('moving view documents into synced documents', () => {
	it('moves pins, templates and the retirement setting once, and empties the old entries', async () => {
		const { docs, store } = await open();
		await writeLegacy(store);
		const report = await migrateViewDocs(store, docs);
		expect(report.failed).toEqual([]);
		expect(report.moved.sort()).toEqual(['cloud-links', 'instances', 'topology.pins.namespace', 'topology.pins.none']);

		expect(pinsFromBody((await docs.get(pinsDocId('topology', '')))?.body)).toEqual({ 'svc:accounts': { xPx: 10, yPx: 20 }, 'db:mysql/deposits': { xPx: 30, yPx: 40 } });
		expect(pinsFromBody((await docs.get(pinsDocId('topology', 'namespace')))?.body)).toEqual({ 'svc:transfer': { xPx: 1, yPx: 2 } });
		expect(templatesFromBody((await docs.get('cloud-links'))?.body)).toEqual([{ id: 'mine', label: 'Mine', url: 'https://x.example/{host.id}', enabled: true }]);
		expect(preferencesFromBody((await docs.get('preferences'))?.body).instancesRetireAfterMin).toBe(12);
		expect(await store.readViewDoc(legacyViewDocKeys.instances)).toBeNull();
		expect(await store.readViewDoc(legacyViewDocKeys.pins(''))).toBeNull();

		// nothing left to move: a second run edits nothing
		const changes: string[][] = [];
		docs.onChange((ids) => changes.push(ids));
		expect((await migrateViewDocs(store, docs)).moved).toEqual([]);
		expect(changes).toEqual([]);
	});

	it('keeps what the documents already say (edited on another device) over old local values', async () => {
		const { docs, store } = await open();
		await docs.edit('preferences', 'preferences', { instancesRetireAfterMin: 30 });
		await docs.edit(pinsDocId('topology', ''), 'layout', { view: 'topology', group: 'none', nodes: { 'svc:accounts': { node: 'svc:accounts', xPx: 500, yPx: 500 } } });
		await writeLegacy(store);
		await migrateViewDocs(store, docs);
		expect(preferencesFromBody((await docs.get('preferences'))?.body).instancesRetireAfterMin).toBe(30);
		expect(pinsFromBody((await docs.get(pinsDocId('topology', '')))?.body)).toEqual({ 'svc:accounts': { xPx: 500, yPx: 500 }, 'db:mysql/deposits': { xPx: 30, yPx: 40 } });
	});

	it('keeps an old value whose move failed, says why, and moves it on the next run', async () => {
		const { docs, store } = await open();
		await writeLegacy(store);
		const failing = {
			readViewDoc: store.readViewDoc.bind(store),
			writeViewDoc: async (key: string, value: unknown) => {
				if (key === legacyViewDocKeys.instances) throw new Error('disk full');
				return store.writeViewDoc(key, value);
			}
		};
		const report = await migrateViewDocs(failing, docs);
		expect(report.failed).toEqual([{ key: 'instances', reason: 'disk full' }]);
		expect(await store.readViewDoc(legacyViewDocKeys.instances)).toEqual({ retireAfterMin: 12 });
		expect((await migrateViewDocs(store, docs)).moved).toEqual(['instances']);
	});

	it('runs once per documents session, and not at all without a telemetry store', async () => {
		const { docs, store } = await open();
		expect(await migrateViewDocsOnce(null, docs)).toEqual({ moved: [], failed: [] });
		await writeLegacy(store);
		const first = migrateViewDocsOnce(store, docs);
		expect(migrateViewDocsOnce(store, docs)).toBe(first);
		expect((await first).moved).toHaveLength(4);
	});
});
