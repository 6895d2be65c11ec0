/**
 * The in-browser half of test/bench/ingest.bench.ts. Exposes `window.meridianBench`; every
 * figure is measured in this page, so baseline and candidate share one browser and disk.
 */
import type { TelemetryBatch } from '../../../src/lib/protocol/records';
import { DexieTelemetryStore } from '../../../src/lib/io/dexie-store';
import { IngestEngine } from '../../../src/lib/io/ingest';
import { SseParser } from '../../../src/lib/io/sse';
import { rawOneRecordPerSpan, rawChunks, rollupLayouts } from './raw-idb';

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function timeTraceLookups(lookup: (traceId: string) => Promise<number>, traceIds: string[]): Promise<{ medianMs: number; found: number }> {
	const times: number[] = [];
	let found = 0;
	for (const id of traceIds) {
		const t = performance.now();
		found += await lookup(id);
		times.push(performance.now() - t);
	}
	return { medianMs: median(times), found };
}

async function loadBatches(): Promise<TelemetryBatch[]> {
	return (await fetch('/bench/batches.json')).json();
}

const bench = {
	/** Stream -> SSE parse -> bounded queue -> DexieTelemetryStore, until the cursor reaches the last seq. */
	async streamToStore(options: { lastSeq: number; traceIds: string[]; writeGroupRecords?: number }) {
		const store = new DexieTelemetryStore({ name: 'bench-stream-' + Date.now() });
		const started = performance.now();
		let spans = 0;
		await new Promise<void>((resolve) => {
			const engine = new IngestEngine({
				store,
				url: '/api/stream',
				writeGroupRecords: options.writeGroupRecords,
				onWritten: (result) => {
					spans += result.spans;
					if (result.cursor.seq >= options.lastSeq) {
						void engine.stop().then(resolve);
					}
				}
			});
			void engine.start();
		});
		const ms = performance.now() - started;
		const lookups = await timeTraceLookups(async (id) => (await store.traceSpans(id)).length, options.traceIds);
		store.close();
		return { spans, ms, lookupMedianMs: lookups.medianMs, found: lookups.found };
	},

	/** The stream without storage: fetch the SSE body, split events, JSON.parse each batch. */
	async parseOnly() {
		const started = performance.now();
		const response = await fetch('/api/stream?after=0&close=1');
		const reader = response.body!.getReader();
		const decoder = new TextDecoder();
		let spans = 0;
		const parser = new SseParser((event) => {
			if (event.event === 'batch') spans += (JSON.parse(event.data) as TelemetryBatch).spans.length;
		});
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			parser.push(decoder.decode(value, { stream: true }));
		}
		return { spans, ms: performance.now() - started };
	},

	/** DexieTelemetryStore.writeBatches alone, batches already parsed in memory. */
	async storeOnly(options: { groupBatches: number }) {
		const batches = await loadBatches();
		const store = new DexieTelemetryStore({ name: 'bench-store-' + Date.now() });
		const started = performance.now();
		let spans = 0;
		for (let i = 0; i < batches.length; i += options.groupBatches) {
			spans += (await store.writeBatches('bench', batches.slice(i, i + options.groupBatches))).spans;
		}
		const ms = performance.now() - started;
		store.close();
		return { spans, ms };
	},

	/** Baseline: raw IndexedDB, one record per span, indexes on traceId and end time. */
	async rawPerSpan(options: { traceIds: string[] }) {
		const batches = await loadBatches();
		const result = await rawOneRecordPerSpan('bench-raw-' + Date.now(), batches);
		const lookups = await timeTraceLookups(result.lookup, options.traceIds);
		result.close();
		return { spans: result.spans, ms: result.ms, lookupMedianMs: lookups.medianMs, found: lookups.found };
	},

	/** Rollup record layout: per window (all series) vs per series and window. */
	async rollupLayout(options: { windows: number; series: number }) {
		return rollupLayouts('bench-rollups-' + Date.now(), options.windows, options.series);
	},

	/** Trace-id index design: multiEntry array on the chunk vs a separate [traceId, chunkId] table. */
	async rawChunkIndex(options: { traceIds: string[]; design: 'multiEntry' | 'table' | 'json' }) {
		const batches = await loadBatches();
		const result = await rawChunks('bench-chunks-' + options.design + '-' + Date.now(), batches, options.design);
		const lookups = await timeTraceLookups(result.lookup, options.traceIds);
		result.close();
		return { spans: result.spans, ms: result.ms, lookupMedianMs: lookups.medianMs, found: lookups.found };
	}
};

(globalThis as unknown as { meridianBench: typeof bench }).meridianBench = bench;
document.body.dataset.ready = 'true';
