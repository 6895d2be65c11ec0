import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { randomSpans } from '../domain/telemetry/test-spans';
import type { TelemetryBatch } from '../protocol/records';
import { DexieTelemetryStore } from './dexie-store';
import { jsonExact } from './span-codec';
import { batch, runTelemetryStoreContract, t0, type ContractHarness } from './telemetry-store.contract';
import { runTransactionsContract } from './transactions.contract';

let dbCounter = 0;

/**
 * `wireTexts`: every write comes as the stream client hands it over, each batch with the JSON
 * text it was parsed from, so span chunks hold batch texts where they may (chunks.ts).
 */
const harness = (wireTexts: boolean) => async (): Promise<ContractHarness> => {
	const indexedDB = new IDBFactory();
	const name = 'contract-' + ++dbCounter;
	let now = Date.now();
	let fault: 'quota' | 'cursor' | undefined;
	const open = () => {
		const store = new DexieTelemetryStore({ name, indexedDB, IDBKeyRange, clock: { now: () => now } });
		if (wireTexts) {
			const write = store.writeBatches.bind(store);
			// a stream's text never holds NaN, ±Infinity or -0: batches with such spans come as objects
			store.writeBatches = (epoch, batches) => {
				const texts = batches.map((b) => (jsonExact(b.spans) && b.metrics.length + b.logs.length === 0 ? JSON.stringify(b) : undefined));
				return write(epoch, batches.map((b, i) => (texts[i] ? (JSON.parse(texts[i]) as TelemetryBatch) : b)), texts);
			};
		}
		// fault injection as DBCore middleware: a write fails like the browser's would
		store.db.use({
			stack: 'dbcore',
			name: 'test-faults',
			create: (down) => ({
				...down,
				table: (tableName) => {
					const table = down.table(tableName);
					return {
						...table,
						mutate: (req) => {
							if (fault === 'quota') {
								fault = undefined;
								return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
							}
							if (fault === 'cursor' && tableName === 'meta' && req.type === 'put' && req.values.some((v: { key?: string }) => v.key === 'cursor')) {
								fault = undefined;
								return Promise.reject(new Error('cursor write failed'));
							}
							return table.mutate(req);
						}
					};
				}
			})
		});
		return store;
	};
	let store = open();
	const opened: DexieTelemetryStore[] = [store];
	return {
		store,
		reopen: async () => {
			store.close();
			store = open();
			opened.push(store);
			return store;
		},
		arm: (f) => (fault = f),
		setNow: (ms) => (now = ms),
		dispose: async () => opened.forEach((s) => s.close())
	};
};

runTelemetryStoreContract('DexieTelemetryStore', harness(false));
runTransactionsContract('DexieTelemetryStore', harness(false));
runTelemetryStoreContract('DexieTelemetryStore with batch texts', harness(true));
runTransactionsContract('DexieTelemetryStore with batch texts', harness(true));

describe('DexieTelemetryStore batch texts', () => {
	it('stores a batch given with its text as that text, and reads the same spans back', async () => {
		const store = new DexieTelemetryStore({ name: 'texts-' + ++dbCounter, indexedDB: new IDBFactory(), IDBKeyRange });
		try {
			const spans = randomSpans({ count: 300, startMs: t0, seconds: 30, seed: 21 });
			const text = JSON.stringify(batch(1, spans));
			await store.writeBatches('e1', [JSON.parse(text) as TelemetryBatch], [text]);
			const [record] = await store.db.spanChunks.toArray();
			expect(record.batchTexts).toEqual([text]);
			expect(record.spans).toEqual([]);
			const byTrace = await store.traceSpans(spans[0].traceId);
			expect(byTrace).toEqual(spans.filter((s) => s.traceId === spans[0].traceId).sort((a, b) => a.startUs - b.startUs));
			const followed = [];
			for await (const step of store.spanChunksAfter(0)) followed.push(...step.spans);
			expect(followed).toEqual(spans);
		} finally {
			store.close();
		}
	});
});
