import { describe, expect, it } from 'vitest';
import { cellAt, clampCell, keyStep, layoutRows, moveCell, placeNew } from './grid';

describe('board grid editing', () => {
	it('places a new widget in the first free place', () => {
		expect(placeNew({}, 3, 2)).toEqual({ x: 0, y: 0, w: 3, h: 2 });
		expect(placeNew({ a: { x: 0, y: 0, w: 10, h: 2 } }, 3, 2)).toEqual({ x: 0, y: 2, w: 3, h: 2 });
		expect(placeNew({ a: { x: 0, y: 0, w: 6, h: 2 } }, 3, 2)).toEqual({ x: 6, y: 0, w: 3, h: 2 });
	});

	it('moves a widget and pushes the ones it lands on down, returning only the changed cells', () => {
		const layout = { a: { x: 0, y: 0, w: 6, h: 2 }, b: { x: 6, y: 0, w: 6, h: 2 }, c: { x: 6, y: 2, w: 6, h: 2 } };
		const changed = moveCell(layout, 'a', { x: 6, y: 0, w: 6, h: 2 });
		expect(changed).toEqual({ a: { x: 6, y: 0, w: 6, h: 2 }, b: { x: 6, y: 2, w: 6, h: 2 }, c: { x: 6, y: 4, w: 6, h: 2 } });
		expect(moveCell(layout, 'a', { x: 0, y: 0, w: 6, h: 2 })).toEqual({});
		// resizing into a neighbour pushes it down
		expect(moveCell(layout, 'a', { x: 0, y: 0, w: 7, h: 2 })).toEqual({ a: { x: 0, y: 0, w: 7, h: 2 }, b: { x: 6, y: 2, w: 6, h: 2 }, c: { x: 6, y: 4, w: 6, h: 2 } });
	});

	it('keeps cells in the grid and steps them with the keyboard', () => {
		expect(clampCell({ x: 11, y: -2, w: 4, h: 0 })).toEqual({ x: 8, y: 0, w: 4, h: 1 });
		const cell = { x: 0, y: 0, w: 3, h: 2 };
		expect(keyStep(cell, 'ArrowRight', false)).toEqual({ x: 1, y: 0, w: 3, h: 2 });
		expect(keyStep(cell, 'ArrowLeft', false)).toEqual(cell);
		expect(keyStep(cell, 'ArrowDown', true)).toEqual({ x: 0, y: 0, w: 3, h: 3 });
		expect(keyStep(cell, 'Enter', false)).toBeUndefined();
	});

	it('maps pointer offsets to cells and counts rows', () => {
		expect(cellAt(250, 130, 1200, 60)).toEqual({ x: 2, y: 2 });
		expect(cellAt(-5, 10, 1200, 60)).toEqual({ x: 0, y: 0 });
		expect(layoutRows({ a: { x: 0, y: 3, w: 2, h: 4 } })).toBe(7);
	});
});
