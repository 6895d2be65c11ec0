import { describe, expect, it } from 'vitest';
import type { SpanRecord, TelemetryBatch } from '../protocol/records';
import { randomSpans } from '../domain/telemetry/test-spans';
import { chunkSpans, toSpanChunkDrafts } from './chunks';
import { chunkMaxRecords } from './telemetry-store';

const t0 = 1_700_000_040_000;

function batchOf(seq: number, spans: SpanRecord[], metrics = 0): TelemetryBatch {
	const metricPoints = Array.from({ length: metrics }, (_, i) => ({ resourceId: 'r', service: 's', instance: 'i', name: 'm', unit: '1', type: 'gauge' as const, timeUs: (t0 + i) * 1000, attrs: {}, value: i }));
	return { seq, receivedMs: t0, resources: [], spans, metrics: metricPoints, logs: [] };
}

/** Batches as the stream client hands them over: parsed from their text, with the text. */
function wire(batches: TelemetryBatch[]): { batches: TelemetryBatch[]; texts: string[] } {
	const texts = batches.map((b) => JSON.stringify(b));
	return { batches: texts.map((t) => JSON.parse(t) as TelemetryBatch), texts };
}

const ids = (spans: SpanRecord[]) => spans.map((s) => s.spanId).sort();

describe('span chunks with batch texts', () => {
	it('keeps span-only batches as their text, packed up to the chunk bound, and reads back the same spans', () => {
		const spans = randomSpans({ count: 1_500, startMs: t0, seconds: 60, seed: 11 });
		const { batches, texts } = wire([batchOf(1, spans.slice(0, 400)), batchOf(2, spans.slice(400, 900)), batchOf(3, spans.slice(900, 1_500))]);
		const drafts = toSpanChunkDrafts('e', batches, texts);
		// 400 + 500 fit one chunk; 600 more would pass 1,000, so the third batch starts a chunk
		expect(drafts.map((d) => d.chunk.count)).toEqual([900, 600]);
		expect(drafts.map((d) => d.chunk.batchTexts?.length)).toEqual([2, 1]);
		expect(drafts.map((d) => d.chunk.spans.length)).toEqual([0, 0]);
		expect(drafts.map((d) => [d.chunk.seqFrom, d.chunk.seqTo])).toEqual([[1, 2], [3, 3]]);
		for (const d of drafts) {
			const back = chunkSpans(structuredClone(d.chunk));
			expect(back).toEqual(d.spans);
			expect(d.chunk.traceIds.sort()).toEqual([...new Set(d.spans.map((s) => s.traceId))].sort());
			const endsMs = d.spans.map((s) => (s.startUs + s.durationUs) / 1000);
			expect(d.chunk.fromMs).toBe(Math.min(...endsMs));
			expect(d.chunk.toMs).toBe(Math.max(...endsMs));
			expect(d.chunk.approxBytes).toBe(d.chunk.batchTexts!.reduce((n, t) => n + t.length, 0));
		}
		expect(ids(drafts.flatMap((d) => chunkSpans(d.chunk)))).toEqual(ids(spans));
	});

	it('keeps spans as objects for batches without text, larger than a chunk, or carrying metrics', () => {
		const spans = randomSpans({ count: 3_000, startMs: t0, seconds: 60, seed: 12 });
		const { batches, texts } = wire([batchOf(1, spans.slice(0, 100)), batchOf(2, spans.slice(100, 1_600)), batchOf(3, spans.slice(1_600, 1_700), 5), batchOf(4, spans.slice(1_700, 1_800))]);
		const given = [undefined, texts[1], texts[2], texts[3]];
		const drafts = toSpanChunkDrafts('e', batches, given);
		for (const d of drafts) expect(d.chunk.count).toBeLessThanOrEqual(chunkMaxRecords);
		const fromText = drafts.flatMap((d) => d.chunk.batchTexts ?? []);
		// only batch 4 qualifies: 1 has no text, 2 holds 1,500 spans, 3 carries metric points
		expect(fromText).toEqual([texts[3]]);
		expect(drafts.reduce((n, d) => n + d.chunk.spans.length, 0)).toBe(1_700);
		expect(ids(drafts.flatMap((d) => chunkSpans(d.chunk)))).toEqual(ids(spans.slice(0, 1_800)));
		for (const d of drafts) expect(ids(chunkSpans(d.chunk))).toEqual(ids(d.spans));
	});

	it('stores every span as an object when no texts are given (as before)', () => {
		const spans = randomSpans({ count: 2_500, startMs: t0, seconds: 60, seed: 13 });
		const drafts = toSpanChunkDrafts('e', [batchOf(1, spans.slice(0, 1_200)), batchOf(2, spans.slice(1_200))]);
		expect(drafts.map((d) => d.chunk.count)).toEqual([1_000, 1_000, 500]);
		expect(drafts.every((d) => d.chunk.batchTexts === undefined)).toBe(true);
		expect(drafts.map((d) => [d.chunk.seqFrom, d.chunk.seqTo])).toEqual([[1, 1], [1, 2], [2, 2]]);
	});
});
