/**
 * The scatter's viewport: data ranges and the canvas size in pixels. y grows downwards on
 * screen, so the longest durations are at the top (row 0). A log y scale spreads the fast
 * majority and still shows outliers; its floor is `minDurationMs` (> 0, clamped to 0.01 ms).
 */

export interface ScatterView {
	fromMs: number;
	toMs: number;
	minDurationMs: number;
	maxDurationMs: number;
	widthPx: number;
	heightPx: number;
	yScale: 'linear' | 'log';
}

export interface ViewTransform {
	/** Column of a time, possibly outside [0, widthPx). */
	column(endMs: number): number;
	/** Row of a duration (row 0 at the top), possibly outside [0, heightPx). */
	row(durationMs: number): number;
	timeAt(xPx: number): number;
	durationAt(yPx: number): number;
}

export function viewTransform(view: ScatterView): ViewTransform {
	const xScale = view.widthPx / Math.max(1e-9, view.toMs - view.fromMs);
	if (view.yScale === 'log') {
		const lo = Math.log(Math.max(0.01, view.minDurationMs));
		const hi = Math.log(Math.max(Math.exp(lo) * 1.0001, view.maxDurationMs));
		const yScale = view.heightPx / (hi - lo);
		return {
			column: (t) => Math.floor((t - view.fromMs) * xScale),
			row: (d) => Math.floor((hi - Math.log(Math.max(d, 1e-9))) * yScale),
			timeAt: (x) => view.fromMs + x / xScale,
			durationAt: (y) => Math.exp(lo + (view.heightPx - y) / yScale)
		};
	}
	const lo = view.minDurationMs;
	const hi = view.maxDurationMs;
	const yScale = view.heightPx / Math.max(1e-9, hi - lo);
	return {
		column: (t) => Math.floor((t - view.fromMs) * xScale),
		row: (d) => Math.floor((hi - d) * yScale),
		timeAt: (x) => view.fromMs + x / xScale,
		durationAt: (y) => lo + (view.heightPx - y) / yScale
	};
}

/** A dragged rectangle in pixels, turned into data ranges (corner order does not matter). */
export function rectToData(view: ScatterView, rect: { x0Px: number; y0Px: number; x1Px: number; y1Px: number }) {
	const t = viewTransform(view);
	const times = [t.timeAt(rect.x0Px), t.timeAt(rect.x1Px)].sort((a, b) => a - b);
	const durations = [t.durationAt(rect.y0Px), t.durationAt(rect.y1Px)].sort((a, b) => a - b);
	return { fromMs: times[0], toMs: times[1], minDurationMs: durations[0], maxDurationMs: durations[1] };
}

/** The smallest 1, 2 or 5 × 10^k at or above `ms` (an axis top that reads well); 1 for ≤ 1. */
export function niceCeilingMs(ms: number): number {
	if (!(ms > 1)) return 1;
	const power = Math.pow(10, Math.floor(Math.log10(ms)));
	for (const step of [1, 2, 5, 10]) if (step * power >= ms * (1 - 1e-12)) return step * power;
	return 10 * power;
}
