/**
 * Response-time scatter with 1,000,000 points over one hour on a 1,200 × 400 px canvas:
 * one redraw = bin every point in view (scatterFrame) + paint the RGBA pixels
 * (paintDensity); target ≤ 50 ms. Baseline: the same binning over an array of point objects
 * (what a store of plain records would cost), same data, same run. Also: a rectangle
 * selection and a log-scale frame.
 * Run alone: `npx tsx test/bench/scatter.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { paintDensity, scatterFrame } from '../../src/lib/domain/scatter/density';
import { selectRect } from '../../src/lib/domain/scatter/select';
import { ScatterStore, type ScatterPoint } from '../../src/lib/domain/scatter/store';
import type { ScatterView } from '../../src/lib/domain/scatter/view';
import { seededRandom } from '../../src/lib/domain/trace/span-builder';
import { medianMs, printResults } from './median-timing';
import type { BenchResult } from './types';

const count = 1_000_000;
const hourMs = 3_600_000;
const t0Ms = 1_700_000_000_000;

function points(): ScatterPoint[] {
	const random = seededRandom(11);
	const services = ['gateway', 'lending', 'deposits', 'auth', 'products', 'notify'];
	return Array.from({ length: count }, (_, k) => ({
		endMs: t0Ms + (k / count) * hourMs,
		// log-normal around 80 ms with a slow tail
		durationMs: Math.exp(Math.log(80) + 0.8 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())),
		error: random() < 0.01,
		rowId: k,
		service: services[k % services.length],
		operation: 'op'
	}));
}

export async function run(): Promise<BenchResult[]> {
	const data = points();
	const store = new ScatterStore({ capacity: 2_000_000 });
	store.append(data);
	const view: ScatterView = { fromMs: t0Ms, toMs: t0Ms + hourMs, minDurationMs: 0, maxDurationMs: 2000, widthPx: 1200, heightPx: 400, yScale: 'linear' };
	let rgba: Uint8ClampedArray | undefined;
	let previous: ReturnType<typeof scatterFrame> | undefined;
	const redrawMs = await medianMs(() => {
		const frame = scatterFrame(store, view, { reuse: previous?.grid });
		previous = frame;
		rgba = paintDensity(frame.grid, { okRgb: 0x3366cc, errorRgb: 0xdd2200 }, rgba);
	}, 11);
	const logMs = await medianMs(() => scatterFrame(store, { ...view, minDurationMs: 1, maxDurationMs: 60_000, yScale: 'log' }), 11);
	const filteredMs = await medianMs(() => scatterFrame(store, view, { filter: { services: ['lending', 'auth'], status: 'error' } }), 11);
	const selectMs = await medianMs(() => selectRect(store, { fromMs: t0Ms + 600_000, toMs: t0Ms + 1_200_000, minDurationMs: 500, maxDurationMs: 2000 }), 11);

	const baselineMs = await medianMs(() => {
		const counts = new Uint32Array(1200 * 400);
		const xScale = 1200 / hourMs;
		const yScale = 400 / 2000;
		for (const p of data) {
			if (p.endMs < view.fromMs || p.endMs >= view.toMs) continue;
			const row = Math.max(0, Math.min(399, Math.floor((2000 - p.durationMs) * yScale)));
			const column = Math.min(1199, Math.floor((p.endMs - view.fromMs) * xScale));
			counts[row * 1200 + column]++;
		}
		return counts;
	}, 11);

	return [
		{
			name: 'redraw 1,000,000 points (bin + paint, 1,200 × 400 px)',
			value: redrawMs, unit: 'ms', baseline: baselineMs, baselineName: 'binning an array of point objects', ratio: redrawMs / baselineMs, target: 50, better: 'lower'
		},
		{ name: 'frame, log scale', value: logMs, unit: 'ms', target: 50, better: 'lower' },
		{ name: 'frame, filtered by service and status', value: filteredMs, unit: 'ms', target: 50, better: 'lower' },
		{ name: 'rectangle selection over 1,000,000 points', value: selectMs, unit: 'ms', better: 'lower' }
	];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printResults(await run());
