/**
 * Dots for a sparse scatter: each point a `sizePx` square (default 3 px) centred on its
 * position, successes first and errors over them (an error must never hide under a
 * success). Pixels are RGBA for `putImageData`; dots are opaque, the background clear.
 */
import type { DotList } from './density';
import type { DensityPalette } from './density';

export function paintDots(
	dots: DotList,
	size: { widthPx: number; heightPx: number },
	palette: DensityPalette,
	options: { sizePx?: number; out?: Uint8ClampedArray } = {}
): Uint8ClampedArray {
	const width = Math.max(1, Math.floor(size.widthPx));
	const height = Math.max(1, Math.floor(size.heightPx));
	const cells = width * height;
	const rgba = options.out && options.out.length === cells * 4 ? options.out.fill(0) : new Uint8ClampedArray(cells * 4);
	const half = Math.floor((options.sizePx ?? 3) / 2);
	const span = 2 * half + 1;
	for (const pass of [0, 1]) {
		const rgb = pass === 0 ? palette.okRgb : palette.errorRgb;
		const r = (rgb >> 16) & 255;
		const g = (rgb >> 8) & 255;
		const b = rgb & 255;
		for (let k = 0; k < dots.xPx.length; k++) {
			if (dots.error[k] !== pass) continue;
			const x0 = Math.min(width - 1, Math.max(0, Math.floor(dots.xPx[k]))) - half;
			const y0 = Math.min(height - 1, Math.max(0, Math.floor(dots.yPx[k]))) - half;
			for (let dy = 0; dy < span; dy++) {
				const y = y0 + dy;
				if (y < 0 || y >= height) continue;
				for (let dx = 0; dx < span; dx++) {
					const x = x0 + dx;
					if (x < 0 || x >= width) continue;
					const p = (y * width + x) * 4;
					rgba[p] = r;
					rgba[p + 1] = g;
					rgba[p + 2] = b;
					rgba[p + 3] = 255;
				}
			}
		}
	}
	return rgba;
}
