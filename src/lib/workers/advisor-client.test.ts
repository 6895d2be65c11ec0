import ELK from 'elkjs/lib/elk.bundled.js';
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdvisorApi } from '../../../workers/advisor-api';
import { createLayoutApi } from '../../../workers/layout-api';
import type { ElkEngine } from '../domain/layout/types';
import { MemoryTelemetryStore } from '../io/memory-store';
import { SpanFactory } from '../../../test/fixtures/advisor/spans';
import { createAdvisorClient, type AdvisorClient, type ReadProgress } from './advisor-client';

/** The worker APIs exposed over in-process message channels, as comlink sees a Worker. */
function inProcessWorker(api: object): () => Worker {
	return () => {
		const { port1, port2 } = new MessageChannel();
		Comlink.expose(api, port2);
		return Object.assign(port1, { terminate: () => port1.close() }) as unknown as Worker;
	};
}

async function storeWithMonolith(): Promise<MemoryTelemetryStore> {
	const f = new SpanFactory();
	for (let i = 0; i < 3; i++) {
		const root = f.entry('core', 'POST /x', i * 10_000, 5_000, { attrs: { 'biz.transaction': 'transfer' } });
		const a = f.internal(root, 'A.run', i * 10_000 + 10, 4_000, { 'code.namespace': 'A', 'code.function': 'run' });
		f.internal(a, 'B.save', i * 10_000 + 20, 1_000, { 'code.namespace': 'B', 'code.function': 'save' });
	}
	const store = new MemoryTelemetryStore();
	await store.writeBatches('e', [{ seq: 1, receivedMs: 0, resources: [], spans: f.spans, metrics: [], logs: [] }]);
	return store;
}

let client: AdvisorClient | undefined;
afterEach(() => client?.close());

describe('advisor client', () => {
	it('reads a window with progress, keeps only the newest of two reads, and decomposes what it read', async () => {
		const store = await storeWithMonolith();
		const elk = new ELK() as unknown as ElkEngine;
		client = createAdvisorClient({
			advisor: inProcessWorker(createAdvisorApi(() => store)),
			layout: inProcessWorker(createLayoutApi(elk, () => store))
		});
		const progress: ReadProgress[] = [];
		const [older, newer] = await Promise.all([
			client.readWindow({ dbName: 'm', fromMs: 0, toMs: 10 }),
			client.readWindow({ dbName: 'm', fromMs: 0, toMs: 100 }, (p) => progress.push(p))
		]);
		expect(older.status).toBe('superseded');
		expect(newer).toMatchObject({ status: 'done', read: { spans: 9, monoliths: [{ service: 'core', classes: 2 }] } });
		await expect.poll(() => progress.at(-1)?.spans).toBe(9);

		const proposal = await client.decompose({ kind: 'window', service: 'core' }, { k: 2 });
		if (proposal.status !== 'done' || !proposal.drawing) throw new Error(proposal.status);
		const laid = await client.layout({ nodes: proposal.drawing.nodes.map((n) => ({ id: n.id, widthPx: 60, heightPx: 20 })), edges: proposal.drawing.edges });
		expect(laid.status === 'done' && Object.keys(laid.layout.nodes).sort()).toEqual(['c:0', 'c:1']);
	});

	it('answers a worker that throws with its message instead of rejecting', async () => {
		client = createAdvisorClient({
			advisor: inProcessWorker({ decomposeSource: () => Promise.reject(new Error('out of memory')) }),
			layout: inProcessWorker({})
		});
		expect(await client.decompose({ kind: 'csv' }, {})).toEqual({ status: 'failed', message: 'out of memory' });
	});
});
