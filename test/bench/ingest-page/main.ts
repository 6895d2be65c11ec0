/**
 * The in-browser half of test/bench/ingest.bench.ts. Exposes `window.meridianBench`; every
 * figure is measured in this page, so baseline and candidate share one browser and disk.
 */
import type { SpanRecord, TelemetryBatch } from '../../../src/lib/protocol/records';
import { isTransaction } from '../../../src/lib/domain/telemetry/transactions';
import Dexie from 'dexie';
import { DexieTelemetryStore } from '../../../src/lib/io/dexie-store';
import { chunkMetaOf, toSpanChunks } from '../../../src/lib/io/chunks';
import type { SpanChunkQuery } from '../../../src/lib/io/telemetry-store';
import { decodeSpans, encodeSpans } from '../../../src/lib/io/span-codec';
import { createScatterApi, type ScatterSource } from '../../../workers/scatter-api';
import { IngestEngine } from '../../../src/lib/io/ingest';
import { startTelemetry } from '../../../src/lib/workers/telemetry-client';
import { OVERALL_KEY } from '../../../src/lib/domain/telemetry/series-key';
import { SseParser } from '../../../src/lib/io/sse';
import { rawOneRecordPerSpan, rawChunks, rollupLayouts, transactionRecordDesigns } from './raw-idb';

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

function deleteDatabase(name: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.deleteDatabase(name);
		req.onsuccess = () => resolve();
		req.onerror = () => reject(req.error);
	});
}

async function loadBatches(): Promise<TelemetryBatch[]> {
	return (await fetch('/bench/batches.json')).json();
}

