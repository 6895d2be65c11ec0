import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { createInsightApi } from '../../../workers/insight-api';
import type { LiveSnapshot } from '../domain/telemetry/live-snapshot';
import { createInsightClient, streamCaughtUp, type InsightPageClient } from './insight-client';

/** The worker API exposed over an in-process message channel, as comlink sees a Worker. */
function inProcessWorker(api: object): () => Worker {
	return () => {
		const { port1, port2 } = new MessageChannel();
		Comlink.expose(api, port2);
		return Object.assign(port1, { terminate: () => port1.close() }) as unknown as Worker;
	};
}

const locate = { model: () => ({ name: 'no-such-model', localModelPath: '/nowhere/' }), checkUrl: () => 'http://127.0.0.1:9/none.json' };
let client: InsightPageClient | undefined;
afterEach(() => client?.close());

describe('insight page client', () => {
	it('keeps only the newest of two imports and analyses the kept one', async () => {
		client = createInsightClient(inProcessWorker(createInsightApi()), locate);
		const csv = (name: string) => [`time,${name}`, ...Array.from({ length: 200 }, (_, i) => `${1_700_000_000 + i * 60},${i % 10}`)].join('\n');
		const [older, newer] = await Promise.all([client.importFile('a.csv', csv('a')), client.importFile('b.csv', csv('b'))]);
		expect(older.status).toBe('superseded');
		expect(newer).toMatchObject({ status: 'done', value: { fileName: 'b.csv', series: [{ name: 'b', points: 200 }] } });
		const analysis = await client.analyseImported(0);
		expect(analysis.status === 'done' && analysis.value.name).toBe('b');
	});

	it('answers failures with their message instead of rejecting', async () => {
		client = createInsightClient(inProcessWorker({ analyseImported: () => Promise.reject(new Error('No imported series 0: import a file first.')) }), locate);
		expect(await client.analyseImported(0)).toEqual({ status: 'failed', message: 'No imported series 0: import a file first.' });
		const check = await createInsightClient(inProcessWorker(createInsightApi()), locate).checkModel();
		expect(check.status === 'done' && check.value.status).toBe('failed');
	});
});

describe('insights host start-up gate', () => {
	const at = (connection: Partial<LiveSnapshot['connection']>, queuedBatches = 0) => ({
		connection: { state: 'connected' as const, demo: false, sinceMs: 0, epoch: 'e', lastSeq: 0, relayLastSeq: 0, ...connection },
		ingest: { queuedBatches, queuedRecords: 0, maxQueuedRecords: 100_000, paused: false, spansPerSec: 0, writtenSpans: 0, writtenBatches: 0, overflowedEndpoints: 0, overflowedInstances: 0 }
	});
	it('waits while the relay holds batches not yet written, or some are queued', () => {
		expect(streamCaughtUp(at({ lastSeq: 120, relayLastSeq: 400 }))).toBe(false);
		expect(streamCaughtUp(at({ lastSeq: 400, relayLastSeq: 400 }, 2))).toBe(false);
		expect(streamCaughtUp(at({ state: 'reconnecting', lastSeq: 400, relayLastSeq: 400 }))).toBe(false);
		expect(streamCaughtUp(at({ lastSeq: 400, relayLastSeq: 400 }))).toBe(true);
		expect(streamCaughtUp(at({ lastSeq: 0, relayLastSeq: 0 }))).toBe(true);
	});
});
