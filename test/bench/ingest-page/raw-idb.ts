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

/** 1,000-span chunks; the trace-id index as a multiEntry array or as a separate table. */
export async function rawChunks(name: string, batches: TelemetryBatch[], design: 'multiEntry' | 'table') {
	const db = await open(name, (d) => {
		const chunks = d.createObjectStore('chunks', { autoIncrement: true });
		chunks.createIndex('toMs', 'toMs');
		if (design === 'multiEntry') chunks.createIndex('traceIds', 'traceIds', { multiEntry: true });
		else d.createObjectStore('traceIndex', { keyPath: ['traceId', 'chunkId'] });
	});
	const started = performance.now();
	let spans = 0;
	for (const batch of batches) {
		const tx = db.transaction(design === 'multiEntry' ? ['chunks'] : ['chunks', 'traceIndex'], 'readwrite');
		const traceIds = [...new Set(batch.spans.map((s) => s.traceId))];
		let toMs = 0;
		for (const s of batch.spans) toMs = Math.max(toMs, endMs(s));
		const record = design === 'multiEntry' ? { spans: batch.spans, toMs, traceIds } : { spans: batch.spans, toMs };
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
		const tx = db.transaction(design === 'multiEntry' ? ['chunks'] : ['chunks', 'traceIndex']);
		let chunks: { spans: SpanRecord[] }[];
		if (design === 'multiEntry') chunks = await request(tx.objectStore('chunks').index('traceIds').getAll(traceId));
		else {
			const rows = (await request(tx.objectStore('traceIndex').getAll(IDBKeyRange.bound([traceId, 0], [traceId, Infinity])))) as { chunkId: number }[];
			chunks = await Promise.all(rows.map((r) => request(tx.objectStore('chunks').get(r.chunkId))));
		}
		return chunks.reduce((n, c) => n + c.spans.filter((s) => s.traceId === traceId).length, 0);
	};
	return { spans, ms, lookup, close: () => db.close() };
}
