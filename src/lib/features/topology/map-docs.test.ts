import { describe, expect, it } from 'vitest';
import { MemoryTelemetryStore } from '$lib/io/memory-store';
import { clearPins, loadMapDocs, maxPins, readLayout, savePin, saveLayout } from './map-docs';

const layout = {
	nodes: { 'svc:a': { xPx: 16, yPx: 16, widthPx: 184, heightPx: 58 } },
	edges: { 'svc:a->svc:b': [200, 45, 264, 45] },
	groups: {},
	widthPx: 300,
	heightPx: 100,
	incrementalPlacements: 2
};

describe('map documents', () => {
	it('keeps pins and the last layout per grouping in the store, across a reopen', async () => {
		const store = new MemoryTelemetryStore();
		let pins = await savePin(store, '', {}, 'svc:a', { xPx: 10.4, yPx: 20.6 });
		pins = await savePin(store, '', pins, 'svc:b', { xPx: 1, yPx: 2 });
		expect(await saveLayout(store, '', layout)).toBe(true);
		expect(await loadMapDocs(store, '')).toEqual({ pins: { 'svc:a': { xPx: 10, yPx: 21 }, 'svc:b': { xPx: 1, yPx: 2 } }, layout });
		expect(await loadMapDocs(store, 'namespace')).toEqual({ pins: {}, layout: undefined });
		await clearPins(store, '');
		expect((await loadMapDocs(store, '')).pins).toEqual({});
	});

	it('keeps only the most recent pins past the bound', async () => {
		const store = new MemoryTelemetryStore();
		const many = Object.fromEntries(Array.from({ length: maxPins }, (_, k) => [`n${k}`, { xPx: k, yPx: k }]));
		const pins = await savePin(store, '', many, 'last', { xPx: 1, yPx: 1 });
		expect(Object.keys(pins)).toHaveLength(maxPins);
		expect(pins.n0).toBeUndefined();
		expect(pins.last).toEqual({ xPx: 1, yPx: 1 });
	});

	it('drops malformed documents instead of trusting them', async () => {
		const store = new MemoryTelemetryStore();
		await store.writeViewDoc('topology.pins.none', { a: { xPx: 'x', yPx: 1 }, b: { xPx: 2, yPx: 3 }, c: null });
		await store.writeViewDoc('topology.layout.none', { ...layout, nodes: { a: { xPx: Number.NaN } } });
		expect(await loadMapDocs(store, '')).toEqual({ pins: { b: { xPx: 2, yPx: 3 } }, layout: undefined });
		expect(readLayout('nonsense')).toBeUndefined();
		expect(readLayout({ ...layout, edges: { e: [1, 'x'] } })).toBeUndefined();
	});
});
