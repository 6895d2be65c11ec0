/**
 * Shaping series for uPlot. uPlot's contract: `[xs, ...ys]`, x in Unix SECONDS ascending,
 * `null` where there is no value (the line breaks there). Everything that feeds a chart
 * passes through here, so milliseconds become seconds and NaN becomes null in one place.
 */
import type uPlot from 'uplot';

export type AlignedData = uPlot.AlignedData;
/** A numeric column as the data path delivers it: NaN (or null) where a window has no value. */
export type NumericColumn = ArrayLike<number | null | undefined>;

/** A recorded loss of data, in Unix milliseconds (`toMs` exclusive). */
export interface GapRange {
	fromMs: number;
	toMs: number;
}

/** Decimate when the number of points >= 4x the chart's width in CSS pixels. */
export const decimationFactor = 4;

function valueOrNull(value: number | null | undefined): number | null {
	return value === null || value === undefined || Number.isNaN(value) ? null : value;
}

/** Columns of equal length to uPlot data; columns shorter than `xsSec` are padded with null. */
export function toAlignedData(xsSec: ArrayLike<number>, columns: readonly NumericColumn[]): AlignedData {
	const n = xsSec.length;
	const xs = Array.from({ length: n }, (_, i) => xsSec[i]);
	const ys = columns.map((column) => Array.from({ length: n }, (_, i) => valueOrNull(column[i])));
	return [xs, ...ys] as AlignedData;
}

function insideGap(xSec: number, gaps: readonly GapRange[]): boolean {
	const xMs = xSec * 1000;
	return gaps.some((gap) => xMs >= gap.fromMs && xMs < gap.toMs);
}

/**
 * Nulls where data is known to be missing, so lines break instead of bridging:
 * - points whose x lies inside a recorded gap become null;
 * - where two consecutive xs are more than 1.5 steps apart (windows absent from the store),
 *   one null point is inserted half a step after the earlier x.
 */
export function breakAtGaps(data: AlignedData, gaps: readonly GapRange[], stepSec: number): AlignedData {
	const [xs, ...ys] = data;
	const outXs: number[] = [];
	const outYs: (number | null)[][] = ys.map(() => []);
	for (let i = 0; i < xs.length; i++) {
		const x = xs[i];
		if (i > 0 && x - xs[i - 1] > 1.5 * stepSec) {
			outXs.push(xs[i - 1] + stepSec / 2);
			for (const column of outYs) column.push(null);
		}
		outXs.push(x);
		const lost = gaps.length > 0 && insideGap(x, gaps);
		ys.forEach((column, s) => outYs[s].push(lost ? null : valueOrNull(column[i])));
	}
	return [outXs, ...outYs] as AlignedData;
}

export function needsDecimation(pointCount: number, widthPx: number): boolean {
	return widthPx > 0 && pointCount >= decimationFactor * widthPx;
}

/**
 * Min/max decimation into `buckets` consecutive index ranges, two points per bucket (its
 * first and last x), each series keeping its extremes in time order, so peaks survive.
 * A bucket holding a null keeps one extreme and then a null: a gap stays visible.
 */
export function decimateMinMax(data: AlignedData, buckets: number): AlignedData {
	const [xs, ...ys] = data;
	const n = xs.length;
	if (buckets <= 0 || n <= 2 * buckets) return data;
	const outXs: number[] = [];
	const outYs: (number | null)[][] = ys.map(() => []);
	for (let b = 0; b < buckets; b++) {
		const from = Math.floor((b * n) / buckets);
		const to = Math.floor(((b + 1) * n) / buckets);
		if (to <= from) continue;
		const single = to - from === 1;
		outXs.push(xs[from]);
		if (!single) outXs.push(xs[to - 1]);
		ys.forEach((column, s) => {
			let minI = -1;
			let maxI = -1;
			let sawNull = false;
			for (let i = from; i < to; i++) {
				const v = column[i];
				if (v === null || v === undefined) {
					sawNull = true;
					continue;
				}
				if (minI < 0 || v < (column[minI] as number)) minI = i;
				if (maxI < 0 || v > (column[maxI] as number)) maxI = i;
			}
			const out = outYs[s];
			if (single) {
				out.push(minI < 0 ? null : (column[minI] as number));
				return;
			}
			if (minI < 0) {
				out.push(null, null);
			} else if (sawNull) {
				out.push(column[Math.min(minI, maxI)] as number, null);
			} else {
				const [first, second] = minI <= maxI ? [minI, maxI] : [maxI, minI];
				out.push(column[first] as number, column[second] as number);
			}
		});
	}
	return [outXs, ...outYs] as AlignedData;
}

/** Decimate to two points per pixel when the data is dense enough to need it. */
export function fitToWidth(data: AlignedData, widthPx: number): AlignedData {
	return needsDecimation(data[0].length, widthPx) ? decimateMinMax(data, Math.floor(widthPx)) : data;
}

/** Gap ranges clipped to the visible x range, in seconds, for drawing markers. */
export function visibleGapsSec(
	gaps: readonly GapRange[],
	xMinSec: number,
	xMaxSec: number
): { fromSec: number; toSec: number }[] {
	const out: { fromSec: number; toSec: number }[] = [];
	for (const gap of gaps) {
		const fromSec = Math.max(gap.fromMs / 1000, xMinSec);
		const toSec = Math.min(gap.toMs / 1000, xMaxSec);
		if (toSec > fromSec) out.push({ fromSec, toSec });
	}
	return out;
}

/** The newest non-null value of a series, for summaries read by screen readers. */
export function latestValue(column: ArrayLike<number | null | undefined>): number | null {
	for (let i = column.length - 1; i >= 0; i--) {
		const v = valueOrNull(column[i]);
		if (v !== null) return v;
	}
	return null;
}

/**
 * Appends a band's upper, lower and expected columns (aligned with `data`'s x values) after
 * the series, in the order chart-options.ts draws them.
 */
export function withBand(
	data: AlignedData,
	band: { lower: NumericColumn; expected: NumericColumn; upper: NumericColumn }
): AlignedData {
	const n = data[0].length;
	const column = (c: NumericColumn) => Array.from({ length: n }, (_, i) => valueOrNull(c[i]));
	return [...data, column(band.upper), column(band.lower), column(band.expected)] as AlignedData;
}
