/**
 * What the scatter draws for a view. Dots when few enough points are in view, else a
 * density grid of one cell per pixel, which the screen paints with `paintDensity` into an
 * ImageData. Both come from one linear scan over the store.
 *
 * Points above the view's maximum duration are drawn on the top row (Scouter's XLog keeps
 * outliers visible the same way) and counted in `aboveCount`; points below the minimum on
 * the bottom row. Points outside the time range are skipped.
 */
import { compileFilter, type ScatterFilter } from './filter';
import { errorFlag, type ScatterStore } from './store';
import type { ScatterView } from './view';

/**
 * ln(1 + (k + 0.5) / 1024) for the top 10 mantissa bits of a float32: ln(d) from the bits of
 * the stored duration without calling Math.log. Error ≤ 0.0005 in ln units, against about
 * 0.04 per pixel row for a 400 px log axis over 0.01 ms to 1 min.
 */
const lnMantissa = Float64Array.from({ length: 1024 }, (_, k) => Math.log1p((k + 0.5) / 1024));

export interface DensityGrid {
	widthPx: number;
	heightPx: number;
	/** Row-major, row 0 at the top: points per pixel. */
	counts: Uint32Array;
	errorCounts: Uint32Array;
	maxCount: number;
}

export interface DotList {
	xPx: Float32Array;
	yPx: Float32Array;
	error: Uint8Array;
	rowIds: Uint32Array;
}

export interface ScatterFrame {
	/** Points in the time range that passed the filter. */
	inView: number;
	errors: number;
	aboveCount: number;
	grid: DensityGrid;
	/** Present when `inView ≤ dotLimit`. */
	dots?: DotList;
}

export interface FrameOptions {
	filter?: ScatterFilter;
	/** Draw dots up to this many points in view (default 20,000), a density grid beyond. */
	dotLimit?: number;
	/** The previous frame's grid: its arrays are cleared and reused when the size matches (no allocation per redraw). */
	reuse?: DensityGrid;
}

