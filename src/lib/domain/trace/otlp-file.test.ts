import { describe, expect, it } from 'vitest';
import { SpanKind, StatusCode, type LogRecord, type ResourceRecord, type SpanRecord } from '../../protocol/records';
import { microsToNanos, readOtlpFile, toOtlpTraces, writeOtlpFile } from './otlp-file';
import { buildTrace } from './span-builder';

const spans: SpanRecord[] = buildTrace({
	service: 'api-gateway', name: 'POST /transfer', kind: SpanKind.Server, startMs: 0, endMs: 120,
	attrs: { 'biz.amount_krw': 1_250_000, 'biz.domain': 'deposits', 'http.response.status_code': 200, ratio: 0.25, tags: ['a', 'b'], ok: true },
	children: [{
		service: 'transfer', name: 'SELECT transfer_limit', kind: SpanKind.Client, startMs: 10, endMs: 110, error: true,
		attrs: { 'db.system.name': 'mysql', 'db.query.text': "SELECT * FROM transfer_limit WHERE customer_id = 'C-1'" }
	}]
});
spans[0].events = [{ timeUs: spans[0].startUs + 5, name: 'exception', attrs: { 'exception.type': 'IOException' } }];
spans[0].scope = 'io.opentelemetry.netty';
spans[1].statusMessage = 'timeout';
spans[1].links = [{ traceId: 'f'.repeat(32), spanId: 'e'.repeat(16) }];
const resources: ResourceRecord[] = [
	{ id: 'api-gateway/api-gateway-1', service: 'api-gateway', instance: 'gw-pod-1', attrs: { 'service.name': 'api-gateway', 'service.instance.id': 'gw-pod-1', 'k8s.namespace.name': 'edge' } }
];
const logs: LogRecord[] = [{
	resourceId: spans[1].resourceId, service: 'transfer', instance: 'transfer-1', timeUs: spans[1].startUs + 50, severity: 17,
	severityText: 'ERROR', body: 'limit check failed', attrs: { 'exception.type': 'SQLTimeoutException' }, traceId: spans[1].traceId, spanId: spans[1].spanId
}];

const withoutResourceIds = <T extends { resourceId: string }>(items: T[]) => items.map(({ resourceId: _r, ...rest }) => rest);

describe('OTLP/JSON files', () => {
	it('round-trips spans, events, links, logs and resources through a file', () => {
		const text = writeOtlpFile({ spans, logs, resources });
		expect(text.trim().split('\n')).toHaveLength(2);
		const read = readOtlpFile(text, { nowMs: 0 });
		expect(read.errors).toEqual([]);
		const byId = new Map(read.spans.map((s) => [s.spanId, s]));
		expect(withoutResourceIds(spans.map((s) => byId.get(s.spanId)!))).toEqual(withoutResourceIds(spans).map((s) => ({
			...s,
			instance: s.service === 'api-gateway' ? 'gw-pod-1' : s.instance
		})));
		expect(withoutResourceIds(read.logs)).toEqual(withoutResourceIds(logs));
		expect(read.resources.find((r) => r.service === 'api-gateway')!.attrs['k8s.namespace.name']).toBe('edge');
		// the log and its span share the resource they were read with
		expect(read.logs[0].resourceId).toBe(byId.get(spans[1].spanId)!.resourceId);
	});

	it('writes times as exact int64 nanosecond strings and integers as intValue', () => {
		expect(microsToNanos(1_700_000_000_123_456)).toBe('1700000000123456000');
		const request = toOtlpTraces(spans, resources);
		const root = request.resourceSpans![0].scopeSpans![0].spans![0];
		expect(root.startTimeUnixNano).toBe(`${spans[0].startUs}000`);
		expect(root.attributes!.find((a) => a.key === 'biz.amount_krw')!.value).toEqual({ intValue: '1250000' });
		expect(root.attributes!.find((a) => a.key === 'ratio')!.value).toEqual({ doubleValue: 0.25 });
		expect(root.status).toEqual({ code: StatusCode.Unset });
	});

	it('reads a pretty-printed single document, reports bad lines and keeps the rest', () => {
		const pretty = JSON.stringify(toOtlpTraces(spans), null, 2);
		expect(readOtlpFile(pretty, { nowMs: 0 }).spans).toHaveLength(2);
		const mixed = ['{"resourceMetrics": []}', 'not json', JSON.stringify(toOtlpTraces(spans))].join('\n');
		const read = readOtlpFile(mixed, { nowMs: 0 });
		expect(read.spans).toHaveLength(2);
		expect(read.errors.map((e) => e.line)).toEqual([1, 2]);
	});

	it('drops spans past the bound and counts them, and counts invalid ones as rejected', () => {
		const request = toOtlpTraces(spans);
		request.resourceSpans![0].scopeSpans![0].spans!.push({ traceId: 'zz', spanId: '1', name: 'bad' });
		const read = readOtlpFile(JSON.stringify(request), { nowMs: 0, maxSpans: 1 });
		expect(read.spans).toHaveLength(1);
		expect(read.dropped.spans).toBe(1);
		expect(read.rejected.spans).toBe(1);
	});

	it('gives nothing and no error for an empty file', () => {
		expect(readOtlpFile('  \n', { nowMs: 0 })).toMatchObject({ spans: [], logs: [], errors: [] });
	});
});
