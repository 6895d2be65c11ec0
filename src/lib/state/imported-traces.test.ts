import { describe, expect, it } from 'vitest';
import { StatusCode, type LogRecord } from '$lib/protocol/records';
import { buildTrace } from '$lib/domain/trace/span-builder';
import { ImportedTraces, maxImportedSpans } from './imported-traces';

const log = (traceId: string, spanId: string, body: string): LogRecord => ({ resourceId: 'r', service: 's', instance: 'i', timeUs: 1, severity: 17, body, attrs: {}, traceId, spanId });

describe('imported traces', () => {
	it('holds traces from files by id, replaces a re-imported one, and forgets the oldest past the bound', () => {
		const registry = new ImportedTraces();
		const a = buildTrace({ service: 's', name: 'a', startMs: 0, endMs: 1 }, { traceNo: 1 });
		const b = buildTrace({ service: 's', name: 'b', startMs: 0, endMs: 1, error: true }, { traceNo: 2 });
		expect(registry.add({ spans: [...b, ...a], logs: [log(a[0].traceId, a[0].spanId, 'x')], resources: [] }, 'f.json')).toHaveLength(2);
		expect(registry.get(a[0].traceId)!.logs).toHaveLength(1);
		registry.add({ spans: b.map((s) => ({ ...s, status: StatusCode.Ok })), logs: [], resources: [] }, 'g.json');
		expect(registry.get(b[0].traceId)!.source).toBe('g.json');
		expect(registry.idsFrom('f.json')).toEqual([a[0].traceId]);
		expect(registry.spanCount).toBe(2);
		const big = Array.from({ length: maxImportedSpans }, (_, k) => ({ ...a[0], traceId: 'f'.repeat(32), spanId: k.toString(16).padStart(16, '0') }));
		registry.add({ spans: big, logs: [], resources: [] }, 'big.json');
		expect(registry.get(a[0].traceId)).toBeUndefined();
		expect(registry.get(b[0].traceId)).toBeUndefined();
		expect(registry.forgotten).toBe(2);
		expect(registry.spanCount).toBe(maxImportedSpans);
	});
});
