import { describe, expect, it } from 'vitest';
import { maxPins, PinLimitError } from '$lib/domain/docs/pins';
import { Documents } from '$lib/io/docs/documents';
import { MemoryLocalDocStore } from '$lib/io/docs/memory-local-store';
import { MemoryTelemetryStore } from '$lib/io/memory-store';
import { clearPins, loadLayout, loadPins, pinsDocOf, readLayout, saveLayout, savePin } from './map-docs';

const layout = {
	nodes: { 'svc:a': { xPx: 16, yPx: 16, widthPx: 184, heightPx: 58 } },
	edges: { 'svc:a->svc:b': [200, 45, 264, 45] },
	groups: {},
	widthPx: 300,
	heightPx: 100,
	incrementalPlacements: 2
};

const openDocs = () => Documents.open({ store: new MemoryLocalDocStore(), seed: false });

describe('map pins and layout', () => {
	it('keeps pins per grouping in a synced document and the last layout in the local store', async () => {
		const docs = await openDocs();
		const cache = new MemoryTelemetryStore();
		await savePin(docs, '', 'svc:a', { xPx: 10.4, yPx: 20.6 });
		const pins = await savePin(docs, '', 'db:mysql/deposits', { xPx: 1, yPx: 2 });
		expect(pins).toEqual({ 'svc:a': { xPx: 10, yPx: 21 }, 'db:mysql/deposits': { xPx: 1, yPx: 2 } });
		expect((await docs.get(pinsDocOf('')))?.type).toBe('layout');
		expect(await saveLayout(cache, '', layout)).toBe(true);
		expect(await loadLayout(cache, '')).toEqual(layout);
		expect(await loadPins(docs, 'namespace')).toEqual({});
		expect(await loadLayout(cache, 'namespace')).toBeUndefined();
		await clearPins(docs, '');
		expect(await loadPins(docs, '')).toEqual({});
	});

	it('refuses a new pin past the bound and leaves the others', async () => {
		const docs = await openDocs();
		const nodes = Object.fromEntries(Array.from({ length: maxPins }, (_, k) => [`svc:n${k}`, { node: `svc:n${k}`, xPx: k, yPx: k }]));
		await docs.edit(pinsDocOf(''), 'layout', { view: 'topology', group: 'none', nodes });
		await expect(savePin(docs, '', 'svc:last', { xPx: 1, yPx: 1 })).rejects.toBeInstanceOf(PinLimitError);
		const pins = await savePin(docs, '', 'svc:n0', { xPx: 7, yPx: 7 });
		expect(Object.keys(pins)).toHaveLength(maxPins);
		expect(pins['svc:n0']).toEqual({ xPx: 7, yPx: 7 });
	});

	it('drops a malformed cached layout instead of trusting it', async () => {
		const cache = new MemoryTelemetryStore();
		await cache.writeViewDoc('topology.layout.none', { ...layout, nodes: { a: { xPx: Number.NaN } } });
		expect(await loadLayout(cache, '')).toBeUndefined();
		expect(readLayout('nonsense')).toBeUndefined();
		expect(readLayout({ ...layout, edges: { e: [1, 'x'] } })).toBeUndefined();
	});
});
