import { describe, expect, it } from 'vitest';
import { fitTransform, maxZoom, zoomAt } from './pan-zoom';

describe('pan and zoom', () => {
	it('zooms around the pointer, within bounds', () => {
		const view = { x: 10, y: 20, k: 1 };
		const zoomed = zoomAt(view, 2, { xPx: 110, yPx: 120 });
		// the layout point under the pointer (100, 100) stays under it
		expect([(110 - zoomed.x) / zoomed.k, (120 - zoomed.y) / zoomed.k]).toEqual([100, 100]);
		expect(zoomAt({ ...view, k: 2.5 }, 4, { xPx: 0, yPx: 0 }).k).toBe(maxZoom);
	});

	it('fits the layout in the view, centred, without enlarging a small map past 1.2', () => {
		const layout = { nodes: { a: { xPx: 100, yPx: 50, widthPx: 200, heightPx: 100 }, b: { xPx: 700, yPx: 350, widthPx: 200, heightPx: 100 } }, groups: {} };
		const view = fitTransform(layout, { widthPx: 448, heightPx: 448 }, 24);
		expect(view.k).toBe(0.5);
		// the layout's extent (100..900 × 50..450) lands centred
		expect([100 * view.k + view.x, 900 * view.k + view.x]).toEqual([24, 424]);
		expect(fitTransform({ nodes: { a: { xPx: 0, yPx: 0, widthPx: 10, heightPx: 10 } }, groups: {} }, { widthPx: 1000, heightPx: 1000 }).k).toBe(1.2);
	});
});
