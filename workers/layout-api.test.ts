import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { SpanKind, type LogRecord, type SpanRecord } from '../src/lib/protocol/records';
import { seedDomains } from '../src/lib/domain/business/seed';
import { randomLayeredGraph } from '../src/lib/domain/layout/random-graph';
import type { ElkEngine } from '../src/lib/domain/layout/types';
import { buildTrace, traceBaseUs } from '../src/lib/domain/trace/span-builder';
import { MemoryTelemetryStore } from '../src/lib/io/memory-store';
import { createLayoutApi } from './layout-api';

const elk = new ELK() as unknown as ElkEngine;

function call(from: string, to: string, traceNo: number, atMs: number): SpanRecord[] {
	return buildTrace(
		{
			service: from, name: 'in', kind: SpanKind.Server, startMs: atMs, endMs: atMs + 10,
			children: [{ service: from, name: 'out', kind: SpanKind.Client, startMs: atMs + 1, endMs: atMs + 9, children: [{ service: to, name: 'in', kind: SpanKind.Server, startMs: atMs + 2, endMs: atMs + 8 }] }]
		},
		{ traceNo, firstId: traceNo * 10 }
	);
}

describe('layout worker api', { timeout: 60_000 }, () => {
	it('answers only the newest of overlapping layout requests', async () => {
		const api = createLayoutApi(elk, () => new MemoryTelemetryStore());
		const graph = randomLayeredGraph({ nodes: 20, edges: 30, layers: 3, seed: 1 });
		const [first, second] = await Promise.all([api.layout(1, graph), api.layout(2, graph)]);
		expect(first.status).toBe('superseded');
		expect(second.status).toBe('done');
		if (second.status === 'done') {
			expect(Object.keys(second.layout.nodes)).toHaveLength(20);
			expect(api.quality(second.layout, graph).overlaps).toBe(0);
		}
		expect((await api.layout(3, graph)).status).toBe('done');
	});

	it('folds the map of a past window from the store and diffs two windows', async () => {
		const store = new MemoryTelemetryStore();
		const baseMs = traceBaseUs / 1000;
		const spans = [...call('gw', 'a', 1, 0), ...call('gw', 'a', 2, 60_000), ...call('gw', 'b', 3, 61_000)];
		await store.writeBatches('epoch', [{ seq: 1, receivedMs: baseMs, resources: [], spans, metrics: [], logs: [] }]);
		const api = createLayoutApi(elk, (name) => {
			expect(name).toBe('meridian');
			return store;
		});
		const early = await api.mapForWindow(1, 'meridian', { fromMs: baseMs, toMs: baseMs + 30_000 });
		const late = await api.mapForWindow(2, 'meridian', { fromMs: baseMs + 30_000, toMs: baseMs + 90_000 });
		if (early.status !== 'done' || late.status !== 'done') throw new Error('a fold was superseded');
		expect(early.graph.edges.map((e) => e.id)).toEqual(['svc:gw->svc:a']);
		expect(late.graph.edges.map((e) => e.id).sort()).toEqual(['svc:gw->svc:a', 'svc:gw->svc:b']);
		const diff = api.diff(early.graph, late.graph);
		expect(diff.edges.find((e) => e.id === 'svc:gw->svc:b')!.change).toBe('new');
	});

	it('gives rates per second of the part of the window the device holds spans for', async () => {
		const store = new MemoryTelemetryStore();
		const baseMs = traceBaseUs / 1000;
		// the device collected from baseMs + 60 s: 30 calls over the following 60 s
		const spans = Array.from({ length: 30 }, (_, k) => call('gw', 'a', k + 1, 60_000 + k * 2_000)).flat();
		await store.writeBatches('epoch', [{ seq: 1, receivedMs: baseMs, resources: [], spans, metrics: [], logs: [] }]);
		const api = createLayoutApi(elk, () => store);
		const rate = async (fromMs: number, toMs: number) => {
			const reply = await api.mapForWindow(1, 'x', { fromMs, toMs });
			if (reply.status !== 'done') throw new Error('superseded');
			return { perSec: reply.graph.edges.find((e) => e.id === 'svc:gw->svc:a')!.figures.requestsPerSec, fromMs: reply.graph.fromUs / 1000 };
		};
		// a 2-minute window of which the device holds the second minute (from its first chunk,
		// whose spans end 8-10 ms after the first call starts): 30 calls in 60 s
		const partial = await rate(baseMs, baseMs + 120_000);
		expect(partial.fromMs - baseMs).toBeGreaterThanOrEqual(60_000);
		expect(partial.fromMs - baseMs).toBeLessThanOrEqual(60_010);
		expect(partial.perSec).toBeCloseTo(0.5, 3);
		// a window inside what is held keeps its own length: 25 calls (from 70 s) in 120 s
		expect(await rate(baseMs + 70_000, baseMs + 190_000)).toEqual({ perSec: 25 / 120, fromMs: baseMs + 70_000 });
	});

	it("answers each service's domain from the traces and from the designer's mapping, and its platform events", async () => {
		const store = new MemoryTelemetryStore();
		const baseMs = traceBaseUs / 1000;
		const spans = Array.from({ length: 6 }, (_, k) => call('gw', 'a', k + 1, k * 1_000)).flat();
		for (const span of spans) if (span.parentSpanId === '') span.attrs = { 'biz.domain': 'deposits' };
		const event = (atMs: number, reason: string, service: string): LogRecord => ({
			resourceId: 'events', service: 'k8s-events', instance: 'events', timeUs: (baseMs + atMs) * 1000, severity: 13, body: `${reason} on ${service}`,
			attrs: { 'k8s.event.reason': reason, 'k8s.event.type': 'Warning', 'service.name': service }, traceId: '', spanId: '', eventName: 'k8s.event'
		});
		await store.writeBatches('epoch', [{ seq: 1, receivedMs: baseMs, resources: [], spans, metrics: [], logs: [event(500, 'OOMKilled', 'a'), event(90_000, 'BackOff', 'a')] }]);
		const api = createLayoutApi(elk, () => store);
		const designer = {
			domains: [...seedDomains],
			transactions: [{ id: 'a-calls', domainId: 'lending', name: 'A', rule: { kind: 'all' as const, conditions: [{ kind: 'test' as const, field: 'service' as const, op: 'equals' as const, value: 'a' }] } }]
		};
		const reply = await api.mapForWindow(1, 'x', { fromMs: baseMs, toMs: baseMs + 30_000 }, { designer });
		if (reply.status !== 'done') throw new Error('superseded');
		expect(reply.domains).toEqual({ gw: 'deposits', a: 'deposits' });
		expect(reply.mappedDomains).toEqual({ gw: 'lending', a: 'lending' });
		// only the window's event
		expect(reply.events.a).toMatchObject({ count: 1, warnings: 1, byCategory: { oom: 1 } });
		expect(reply.events.a.recent.map((e) => e.message)).toEqual(['OOMKilled on a']);
		expect(reply.eventsTruncated).toBe(false);
		const plain = await api.mapForWindow(2, 'x', { fromMs: baseMs, toMs: baseMs + 30_000 });
		expect(plain.status === 'done' && plain.mappedDomains).toEqual({});
	});

	it('stops a fold overtaken by a newer one', async () => {
		const store = new MemoryTelemetryStore();
		const baseMs = traceBaseUs / 1000;
		const batches = Array.from({ length: 5 }, (_, k) => ({ seq: k + 1, receivedMs: baseMs, resources: [], spans: call('gw', 'a', k + 1, k * 1000), metrics: [], logs: [] }));
		await store.writeBatches('epoch', batches);
		const api = createLayoutApi(elk, () => store);
		const window = { fromMs: baseMs, toMs: baseMs + 10_000 };
		const [first, second] = await Promise.all([api.mapForWindow(1, 'x', window), api.mapForWindow(2, 'x', window)]);
		expect(first.status).toBe('superseded');
		expect(second.status).toBe('done');
	});
});