const bench = {
	/**
	 * The app's own path: startTelemetry() starts the ingest worker (Web Lock, StreamClient,
	 * IngestEngine, DexieTelemetryStore) and the rollup worker it hands each written group to,
	 * exactly as a tab does. The page polls the stored cursor every 10 ms. `ms` runs from the
	 * first commit seen to the last batch's (sustained; the spans counted are those after the
	 * first commit seen); `startMs` is the time from startTelemetry() to that first commit;
	 * `rolledTransactions` counts what the rollup worker's 1 min windows hold once stopped.
	 */
	async workerPath(options: { lastSeq: number; spansPerBatch: number; traceIds: string[] }) {
		const dbName = 'bench-worker-' + Date.now();
		const started = performance.now();
		const client = startTelemetry({ dbName });
		const cursorStore = new DexieTelemetryStore({ name: dbName });
		let firstSeq = 0;
		let firstMs = 0;
		let lastMs = 0;
		for (;;) {
			const seq = (await cursorStore.readCursor())?.seq ?? 0;
			const at = performance.now();
			if (seq > 0 && firstSeq === 0) {
				firstSeq = seq;
				firstMs = at;
			}
			if (seq >= options.lastSeq) {
				lastMs = at;
				break;
			}
			if (at - started > 120_000) throw new Error(`the worker path stored ${seq} of ${options.lastSeq} batches in 120 s`);
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		// the last group's hand-over travels on the workers' own channel: let it land, then stop
		// (the rollup worker checkpoints what it holds when stopped)
		await new Promise((resolve) => setTimeout(resolve, 300));
		await client.stop();
		const windows = await cursorStore.rollupWindows({ level: '1m', fromMs: 0, toMs: Date.now() + 3_600_000, parts: ['svc'] });
		const rolledTransactions = windows.reduce((n, w) => n + (w.series[OVERALL_KEY]?.count ?? 0), 0);
		const lookups = await timeTraceLookups(async (id) => (await cursorStore.traceSpans(id)).length, options.traceIds);
		cursorStore.close();
		await deleteDatabase(dbName);
		return { spans: (options.lastSeq - firstSeq) * options.spansPerBatch, ms: lastMs - firstMs, startMs: firstMs - started, lookupMedianMs: lookups.medianMs, found: lookups.found, rolledTransactions, name: dbName };
	},

	/**
	 * Stream -> SSE parse -> bounded queue -> DexieTelemetryStore, until the cursor reaches the
	 * last seq. `copyTransactions: false`: raw chunks only (the baseline without the
	 * transactions table). Answers the database name, for `readPaths`.
	 */
	async streamToStore(options: { lastSeq: number; traceIds: string[]; writeGroupRecords?: number; copyTransactions?: boolean; batchTexts?: boolean; keep?: boolean }) {
		const name = 'bench-stream-' + Date.now();
		const store = new DexieTelemetryStore({ name, copyTransactions: options.copyTransactions, batchTexts: options.batchTexts });
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
		// a database left behind would be compacted while later runs measure
		if (!options.keep) await deleteDatabase(name);
		return { spans, ms, lookupMedianMs: lookups.medianMs, found: lookups.found, name };
	},

	/**
	 * Reads of a stored database (median of `runs`, paths alternating): transactions and entries
	 * from the transactions table, against every raw chunk filtered (what a transactions-only
	 * read cost before the table); the scatter's load of the window through its worker API,
	 * against the same API over a store that reads every raw chunk.
	 */
	async readPaths(options: { name: string; fromMs: number; toMs: number; runs: number }) {
		const store = new DexieTelemetryStore({ name: options.name });
		const range = { fromMs: options.fromMs, toMs: options.toMs };
		const count = async (query: SpanChunkQuery, keep: (s: SpanRecord) => boolean = () => true) => {
			let n = 0;
			for await (const chunk of store.spanChunks(query)) for (const s of chunk) if (keep(s)) n++;
			return n;
		};
		// the scatter's source as it was: every raw chunk read, transactions picked after reading
		const everyChunk: ScatterSource = {
			spanChunks: (q) => store.spanChunks({ ...q, transactionsOnly: false }),
			spanChunksAfter: (id) => store.spanChunksAfter(id),
			lastSpanChunkId: () => store.lastSpanChunkId(),
			resources: (q) => store.resources(q)
		};
		const scatterOpen = async (source: ScatterSource) => (await createScatterApi(() => source).open(1, options.name, range)).size;
		const paths: Record<string, () => Promise<number>> = {
			rawTransactions: () => count(range, isTransaction),
			transactions: () => count({ ...range, transactionsOnly: true }),
			rawEntries: () => count(range, (s) => s.parentSpanId === ''),
			entries: () => count({ ...range, entriesOnly: true }),
			scatterRaw: () => scatterOpen(everyChunk),
			scatter: () => scatterOpen(store)
		};
		const times: Record<string, number[]> = {};
		const found: Record<string, number> = {};
		for (let r = 0; r < options.runs; r++) {
			for (const [key, path] of Object.entries(paths)) {
				const t = performance.now();
				found[key] = await path();
				(times[key] ??= []).push(performance.now() - t);
			}
		}
		store.close();
		await deleteDatabase(options.name);
		return Object.fromEntries(Object.entries(times).map(([key, list]) => [key, { ms: median(list), found: found[key] }]));
	},

	/**
	 * The schema-3 upgrade: a database as schema 2 left it (the batches as raw chunks, their
	 * meta rows), then opened by the store, which copies their transactions while opening.
	 */
	async upgradeFill() {
		const batches = await loadBatches();
		const name = 'bench-upgrade-' + Date.now();
		const old = new Dexie(name);
		old.version(1).stores({ spanChunks: '++id, toMs, *traceIds', metricChunks: '++id, toMs, *names', logChunks: '++id, toMs, *traceIds', chunkMeta: '[kind+id], [kind+toMs]', rollups: '[level+startMs]', metricRollups: '[level+startMs]', metricSeries: 'key, name, service, lastSeenMs', resources: 'id, service, lastSeenMs', gaps: '++id, toMs', meta: 'key' });
		old.version(2).stores({ rollups: null, metricRollups: null, rollupParts: '[level+part+startMs]', metricRollupParts: '[level+name+startMs], [level+startMs]' });
		let chunks = 0;
		for (const batch of batches) {
			for (const chunk of toSpanChunks('bench', [batch])) {
				const id = (await old.table('spanChunks').add(chunk)) as number;
				await old.table('chunkMeta').put(chunkMetaOf('span', id, chunk));
				chunks++;
			}
		}
		old.close();
		const started = performance.now();
		const store = new DexieTelemetryStore({ name });
		await store.readCursor();
		const ms = performance.now() - started;
		const transactions = (await store.storageStats()).tables.transactionChunks?.items ?? 0;
		store.close();
		await deleteDatabase(name);
		return { ms, chunks, transactions };
	},

	/** Layouts of the transactions table's records, read back (see raw-idb.ts). */
	async transactionDesigns() {
		const batches = await loadBatches();
		return transactionRecordDesigns('bench-tx-designs-' + Date.now(), batches.flatMap((b) => b.spans), {
			encode: encodeSpans,
			decode: (text) => decodeSpans(text)
		});
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

	/** DexieTelemetryStore.writeBatches alone, batches already parsed in memory (with their texts when `texts`). */
	async storeOnly(options: { groupBatches: number; copyTransactions?: boolean; texts?: boolean }) {
		const batches = await loadBatches();
		// `texts`: each batch with its JSON text, as the stream client hands them over (made untimed)
		const texts = options.texts ? batches.map((b) => JSON.stringify(b)) : undefined;
		const name = 'bench-store-' + Date.now();
		const store = new DexieTelemetryStore({ name, copyTransactions: options.copyTransactions });
		const started = performance.now();
		let spans = 0;
		for (let i = 0; i < batches.length; i += options.groupBatches) {
			spans += (await store.writeBatches('bench', batches.slice(i, i + options.groupBatches), texts?.slice(i, i + options.groupBatches))).spans;
		}
		const ms = performance.now() - started;
		store.close();
		await deleteDatabase(name);
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
