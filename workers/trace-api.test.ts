import { describe, expect, it } from 'vitest';
import { SpanKind } from '../src/lib/protocol/records';
import { buildTrace, type SpanSpec } from '../src/lib/domain/trace/span-builder';
import { analysisBuffers, traceApi } from './trace-api';

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
});
