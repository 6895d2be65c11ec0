/**
 * The in-browser half of test/bench/screens.bench.ts: the transaction path view's first
 * paint of a 100,000-span trace and the scatter's redraw of 1,000,000 points, each through
 * the app's own worker, client and component, with its baseline measured in this page.
 * Exposes `window.meridianBench`.
 */
import { flushSync, mount, unmount } from 'svelte';
import { SpanKind, StatusCode, type SpanRecord } from '../../../src/lib/protocol/records';
import { randomTrace } from '../../../src/lib/domain/trace/span-builder';
import { DexieTelemetryStore } from '../../../src/lib/io/dexie-store';
import { createTraceClient } from '../../../src/lib/workers/trace-client';
import { createScatterClient } from '../../../src/lib/workers/scatter-client';
import Waterfall from '../../../src/lib/features/trace/Waterfall.svelte';
import { criticalBySpan, extentOf, visibleRows } from '../../../src/lib/features/trace/waterfall-model';

const traceDb = 'meridian-bench-trace';
const traces = createTraceClient();
const scatter = createScatterClient();
const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const hourMs = 3_600_000;
const t0Ms = Date.now() - hourMs;
let naivePoints: { endMs: Float64Array; durationMs: Float64Array; error: Uint8Array } | undefined;

/** Seeded uniform [0, 1) (Mulberry32). */
function random(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const bench = {
	/** Stores one random trace of `spanCount` spans (1,000 per chunk); answers its id. */
	async prepareTrace(options: { spanCount: number }): Promise<string> {
		indexedDB.deleteDatabase(traceDb);
		const spans = randomTrace({ spanCount: options.spanCount, seed: 42, services: 40, traceNo: 7 });
		const store = new DexieTelemetryStore({ name: traceDb });
		const batches = [];
		for (let i = 0; i < spans.length; i += 1000) batches.push({ seq: batches.length + 1, receivedMs: Date.now(), resources: [], spans: spans.slice(i, i + 1000), metrics: [], logs: [] });
		await store.writeBatches('bench', batches);
		store.close();
		return spans[0].traceId;
	},

	/** Time from asking for the trace to the waterfall's first rows painted: worker read and analysis, transfer, component, paint. */
	async openTrace(options: { traceId: string }): Promise<{ ms: number; rows: number }> {
		const target = document.getElementById('waterfall')!;
		const started = performance.now();
		const opened = await traces.openStored(traceDb, options.traceId);
		if (!opened || opened === 'notFound') throw new Error('the trace was not found');
		const component = mount(Waterfall, {
			target,
			props: {
				tree: opened.tree,
				rows: opened.rows,
				visible: visibleRows(opened.tree, new Set()),
				extent: extentOf(opened.tree),
				critical: criticalBySpan(opened.criticalPath.segments),
				collapsed: new Set<number>(),
				selected: -1,
				highlighted: new Set<number>(),
				onselect: () => {},
				ontoggle: () => {}
			}
		});
		flushSync();
		await frame();
		const ms = performance.now() - started;
		const rows = target.querySelectorAll('[role="row"]').length;
		await unmount(component);
		return { ms, rows };
	},

	/** Baseline: only reading the trace's spans from IndexedDB on the page (no analysis, no drawing). */
	async readTrace(options: { traceId: string }): Promise<{ ms: number; spans: number }> {
		const store = new DexieTelemetryStore({ name: traceDb });
		const started = performance.now();
		const spans = await store.traceSpans(options.traceId);
		const ms = performance.now() - started;
		store.close();
		return { ms, spans: spans.length };
	},

	/** Hands `count` finished transactions over an hour to the scatter worker, in parts. */
	async prepareScatter(options: { count: number }): Promise<number> {
		const next = random(11);
		const services = ['gateway', 'lending', 'deposits', 'auth', 'products', 'notify'];
		const part = 50_000;
		naivePoints = { endMs: new Float64Array(options.count), durationMs: new Float64Array(options.count), error: new Uint8Array(options.count) };
		let held = 0;
		for (let start = 0; start < options.count; start += part) {
			const spans: SpanRecord[] = [];
			for (let k = start; k < Math.min(options.count, start + part); k++) {
				// log-normal around 80 ms with a slow tail
				const durationMs = Math.exp(Math.log(80) + 0.8 * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()));
				const endMs = t0Ms + (k / options.count) * hourMs;
				const error = next() < 0.01;
				naivePoints.endMs[k] = endMs;
				naivePoints.durationMs[k] = durationMs;
				naivePoints.error[k] = error ? 1 : 0;
				spans.push({
					traceId: (k + 1).toString(16).padStart(32, '0'),
					spanId: (k + 1).toString(16).padStart(16, '0'),
					parentSpanId: '',
					resourceId: 'r',
					service: services[k % services.length],
					instance: 'i',
					name: 'op',
					kind: SpanKind.Server,
					startUs: (endMs - durationMs) * 1000,
					durationUs: durationMs * 1000,
					status: error ? StatusCode.Error : StatusCode.Unset,
					attrs: {}
				});
			}
			held += await scatter.append(spans);
		}
		return held;
	},

	/** Redraws of the whole hour on a 1,200 × 400 px canvas: worker binning and painting, transfer, putImageData. */
	async redraw(options: { runs: number; yScale: 'linear' | 'log' }): Promise<{ ms: number; inView: number }> {
		const ctx = (document.getElementById('scatter') as HTMLCanvasElement).getContext('2d')!;
		const view = { fromMs: t0Ms, toMs: t0Ms + hourMs, minDurationMs: 1, maxDurationMs: 2000, widthPx: 1200, heightPx: 400, yScale: options.yScale };
		const times: number[] = [];
		let inView = 0;
		for (let i = 0; i < options.runs + 1; i++) {
			const started = performance.now();
			const reply = await scatter.frame(view, {}, { okRgb: 0x3366cc, errorRgb: 0xdd2200 });
			if (!reply) throw new Error('a frame was superseded');
			ctx.putImageData(new ImageData(reply.rgba as Uint8ClampedArray<ArrayBuffer>, reply.widthPx, reply.heightPx), 0, 0);
			if (i > 0) times.push(performance.now() - started);
			inView = reply.inView;
		}
		return { ms: median(times), inView };
	},

	/** Baseline: the same points drawn one fillRect each on the page's canvas. */
	async naiveRedraw(options: { runs: number }): Promise<{ ms: number }> {
		const ctx = (document.getElementById('naive') as HTMLCanvasElement).getContext('2d')!;
		const p = naivePoints!;
		const times: number[] = [];
		for (let r = 0; r < options.runs; r++) {
			const started = performance.now();
			ctx.clearRect(0, 0, 1200, 400);
			for (let i = 0; i < p.endMs.length; i++) {
				ctx.fillStyle = p.error[i] ? '#dd2200' : '#3366cc';
				const x = ((p.endMs[i] - t0Ms) / hourMs) * 1200;
				const y = Math.max(0, 400 - (p.durationMs[i] / 2000) * 400);
				ctx.fillRect(x, y, 1, 1);
			}
			ctx.getImageData(0, 0, 1, 1);
			times.push(performance.now() - started);
		}
		return { ms: median(times) };
	}
};

(globalThis as unknown as { meridianBench: typeof bench }).meridianBench = bench;
document.body.dataset.ready = 'true';
