import { describe, expect, it } from 'vitest';
import { SpanKind, type LogRecord } from '$lib/protocol/records';
import { analyzeTrace } from '$lib/domain/trace/analyze';
import { buildTrace } from '$lib/domain/trace/span-builder';
import { spanDetails } from './span-details';

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
		const d = spanDetails(spans[1], 1, analysis, logs, spans[0].startUs);
		expect(d.statement).toBe('SELECT daily_limit_krw FROM transfer_limit WHERE customer_id = ? AND limit_date = ?');
		expect(d.attributes.map((a) => a.key)).toEqual(['db.namespace', 'db.system.name', 'server.port']);
		expect(JSON.stringify(d)).not.toContain('C-1042');
		expect(d).toMatchObject({ role: 'database', startOffsetUs: 10_000, durationUs: 80_000, selfUs: 80_000, criticalUs: 80_000, error: true, statusMessage: 'lock wait timeout' });
		expect(d.events).toEqual([{ offsetUs: 2_000, name: 'exception', attributes: [{ key: 'exception.type', value: 'SQLTimeoutException' }] }]);
		expect(d.logs.map((l) => l.body)).toEqual(['timeout']);
		expect(spanDetails(spans[0], 0, analysis, logs, spans[0].startUs).statement).toBeUndefined();
	});
});