export function scatterFrame(store: ScatterStore, view: ScatterView, options: FrameOptions = {}): ScatterFrame {
	const width = Math.max(1, Math.floor(view.widthPx));
	const height = Math.max(1, Math.floor(view.heightPx));
	const dotLimit = options.dotLimit ?? 20_000;
	const reuse = options.reuse;
	const fits = reuse !== undefined && reuse.widthPx === width && reuse.heightPx === height;
	const counts = fits ? reuse.counts.fill(0) : new Uint32Array(width * height);
	const errorCounts = fits ? reuse.errorCounts.fill(0) : new Uint32Array(width * height);
	const dotIndex = new Uint32Array(Math.min(dotLimit, store.size));
	const f = compileFilter(store, options.filter);
	const serviceMask = f.services;
	const operationMask = f.operations;
	const domainMask = f.domains;
	const wantError = f.error;
	const { endMs, durationMs, flags, serviceIds, operationIds, domainIds } = store;
	const durationBits = new Uint32Array(durationMs.buffer, durationMs.byteOffset, durationMs.length);
	const xScale = width / Math.max(1e-9, view.toMs - view.fromMs);
	const linear = view.yScale === 'linear';
	// the row is (top − y) × scale, in ms for linear and in ln(ms) for log (view.ts, same formula)
	const logFloor = Math.log(Math.max(0.01, view.minDurationMs));
	const top = linear ? view.maxDurationMs : Math.log(Math.max(Math.exp(logFloor) * 1.0001, view.maxDurationMs));
	const yScale = height / Math.max(1e-9, top - (linear ? view.minDurationMs : logFloor));
	let inView = 0;
	let errors = 0;
	let aboveCount = 0;
	let maxCount = 0;
	for (let i = 0; i < store.size; i++) {
		const t = endMs[i];
		if (t < view.fromMs || t >= view.toMs) continue;
		const flag = flags[i] & errorFlag;
		if (serviceMask !== undefined && serviceMask[serviceIds[i]] !== 1) continue;
		if (operationMask !== undefined && operationMask[operationIds[i]] !== 1) continue;
		if (domainMask !== undefined && domainMask[domainIds[i]] !== 1) continue;
		if (wantError >= 0 && flag !== wantError) continue;
		let y: number;
		if (linear) y = durationMs[i];
		else {
			const bits = durationBits[i];
			// sign bit set or exponent 0: zero, negative or subnormal durations sit at the floor
			y = bits >>> 23 === 0 || bits >>> 31 === 1 ? logFloor : ((bits >>> 23) - 127) * Math.LN2 + lnMantissa[(bits >>> 13) & 1023];
		}
		let row = Math.floor((top - y) * yScale);
		if (row < 0) {
			row = 0;
			aboveCount++;
		} else if (row >= height) row = height - 1;
		let column = Math.floor((t - view.fromMs) * xScale);
		if (column >= width) column = width - 1;
		const cell = row * width + column;
		const c = ++counts[cell];
		if (c > maxCount) maxCount = c;
		if (flag) {
			errorCounts[cell]++;
			errors++;
		}
		if (inView < dotIndex.length) dotIndex[inView] = i;
		inView++;
	}
	const grid = { widthPx: width, heightPx: height, counts, errorCounts, maxCount };
	if (inView > dotLimit) return { inView, errors, aboveCount, grid };
	const n = inView;
	const dots: DotList = { xPx: new Float32Array(n), yPx: new Float32Array(n), error: new Uint8Array(n), rowIds: new Uint32Array(n) };
	for (let k = 0; k < n; k++) {
		const i = dotIndex[k];
		dots.xPx[k] = (endMs[i] - view.fromMs) * xScale;
		const d = durationMs[i];
		dots.yPx[k] = Math.min(height, Math.max(0, (top - (linear ? d : Math.log(d > 1e-9 ? d : 1e-9))) * yScale));
		dots.error[k] = flags[i] & errorFlag;
		dots.rowIds[k] = store.rowIds[i];
	}
	return { inView, errors, aboveCount, grid, dots };
}

export interface DensityPalette {
	/** 0xRRGGBB */
	okRgb: number;
	errorRgb: number;
}

/**
 * RGBA pixels for `putImageData`. A cell with any error takes the error colour (errors must
 * never disappear under a crowd of successes); opacity grows with log(count): 25 % for one
 * point, 100 % at the view's densest cell.
 */
export function paintDensity(grid: DensityGrid, palette: DensityPalette, out?: Uint8ClampedArray): Uint8ClampedArray {
	const cells = grid.widthPx * grid.heightPx;
	const rgba = out && out.length === cells * 4 ? out : new Uint8ClampedArray(cells * 4);
	const logMax = Math.log1p(Math.max(1, grid.maxCount));
	const alphaOf = new Float32Array(Math.min(grid.maxCount, 65_536) + 1);
	for (let c = 1; c < alphaOf.length; c++) alphaOf[c] = 255 * (0.25 + (0.75 * Math.log1p(c)) / logMax);
	const ok = [(palette.okRgb >> 16) & 255, (palette.okRgb >> 8) & 255, palette.okRgb & 255];
	const bad = [(palette.errorRgb >> 16) & 255, (palette.errorRgb >> 8) & 255, palette.errorRgb & 255];
	for (let cell = 0, p = 0; cell < cells; cell++, p += 4) {
		const count = grid.counts[cell];
		if (count === 0) {
			rgba[p + 3] = 0;
			continue;
		}
		const colour = grid.errorCounts[cell] > 0 ? bad : ok;
		rgba[p] = colour[0];
		rgba[p + 1] = colour[1];
		rgba[p + 2] = colour[2];
		rgba[p + 3] = count < alphaOf.length ? alphaOf[count] : 255 * (0.25 + (0.75 * Math.log1p(count)) / logMax);
	}
	return rgba;
}
