import { describe, expect, it } from 'vitest';
import { paintDensity, scatterFrame } from './density';
import { selectRect } from './select';
import { ScatterStore, type ScatterPoint } from './store';
import { rectToData, viewTransform, type ScatterView } from './view';

const point = (k: number, over: Partial<ScatterPoint> = {}): ScatterPoint => ({
	endMs: 1000 + k, durationMs: k, error: false, rowId: k, service: k % 2 ? 'lending' : 'deposits', operation: 'op', ...over
});

const everything = { fromMs: -Infinity, toMs: Infinity, minDurationMs: -Infinity, maxDurationMs: Infinity };

describe('ScatterStore', () => {
	it('is a ring: past capacity the oldest points go and are counted', () => {
		const store = new ScatterStore({ capacity: 5 });
		store.append(Array.from({ length: 8 }, (_, k) => point(k + 1)));
		expect(store.size).toBe(5);
		expect(store.overwritten).toBe(3);
		expect([...selectRect(store, everything).rowIds]).toEqual([4, 5, 6, 7, 8]);
	});

	it('grows its columns up to the capacity without losing points', () => {
		const store = new ScatterStore({ capacity: 200_000 });
		for (let k = 0; k < 150_000; k += 10_000) store.append(Array.from({ length: 10_000 }, (_, j) => point(k + j)));
		expect(store.size).toBe(150_000);
		expect(store.endMs.length).toBe(200_000);
		const sel = selectRect(store, everything, { limit: 200_000 });
		expect(sel.total).toBe(150_000);
		expect(sel.rowIds[149_999]).toBe(149_999);
	});

	it('skips points with non-finite values and says so', () => {
		const store = new ScatterStore();
		expect(store.append([point(1), point(2, { durationMs: Number.NaN }), point(3, { endMs: Infinity })])).toEqual({ added: 1, skipped: 2 });
	});
});

describe('selectRect', () => {
	const store = new ScatterStore();
	store.append(Array.from({ length: 100 }, (_, k) => point(k, { error: k % 10 === 0 })));

	it('returns the ids inside the rectangle, bounds included, with totals past the limit', () => {
		const sel = selectRect(store, { fromMs: 1010, toMs: 1050, minDurationMs: 20, maxDurationMs: 60 }, { limit: 5 });
		expect([...sel.rowIds]).toEqual([20, 21, 22, 23, 24]);
		expect(sel.total).toBe(31);
		expect(sel.errors).toBe(4);
	});

	it('filters by service, operation and status', () => {
		expect(selectRect(store, everything, { filter: { services: ['lending'] } }).total).toBe(50);
		expect(selectRect(store, everything, { filter: { services: ['nobody'] } }).total).toBe(0);
		expect(selectRect(store, everything, { filter: { status: 'error' } }).total).toBe(10);
		expect(selectRect(store, everything, { filter: { status: 'ok', operations: ['op'] } }).total).toBe(90);
	});
});

describe('scatterFrame', () => {
	const view: ScatterView = { fromMs: 1000, toMs: 1100, minDurationMs: 0, maxDurationMs: 50, widthPx: 10, heightPx: 5, yScale: 'linear' };

	it('bins every point in view into one pixel cell, outliers on the top row', () => {
		const store = new ScatterStore();
		store.append(Array.from({ length: 100 }, (_, k) => point(k, { error: k === 99 })));
		store.append([point(0, { endMs: 5000 })]);
		const frame = scatterFrame(store, view, { dotLimit: 10 });
		expect(frame.inView).toBe(100);
		expect(frame.aboveCount).toBe(49);
		expect(frame.dots).toBeUndefined();
		const sum = frame.grid.counts.reduce((a, b) => a + b, 0);
		expect(sum).toBe(100);
		// durations 0-9 end at 1000-1009: column 0, bottom row (4)
		expect(frame.grid.counts[4 * 10 + 0]).toBe(10);
		// durations ≥ 50 sit in the top row of their columns; 99 is an error in the last column
		expect(frame.grid.counts[9]).toBe(10);
		expect(frame.grid.errorCounts[9]).toBe(1);
		expect(frame.grid.maxCount).toBe(10);
	});

	it('hands back dots with pixel positions when few points are in view', () => {
		const store = new ScatterStore();
		store.append([point(10), point(40, { error: true })]);
		const frame = scatterFrame(store, view);
		expect(frame.dots!.rowIds).toEqual(new Uint32Array([10, 40]));
		expect([...frame.dots!.xPx]).toEqual([1, 4]);
		expect([...frame.dots!.yPx]).toEqual([4, 1]);
		expect([...frame.dots!.error]).toEqual([0, 1]);
	});

	it('spreads durations on a log scale', () => {
		const t = viewTransform({ ...view, minDurationMs: 1, maxDurationMs: 10_000, heightPx: 400, yScale: 'log' });
		expect(t.row(10_000)).toBe(0);
		expect(t.row(100)).toBe(200);
		expect(t.row(1)).toBe(400);
		expect(t.durationAt(200)).toBeCloseTo(100);
	});

	it('bins a log axis like the view transform does, and reuses the previous grid', () => {
		const store = new ScatterStore();
		const durations = [0, -3, 0.004, 0.5, 1, 3.7, 42, 99.9, 1234.5, 59_999, 80_000];
		store.append(durations.map((d, k) => point(k, { durationMs: d, endMs: 1000 })));
		const logView: ScatterView = { ...view, minDurationMs: 0.1, maxDurationMs: 60_000, heightPx: 400, yScale: 'log' };
		const t = viewTransform(logView);
		const frame = scatterFrame(store, logView, { dotLimit: 0 });
		const expected = new Uint32Array(10 * 400);
		for (const d of durations) expected[Math.min(399, Math.max(0, d > 0 ? t.row(Math.fround(d)) : 400)) * 10]++;
		expect(frame.grid.counts).toEqual(expected);
		const again = scatterFrame(store, logView, { dotLimit: 0, reuse: frame.grid });
		expect(again.grid.counts).toBe(frame.grid.counts);
		expect(again.grid.counts).toEqual(expected);
	});

	it('paints errors in the error colour and opacity by log count', () => {
		const store = new ScatterStore();
		store.append([point(1), point(1), point(1), point(45, { error: true }), point(45)]);
		const frame = scatterFrame(store, view, { dotLimit: 0 });
		const rgba = paintDensity(frame.grid, { okRgb: 0x3366cc, errorRgb: 0xdd2200 });
		const at = (cell: number) => [...rgba.slice(cell * 4, cell * 4 + 4)];
		expect(at(4 * 10 + 0)).toEqual([0x33, 0x66, 0xcc, 255]);
		const errorCell = at(0 * 10 + 4);
		expect(errorCell.slice(0, 3)).toEqual([0xdd, 0x22, 0x00]);
		expect(errorCell[3]).toBeGreaterThan(64);
		expect(errorCell[3]).toBeLessThan(255);
		expect(at(5)[3]).toBe(0);
	});
});

describe('rectToData', () => {
	it('turns a dragged pixel rectangle into time and duration ranges', () => {
		const view: ScatterView = { fromMs: 0, toMs: 1000, minDurationMs: 0, maxDurationMs: 100, widthPx: 100, heightPx: 100, yScale: 'linear' };
		expect(rectToData(view, { x0Px: 60, y0Px: 90, x1Px: 10, y1Px: 20 })).toEqual({ fromMs: 100, toMs: 600, minDurationMs: 10, maxDurationMs: 80 });
	});
});
