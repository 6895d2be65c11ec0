import { describe, expect, it } from 'vitest';
import { paintDots } from './paint';

describe('paintDots', () => {
	it('draws each point as a square, errors over successes, clipped at the edges', () => {
		const dots = { xPx: Float32Array.of(0, 5, 5.5), yPx: Float32Array.of(0, 2, 2), error: Uint8Array.of(0, 1, 0), rowIds: Uint32Array.of(1, 2, 3) };
		const rgba = paintDots(dots, { widthPx: 8, heightPx: 4 }, { okRgb: 0x0000ff, errorRgb: 0xff0000 });
		const at = (x: number, y: number) => [...rgba.slice((y * 8 + x) * 4, (y * 8 + x) * 4 + 4)];
		expect(at(0, 0)).toEqual([0, 0, 255, 255]);
		expect(at(1, 1)).toEqual([0, 0, 255, 255]);
		expect(at(2, 2)).toEqual([0, 0, 0, 0]);
		// the error dot at (5, 2) wins over the success drawn at the same place
		expect(at(5, 2)).toEqual([255, 0, 0, 255]);
		expect(at(4, 3)).toEqual([255, 0, 0, 255]);
		expect(at(7, 0)).toEqual([0, 0, 0, 0]);
	});
});
