/**
 * Tick positions for the scatter's axes (labels are drawn as text beside the canvas).
 * y: a log axis ticks each power of ten between its floor and top; a linear axis five
 * round steps (1, 2 or 5 × 10^k). x: round time steps (1, 2, 5, 10, 15, 30 s, then minutes).
 */
import { viewTransform, type ScatterView } from '$lib/domain/scatter/view';

export interface Tick {
	value: number;
	/** From the top (y) or the left (x), CSS px. */
	px: number;
}

function roundStep(raw: number): number {
	const power = Math.pow(10, Math.floor(Math.log10(raw)));
	return ([1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power);
}

export function durationTicks(view: ScatterView): Tick[] {
	const t = viewTransform(view);
	const ticks: number[] = [];
	if (view.yScale === 'log') {
		const lo = Math.max(0.01, view.minDurationMs);
		for (let v = Math.pow(10, Math.ceil(Math.log10(lo))); v <= view.maxDurationMs * (1 + 1e-9); v *= 10) ticks.push(Number(v.toPrecision(6)));
	} else {
		const step = roundStep(Math.max(1e-9, (view.maxDurationMs - view.minDurationMs) / 5));
		for (let v = Math.ceil(view.minDurationMs / step) * step; v <= view.maxDurationMs * (1 + 1e-9); v += step) ticks.push(Number(v.toPrecision(6)));
	}
	return ticks.map((value) => ({ value, px: Math.min(view.heightPx, Math.max(0, t.row(value))) }));
}

const timeStepsMs = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].map((s) => s * 1000);

export function timeTicks(view: Pick<ScatterView, 'fromMs' | 'toMs' | 'widthPx'>, minSpacingPx = 90): Tick[] {
	const spanMs = view.toMs - view.fromMs;
	if (!(spanMs > 0) || view.widthPx <= 0) return [];
	const wanted = Math.max(1, Math.floor(view.widthPx / minSpacingPx));
	const step = timeStepsMs.find((s) => spanMs / s <= wanted) ?? 3_600_000;
	const out: Tick[] = [];
	for (let t = Math.ceil(view.fromMs / step) * step; t <= view.toMs; t += step) out.push({ value: t, px: ((t - view.fromMs) / spanMs) * view.widthPx });
	return out;
}
