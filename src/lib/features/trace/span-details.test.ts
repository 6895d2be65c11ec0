import { describe, expect, it } from 'vitest';
import { SpanKind, StatusCode, type LogRecord } from '$lib/protocol/records';
import { analyzeTrace } from '$lib/domain/trace/analyze';
import { buildTrace } from '$lib/domain/trace/span-builder';
import { ImportedTraces, maxImportedSpans } from './imported-traces';
import { spanDetails, traceLevelLogs } from './span-details';

const spans = buildTrace({
	service: 'transfer', name: 'POST /v1/transfers', kind: SpanKind.Server, startMs: 0, endMs: 100,
	children: [{
		service: 'transfer', name: 'SELECT transfer_limit', kind: SpanKind.Client, startMs: 10, endMs: 90, error: true,
		attrs: { 'db.system.name': 'mysql', 'db.namespace': 'deposits', 'db.query.text': "SELECT daily_limit_krw FROM transfer_limit WHERE customer_id = 'C-1042' AND limit_date = '2026-11-25'", 'server.port': 3306 }
	}]
});
spans[1].events = [{ timeUs: spans[1].startUs + 2_000, name: 'exception', attrs: { 'exception.type': 'SQLTimeoutException' } }];
spans[1].statusMessage = 'lock wait timeout';
const log = (spanId: string, body: string): LogRecord => ({ resourceId: 'r', service: 'transfer', instance: 'i', timeUs: spans[0].startUs, severity: 17, body, attrs: {}, traceId: spans[0].traceId, spanId });

describe('span details', () => {
	it('shows the statement masked, never the raw text, with timing from the analysis', () => {
		const analysis = analyzeTrace(spans);
		const logs = [log(spans[1].spanId, 'timeout'), log('', 'trace-level'), log(spans[0].spanId, 'other span')];
		const d = spanDetails(spans, analysis, 1, logs, spans[0].startUs);
		expect(d.statement).toBe('SELECT daily_limit_krw FROM transfer_limit WHERE customer_id = ? AND limit_date = ?');
		expect(d.attributes.map((a) => a.key)).toEqual(['db.namespace', 'db.system.name', 'server.port']);
		expect(JSON.stringify(d)).not.toContain('C-1042');
		expect(d).toMatchObject({ role: 'database', startOffsetUs: 10_000, durationUs: 80_000, selfUs: 80_000, criticalUs: 80_000, error: true, statusMessage: 'lock wait timeout' });
		expect(d.events).toEqual([{ offsetUs: 2_000, name: 'exception', attributes: [{ key: 'exception.type', value: 'SQLTimeoutException' }] }]);
		expect(d.logs.map((l) => l.body)).toEqual(['timeout']);
		expect(traceLevelLogs(spans, logs).map((l) => l.body)).toEqual(['trace-level']);
		expect(spanDetails(spans, analysis, 0, logs, spans[0].startUs).statement).toBeUndefined();
	});
});

describe('imported traces', () => {
	it('holds traces from files by id, replaces a re-imported one, and forgets the oldest past the bound', () => {
		const registry = new ImportedTraces();
		const a = buildTrace({ service: 's', name: 'a', startMs: 0, endMs: 1 }, { traceNo: 1 });
		const b = buildTrace({ service: 's', name: 'b', startMs: 0, endMs: 1, error: true }, { traceNo: 2 });
		expect(registry.add({ spans: [...b, ...a], logs: [log(a[0].spanId, 'x')].map((l) => ({ ...l, traceId: a[0].traceId })), resources: [] }, 'f.json')).toHaveLength(2);
		expect(registry.get(a[0].traceId)!.logs).toHaveLength(1);
		registry.add({ spans: b.map((s) => ({ ...s, status: StatusCode.Ok })), logs: [], resources: [] }, 'g.json');
		expect(registry.get(b[0].traceId)!.source).toBe('g.json');
		expect(registry.spanCount).toBe(2);
		const big = Array.from({ length: maxImportedSpans }, (_, k) => ({ ...a[0], traceId: 'f'.repeat(32), spanId: k.toString(16).padStart(16, '0') }));
		registry.add({ spans: big, logs: [], resources: [] }, 'big.json');
		expect(registry.get(a[0].traceId)).toBeUndefined();
		expect(registry.get(b[0].traceId)).toBeUndefined();
		expect(registry.forgotten).toBe(2);
		expect(registry.spanCount).toBe(maxImportedSpans);
	});
});
