/** Plain IndexedDB writers for the benchmark's baselines (no Dexie, no Meridian code). */
import type { SpanRecord, TelemetryBatch } from '../../../src/lib/protocol/records';

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

function done(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
		tx.onabort = () => reject(tx.error);
	});
}

function open(name: string, upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase> {
	const req = indexedDB.open(name, 1);
	req.onupgradeneeded = () => upgrade(req.result);
	return request(req);
}

const endMs = (s: SpanRecord) => (s.startUs + s.durationUs) / 1000;

/** One record per span, indexes on traceId and endMs; one transaction per batch. */
export async function rawOneRecordPerSpan(name: string, batches: TelemetryBatch[]) {
	const db = await open(name, (d) => {
		const store = d.createObjectStore('spans', { autoIncrement: true });
		store.createIndex('traceId', 'traceId');
		store.createIndex('endMs', 'endMs');
	});
	const started = performance.now();
	let spans = 0;
	for (const batch of batches) {
		const tx = db.transaction('spans', 'readwrite');
		const store = tx.objectStore('spans');
		for (const s of batch.spans) store.add({ ...s, endMs: endMs(s) });
		spans += batch.spans.length;
		await done(tx);
	}
	const ms = performance.now() - started;
	return {
		spans,
		ms,
		lookup: async (traceId: string) => (await request(db.transaction('spans').objectStore('spans').index('traceId').getAll(traceId))).length,
		close: () => db.close()
	};
}

/**
 * 1,000-span chunks; the trace-id index as a multiEntry array or as a separate table; `json`:
 * multiEntry, spans stored as one JSON string (stringify timed, the clone of a string is a copy).
 */
export async function rawChunks(name: string, batches: TelemetryBatch[], design: 'multiEntry' | 'table' | 'json') {
	const db = await open(name, (d) => {
		const chunks = d.createObjectStore('chunks', { autoIncrement: true });
		chunks.createIndex('toMs', 'toMs');
		if (design !== 'table') chunks.createIndex('traceIds', 'traceIds', { multiEntry: true });
		else d.createObjectStore('traceIndex', { keyPath: ['traceId', 'chunkId'] });
	});
	const started = performance.now();
	let spans = 0;
	for (const batch of batches) {
		const tx = db.transaction(design !== 'table' ? ['chunks'] : ['chunks', 'traceIndex'], 'readwrite');
		const traceIds = [...new Set(batch.spans.map((s) => s.traceId))];
		let toMs = 0;
		for (const s of batch.spans) toMs = Math.max(toMs, endMs(s));
		const record =
			design === 'json'
				? { spansJson: JSON.stringify(batch.spans), toMs, traceIds }
				: design === 'multiEntry'
					? { spans: batch.spans, toMs, traceIds }
					: { spans: batch.spans, toMs };
		const chunkId = (await request(tx.objectStore('chunks').add(record))) as number;
		if (design === 'table') {
			const index = tx.objectStore('traceIndex');
			for (const traceId of traceIds) index.put({ traceId, chunkId });
		}
		spans += batch.spans.length;
		await done(tx);
	}
	const ms = performance.now() - started;
	const lookup = async (traceId: string): Promise<number> => {
		const tx = db.transaction(design !== 'table' ? ['chunks'] : ['chunks', 'traceIndex']);
		let chunks: { spans: SpanRecord[] }[];
		if (design === 'json') {
			const rows = (await request(tx.objectStore('chunks').index('traceIds').getAll(traceId))) as { spansJson: string }[];
			chunks = rows.map((r) => ({ spans: JSON.parse(r.spansJson) as SpanRecord[] }));
		} else if (design === 'multiEntry') chunks = await request(tx.objectStore('chunks').index('traceIds').getAll(traceId));
		else {
			const rows = (await request(tx.objectStore('traceIndex').getAll(IDBKeyRange.bound([traceId, 0], [traceId, Infinity])))) as { chunkId: number }[];
			chunks = await Promise.all(rows.map((r) => request(tx.objectStore('chunks').get(r.chunkId))));
		}
		return chunks.reduce((n, c) => n + c.spans.filter((s) => s.traceId === traceId).length, 0);
	};
	return { spans, ms, lookup, close: () => db.close() };
}

/**
 * Rollup record layout: one record per window holding every series, or one record per
 * (series, window). Writes `windows` x `series` cells of realistic size (a 12-bucket sketch),
 * then reads one series over all windows (a chart) and one window over all series (a table).
 */
export async function rollupLayouts(name: string, windows: number, series: number) {
	const db = await open(name, (d) => {
		d.createObjectStore('byWindow', { keyPath: ['level', 'startMs'] });
		d.createObjectStore('bySeries', { keyPath: ['level', 'key', 'startMs'] });
	});
	const cell = (i: number) => ({
		count: 10 + i,
		errors: 1,
		sumMs: 123.4,
		minMs: 1.2,
		maxMs: 88,
		sketch: { alpha: 0.01, zeroCount: 0, keys: Int32Array.from({ length: 12 }, (_, k) => 100 + k * 7), counts: new Float64Array(12).fill(1) }
	});
	const keys = Array.from({ length: series }, (_, s) => `ep|svc-${s % 12}|GET /api/r${s}`);
	const startMs = 1_700_000_000_000;
	const timeWrite = async (store: string, records: () => unknown[]) => {
		const t = performance.now();
		const tx = db.transaction(store, 'readwrite');
		for (const r of records()) tx.objectStore(store).put(r);
		await done(tx);
		return performance.now() - t;
	};
	const byWindowMs = await timeWrite('byWindow', () =>
		Array.from({ length: windows }, (_, w) => ({ level: '1s', startMs: startMs + w * 1000, series: Object.fromEntries(keys.map((k, s) => [k, cell(s)])) }))
	);
	const bySeriesMs = await timeWrite('bySeries', () =>
		keys.flatMap((key, s) => Array.from({ length: windows }, (_, w) => ({ level: '1s', key, startMs: startMs + w * 1000, ...cell(s) })))
	);
	const key = keys[7];
	const timeRead = async (read: () => Promise<unknown>) => {
		const t = performance.now();
		await read();
		return performance.now() - t;
	};
	const chartByWindowMs = await timeRead(async () => {
		const rows = (await request(db.transaction('byWindow').objectStore('byWindow').getAll(IDBKeyRange.bound(['1s', startMs], ['1s', startMs + windows * 1000])))) as { series: Record<string, unknown> }[];
		return rows.map((r) => r.series[key]);
	});
	const chartBySeriesMs = await timeRead(() =>
		request(db.transaction('bySeries').objectStore('bySeries').getAll(IDBKeyRange.bound(['1s', key, startMs], ['1s', key, startMs + windows * 1000])))
	);
	const tableByWindowMs = await timeRead(() => request(db.transaction('byWindow').objectStore('byWindow').get(['1s', startMs + 5_000])));
	const tableBySeriesMs = await timeRead(async () => {
		const store = db.transaction('bySeries').objectStore('bySeries');
		return Promise.all(keys.map((k) => request(store.get(['1s', k, startMs + 5_000]))));
	});
	db.close();
	return { byWindowMs, bySeriesMs, chartByWindowMs, chartBySeriesMs, tableByWindowMs, tableBySeriesMs };
}

/**
 * Layouts for the transactions table's records, each written then read back whole (batches of
 * four records per request, as the store reads; median of three reads):
 * - dense: 1,000 spans per record, in pieces of 40 (one live write a second holds ~40 entry
 *   spans of the demo bank), as the store packs them; sparse: one 40-span record per piece;
 * - objects (structured clone), JSON text per piece (parsed when read), or `codec` text per
 *   piece (the store's dictionary coding, span-codec.ts, passed in);
 * - narrow: JSON of spans cut to ids, times, service, name, kind, status and `biz.*`
 *   attributes (what the starter KPIs read; user rules may read any attribute).
 */
export async function transactionRecordDesigns(name: string, spans: SpanRecord[], codec: { encode(spans: SpanRecord[]): unknown; decode(text: string): unknown[] }) {
	const piece = 40;
	const narrow = (s: SpanRecord) => ({
		traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId, service: s.service, name: s.name, kind: s.kind, startUs: s.startUs, durationUs: s.durationUs, status: s.status,
		attrs: Object.fromEntries(Object.entries(s.attrs).filter(([k]) => k.startsWith('biz.')))
	});
	const pieces: SpanRecord[][] = [];
	for (let i = 0; i < spans.length; i += piece) pieces.push(spans.slice(i, i + piece));
	const designs: Record<string, unknown[]> = {
		denseObjects: [],
		denseJson: [],
		denseCoded: [],
		sparseObjects: pieces.map((p) => ({ pieces: [p] })),
		sparseJson: pieces.map((p) => ({ pieces: [JSON.stringify(p)] })),
		denseNarrowJson: []
	};
	for (let i = 0; i < pieces.length; i += 1_000 / piece) {
		const group = pieces.slice(i, i + 1_000 / piece);
		designs.denseObjects.push({ pieces: group });
		designs.denseJson.push({ pieces: group.map((p) => JSON.stringify(p)) });
		designs.denseCoded.push({ coded: group.map((p) => codec.encode(p)) });
		designs.denseNarrowJson.push({ pieces: group.map((p) => JSON.stringify(p.map(narrow))) });
	}
	const db = await open(name, (d) => {
		for (const key of Object.keys(designs)) d.createObjectStore(key, { autoIncrement: true });
	});
	for (const [key, records] of Object.entries(designs)) {
		const tx = db.transaction(key, 'readwrite');
		for (const r of records) tx.objectStore(key).add(r);
		await done(tx);
	}
	const readAll = async (key: string): Promise<number> => {
		const total = designs[key].length;
		let n = 0;
		for (let first = 1; first <= total; first += 4) {
			const rows = (await request(db.transaction(key).objectStore(key).getAll(IDBKeyRange.bound(first, first + 3)))) as { pieces?: (string | SpanRecord[])[]; coded?: string[] }[];
			for (const row of rows) {
				for (const p of row.pieces ?? []) n += (typeof p === 'string' ? (JSON.parse(p) as unknown[]) : p).length;
				for (const p of row.coded ?? []) n += codec.decode(p).length;
			}
		}
		return n;
	};
	const out: Record<string, { usPerSpan: number; records: number; spans: number }> = {};
	for (const key of Object.keys(designs)) {
		const times: number[] = [];
		let n = 0;
		for (let r = 0; r < 3; r++) {
			const t = performance.now();
			n = await readAll(key);
			times.push(performance.now() - t);
		}
		times.sort((a, b) => a - b);
		out[key] = { usPerSpan: (times[1] * 1000) / n, records: designs[key].length, spans: n };
	}
	db.close();
	await new Promise((resolve) => (indexedDB.deleteDatabase(name).onsuccess = resolve));
	return out;
}
