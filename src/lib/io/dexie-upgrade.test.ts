import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../protocol/records';
import { isTransaction } from '../domain/telemetry/transactions';
import { chunkMetaOf, toSpanChunks } from './chunks';
import { DexieTelemetryStore } from './dexie-store';
import { batch, t0 } from './telemetry-store.contract';
import { mixedTraces } from './transactions.contract';

/** A database as schema version 2 left it: raw span chunks (one per write: fewer than 1,000 spans each), their meta rows and totals, no transactions table. */
async function versionTwoDatabase(name: string, indexedDB: IDBFactory, writes: SpanRecord[][]): Promise<void> {
	const db = new Dexie(name, { indexedDB, IDBKeyRange });
	db.version(1).stores({
		spanChunks: '++id, toMs, *traceIds',
		metricChunks: '++id, toMs, *names',
		logChunks: '++id, toMs, *traceIds',
		chunkMeta: '[kind+id], [kind+toMs]',
		rollups: '[level+startMs]',
		metricRollups: '[level+startMs]',
		metricSeries: 'key, name, service, lastSeenMs',
		resources: 'id, service, lastSeenMs',
		gaps: '++id, toMs',
		meta: 'key'
	});
	db.version(2).stores({ rollups: null, metricRollups: null, rollupParts: '[level+part+startMs]', metricRollupParts: '[level+name+startMs], [level+startMs]' });
	const totals = { span: { rows: 0, items: 0, bytes: 0 }, metric: { rows: 0, items: 0, bytes: 0 }, log: { rows: 0, items: 0, bytes: 0 } };
	for (const [i, spans] of writes.entries()) {
		for (const chunk of toSpanChunks('e1', [batch(i + 1, spans)])) {
			const id = (await db.table('spanChunks').add(chunk)) as number;
			const meta = chunkMetaOf('span', id, chunk);
			await db.table('chunkMeta').put(meta);
			totals.span.rows++;
			totals.span.items += meta.count;
			totals.span.bytes += meta.approxBytes;
		}
	}
	await db.table('meta').bulkPut([
		{ key: 'totals', value: totals },
		{ key: 'cursor', value: { epoch: 'e1', seq: writes.length } }
	]);
	db.close();
}

async function collect(iterable: AsyncIterable<SpanRecord[]>): Promise<SpanRecord[]> {
	const out: SpanRecord[] = [];
	for await (const chunk of iterable) out.push(...chunk);
	return out;
}

async function followed(store: DexieTelemetryStore, afterId: number, options: { transactionsOnly?: boolean; entriesOnly?: boolean }): Promise<SpanRecord[]> {
	const out: SpanRecord[] = [];
	for await (const step of store.spanChunksAfter(afterId, options)) out.push(...step.spans);
	return out;
}

const bySpanId = (a: SpanRecord, b: SpanRecord) => (a.spanId < b.spanId ? -1 : 1);
const sorted = (spans: SpanRecord[]) => [...spans].sort(bySpanId);

describe('DexieTelemetryStore schema 3 upgrade', () => {
	const writes = Array.from({ length: 8 }, (_, i) => mixedTraces({ traces: 60 + i * 10, startMs: t0 + i * 60_000, seconds: 30, seed: 40 + i }));
	const all = writes.flat();
	const range = { fromMs: t0 - 1_000, toMs: t0 + 3_600_000 };

	it('copies the transactions of the newest raw chunks only (the bound), and reads older ones from the raw chunks', async () => {
		const indexedDB = new IDBFactory();
		await versionTwoDatabase('upgrade-bounded', indexedDB, writes);
		const store = new DexieTelemetryStore({ name: 'upgrade-bounded', indexedDB, IDBKeyRange, upgradeFillMaxChunks: 3 });
		try {
			const newestThree = writes.slice(5).flat().filter(isTransaction);
			expect((await store.storageStats()).tables.transactionChunks?.items).toBe(newestThree.length);
			expect(sorted(await collect(store.spanChunks({ ...range, transactionsOnly: true })))).toEqual(sorted(all.filter(isTransaction)));
			expect(sorted(await collect(store.spanChunks({ ...range, entriesOnly: true })))).toEqual(sorted(all.filter((s) => s.parentSpanId === '')));
			// a scan up to the fourth raw chunk reads raw chunks only; the rest follows from the copy
			expect(sorted([...(await collect(store.spanChunks({ ...range, transactionsOnly: true, maxChunkId: 4 }))), ...(await followed(store, 4, { transactionsOnly: true }))])).toEqual(
				sorted(all.filter(isTransaction))
			);
			expect(sorted(await followed(store, 0, { entriesOnly: true }))).toEqual(sorted(all.filter((s) => s.parentSpanId === '')));

			// new writes go to the table; retention then removes the raw chunks read the old way
			const later = mixedTraces({ traces: 50, startMs: t0 + 7_200_000, seconds: 10, seed: 90 });
			await store.writeBatches('e1', [batch(9, later)]);
			await store.updateSettings({ retentionHours: { spans: 1 } });
			for (;;) if ((await store.evictExpired({ nowMs: t0 + 7_200_000 + 60_000 })).done) break;
			expect(sorted(await collect(store.spanChunks({ fromMs: t0, toMs: t0 + 8_000_000, transactionsOnly: true })))).toEqual(sorted(later.filter(isTransaction)));
			expect((await store.storageStats()).tables.transactionChunks?.items).toBe(later.filter(isTransaction).length);
		} finally {
			store.close();
		}
	});

	it('copies every raw chunk when they are fewer than the bound', async () => {
		const indexedDB = new IDBFactory();
		await versionTwoDatabase('upgrade-all', indexedDB, writes);
		const store = new DexieTelemetryStore({ name: 'upgrade-all', indexedDB, IDBKeyRange });
		try {
			expect((await store.storageStats()).tables.transactionChunks?.items).toBe(all.filter(isTransaction).length);
			expect(sorted(await collect(store.spanChunks({ ...range, transactionsOnly: true })))).toEqual(sorted(all.filter(isTransaction)));
			expect(sorted(await followed(store, 2, { transactionsOnly: true }))).toEqual(sorted(writes.slice(2).flat().filter(isTransaction)));
			expect(await store.readCursor()).toEqual({ epoch: 'e1', seq: 8 });
		} finally {
			store.close();
		}
	});
});
