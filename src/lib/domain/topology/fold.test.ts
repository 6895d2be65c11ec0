import { describe, expect, it } from 'vitest';
import { SpanKind, type SpanRecord } from '../../protocol/records';
import { buildTrace, traceBaseUs } from '../trace/span-builder';
import { foldTopology } from './fold';

async function* chunksOf(spans: SpanRecord[], size: number): AsyncIterable<SpanRecord[]> {
	for (let i = 0; i < spans.length; i += size) yield spans.slice(i, i + size);
}

describe('foldTopology', () => {
	const spans = buildTrace({
		service: 'gw', name: 'in', kind: SpanKind.Server, startMs: 0, endMs: 100,
		children: [{ service: 'gw', name: 'out', kind: SpanKind.Client, startMs: 5, endMs: 95, children: [{ service: 'a', name: 'in', kind: SpanKind.Server, startMs: 10, endMs: 90 }] }]
	});
	const baseMs = traceBaseUs / 1000;

	it('pairs across a window edge but counts only what ends inside the window', async () => {
		// the window ends between the server's end (90 ms) and the client's (95 ms)
		const graph = await foldTopology({ chunks: chunksOf(spans, 1) }, { fromMs: baseMs, toMs: baseMs + 92 });
		expect(graph.edges).toEqual([]);
		const a = graph.nodes.find((n) => n.id === 'svc:a')!;
		expect(a.figures.requests).toBe(1);
		expect(a.entryRequests).toBe(0);
		expect(graph.cancelled).toBe(false);
	});

	it('stops between chunks when cancelled', async () => {
		let reads = 0;
		const signal = { get aborted() { return reads >= 1; } };
		async function* counted() {
			for await (const c of chunksOf(spans, 1)) {
				reads++;
				yield c;
			}
		}
		const graph = await foldTopology({ chunks: counted() }, { fromMs: baseMs, toMs: baseMs + 1000, signal });
		expect(graph.cancelled).toBe(true);
		expect(reads).toBe(1);
		expect(graph.nodes).toEqual([]);
	});
});
