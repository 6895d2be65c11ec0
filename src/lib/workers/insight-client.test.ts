import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { createInsightApi } from '../../../workers/insight-api';
import { createInsightClient, type InsightPageClient } from './insight-client';

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
