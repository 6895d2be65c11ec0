import { describe, expect, it } from 'vitest';
import { SpanKind } from '../src/lib/protocol/records';
import { buildTrace, traceBaseUs, type SpanSpec } from '../src/lib/domain/trace/span-builder';
import { MemoryTelemetryStore } from '../src/lib/io/memory-store';
import { analysisBuffers, createTraceApi, traceApi } from './trace-api';

const spec = (selectMs: number): SpanSpec => ({
	service: 'gateway', name: 'GET /accounts', kind: SpanKind.Server, startMs: 0, endMs: selectMs + 20,
	children: [{ service: 'gateway', name: 'SELECT', kind: SpanKind.Client, startMs: 10, endMs: 10 + selectMs, attrs: { 'db.system': 'mysql', 'db.query.text': "SELECT * FROM a WHERE id = 7" } }]
});

describe('trace worker api', () => {
	it('analyses a trace and hands every column buffer over for transfer', () => {
		const spans = buildTrace(spec(30));
		const analysis = traceApi.analyze(spans);
		expect(analysis.breakdown.byTier.database.criticalUs).toBe(30_000);
		const buffers = analysisBuffers(analysis);
		expect(buffers).toHaveLength(10);
		expect(buffers.every((b) => b instanceof ArrayBuffer)).toBe(true);
		expect(new Set(buffers).size).toBe(10);
	});

	it('compares against similar traces, masks statements and searches', () => {
		const similar = Array.from({ length: 10 }, (_, k) => buildTrace(spec(10), { traceNo: k + 2 }));
		const result = traceApi.compare(buildTrace(spec(300)), similar);
		expect(result.paths[0]).toMatchObject({ name: 'SELECT', change: 'slower' });
		expect(traceApi.maskStatements(["SELECT 1, 'x'"])).toEqual(['SELECT ?, ?']);
		const found = traceApi.search([...similar, buildTrace(spec(300), { traceNo: 99 })], { minDurationUs: 100_000 });
		expect(found.map((f) => f.index)).toEqual([10]);
		expect(found[0].summary.durationUs).toBe(320_000);
	});

	it('reads a trace and its similar traces from the store', async () => {
		const store = new MemoryTelemetryStore();
		const spans = [...Array.from({ length: 12 }, (_, k) => buildTrace({ ...spec(10), startMs: k * 1000, endMs: k * 1000 + 30, children: [{ ...spec(10).children![0], startMs: k * 1000 + 10, endMs: k * 1000 + 20 }] }, { traceNo: k + 1 })).flat()];
		const slow = buildTrace({ ...spec(300), startMs: 20_000, endMs: 20_320, children: [{ ...spec(300).children![0], startMs: 20_010, endMs: 20_310 }] }, { traceNo: 99 });
		await store.writeBatches('e', [{ seq: 1, receivedMs: 0, resources: [], spans: [...spans, ...slow], metrics: [], logs: [] }]);
		const api = createTraceApi(() => store);
		const { spans: read, analysis } = await api.analyzeStored('db', slow[0].traceId);
		expect(read).toHaveLength(2);
		expect(analysis.breakdown.totalUs).toBe(320_000);
		const baseMs = traceBaseUs / 1000;
		const comparison = await api.compareStored('db', slow[0].traceId, { fromMs: baseMs, toMs: baseMs + 60_000, maxTraces: 10 });
		expect(comparison.baselineTraces).toBe(10);
		expect(comparison.paths[0]).toMatchObject({ name: 'SELECT', change: 'slower', baselineDurationUs: 10_000 });
	});

	it('searches stored traces, lists a service\'s slowest transactions, and exports what it read', async () => {
		const store = new MemoryTelemetryStore();
		const baseMs = traceBaseUs / 1000;
		const traces = Array.from({ length: 12 }, (_, k) =>
			buildTrace({ ...spec(10 * (k + 1)), startMs: k * 1000, endMs: k * 1000 + 10 * (k + 1) + 20, children: [{ ...spec(10).children![0], startMs: k * 1000 + 10, endMs: k * 1000 + 10 + 10 * (k + 1) }] }, { traceNo: k + 1 })
		);
		const logs = [{ resourceId: traces[3][0].resourceId, service: 'gateway', instance: 'gateway-1', timeUs: traces[3][0].startUs + 1, severity: 17, body: 'slow', attrs: {}, traceId: traces[3][0].traceId, spanId: traces[3][0].spanId }];
		await store.writeBatches('e', [{ seq: 1, receivedMs: 0, resources: [], spans: traces.flat(), metrics: [], logs }]);
		const api = createTraceApi(() => store);
		const window = { fromMs: baseMs, toMs: baseMs + 60_000 };
		const found = await api.searchStored(1, 'db', window, { minDurationUs: 100_000 });
		if (found.status !== 'done') throw new Error('superseded');
		expect(found.total).toBe(5);
		expect(found.hits.map((h) => h.durationUs)).toEqual([140_000, 130_000, 120_000, 110_000, 100_000]);
		const [older, newer] = await Promise.all([api.searchStored(2, 'db', window, {}), api.searchStored(3, 'db', window, {})]);
		expect(older.status).toBe('superseded');
		expect(newer.status === 'done' && newer.total).toBe(12);

		const slowest = await api.slowestStored('db', window, 'gateway', 3);
		expect(slowest.map((t) => t.durationMs)).toEqual([140, 130, 120]);

		const file = await api.exportTrace('db', traces[3][0].traceId);
		const read = traceApi.readFile(file, 0);
		expect(read.spans.map((s) => s.spanId).sort()).toEqual(traces[3].map((s) => s.spanId).sort());
		expect(read.logs.map((l) => l.body)).toEqual(['slow']);
		expect(await api.exportTrace('db', 'f'.repeat(32))).toBe('');
		const all = await api.exportWindow('db', window, { maxSpans: 10 });
		expect(all).toMatchObject({ spans: 10, logs: 1, truncated: true });
		expect(traceApi.readFile(all.text, 0).spans).toHaveLength(10);

		const imported = await api.compareSpans('db', buildTrace({ ...spec(300), startMs: 50_000, endMs: 50_320 }, { traceNo: 77 }), { fromMs: baseMs, toMs: baseMs + 60_000 });
		expect(imported.baselineTraces).toBe(12);
	});

	it('opens a stored trace as columns, keeps its spans, and answers details and breakdown from them', async () => {
		const store = new MemoryTelemetryStore();
		const spans = buildTrace(spec(30));
		await store.writeBatches('e', [{ seq: 1, receivedMs: 0, resources: [], spans, metrics: [], logs: [] }]);
		const api = createTraceApi(() => store);
		const opened = await api.openStored(1, 'db', spans[0].traceId);
		if (opened.status !== 'done') throw new Error(opened.status);
		expect(opened.rows.text).toEqual(['gateway', 'GET /accounts', 'SELECT']);
		expect(opened.criticalPath.criticalUs[1]).toBe(30_000);
		expect(api.span(opened.key, 1)!.attrs['db.query.text']).toBe('SELECT * FROM a WHERE id = 7');
		expect(api.breakdown(opened.key)!.byTier.database.criticalUs).toBe(30_000);
		expect(api.breakdown('db:unknown')).toBeUndefined();
		expect((await api.openStored(2, 'db', 'f'.repeat(32))).status).toBe('notFound');
		const [older, newer] = await Promise.all([api.openStored(3, 'db', spans[0].traceId), api.openStored(4, 'db', spans[0].traceId)]);
		expect([older.status, newer.status]).toEqual(['superseded', 'done']);
		const imported = api.openSpans(5, 'file:x', buildTrace(spec(50), { traceNo: 9 }));
		expect(imported.status === 'done' && imported.traceId).toBe(buildTrace(spec(50), { traceNo: 9 })[0].traceId);
		const compared = await api.compareHeld('db', 'file:x', { fromMs: 0, toMs: Number.MAX_SAFE_INTEGER });
		expect(compared!.baselineTraces).toBe(1);
	});
});
