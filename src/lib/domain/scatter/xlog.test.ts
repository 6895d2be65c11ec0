import { describe, expect, it } from 'vitest';
import { SpanKind, StatusCode, type SpanRecord } from '../../protocol/records';
import { buildTrace } from '../trace/span-builder';
import { selectRect, maxDurationMs } from './select';
import { niceCeilingMs } from './view';
import { XLog } from './xlog';

function transfer(traceNo: number, durationMs: number, attrs: Record<string, string | number> = {}): SpanRecord[] {
	return buildTrace(
		{
			service: 'api-gateway', name: 'POST /transfer', kind: SpanKind.Server, startMs: traceNo * 100, endMs: traceNo * 100 + durationMs,
			attrs: { 'biz.domain': 'deposits', 'biz.transaction': 'account.transfer', 'biz.application_id': `A-${traceNo}`, ...attrs },
			children: [
				{ service: 'api-gateway', name: 'call', kind: SpanKind.Client, startMs: traceNo * 100 + 1, endMs: traceNo * 100 + durationMs - 1,
					children: [{ service: 'transfer', name: 'POST /v1/transfers', kind: SpanKind.Server, startMs: traceNo * 100 + 2, endMs: traceNo * 100 + durationMs - 2, error: traceNo % 2 === 0 }] }
			]
		},
		{ traceNo, firstId: traceNo * 10 }
	);
}

const everything = { fromMs: -Infinity, toMs: Infinity, minDurationMs: -Infinity, maxDurationMs: Infinity };

describe('XLog', () => {
	it('keeps one point per transaction with the details the list shows', () => {
		const xlog = new XLog({ domainOf: (s) => (s.service === 'transfer' ? 'deposits-ns' : undefined) });
		const spans = transfer(1, 50, { 'biz.amount_krw': 1_250_000, 'biz.channel': 'mobile' });
		expect(xlog.add(spans)).toEqual({ added: 2, skipped: 0 });
		const rows = xlog.rows([0, 1]);
		expect(rows[0]).toMatchObject({
			rowId: 0, traceId: spans[0].traceId, spanId: spans[0].spanId, service: 'api-gateway', operation: 'POST /transfer',
			domain: 'deposits', durationMs: 50, error: false, root: true,
			biz: { 'biz.amount_krw': 1_250_000, 'biz.channel': 'mobile', 'biz.domain': 'deposits', 'biz.transaction': 'account.transfer' }
		});
		// identifiers stay out of the business columns
		expect(rows[0].biz['biz.application_id']).toBeUndefined();
		expect(rows[1]).toMatchObject({ service: 'transfer', domain: 'deposits-ns', root: false, biz: {} });
		expect(rows[1].endMs).toBe((spans[2].startUs + spans[2].durationUs) / 1000);
	});

	it('filters by domain and status, and the selection maps back to rows', () => {
		const xlog = new XLog();
		for (let k = 1; k <= 10; k++) xlog.add(transfer(k, 10 * k));
		const slow = selectRect(xlog.points, { ...everything, minDurationMs: 75 }, { filter: { domains: ['deposits'] } });
		expect(xlog.rows(slow.rowIds).map((r) => r.durationMs)).toEqual([80, 90, 100]);
		const failed = selectRect(xlog.points, everything, { filter: { status: 'error' } });
		expect(xlog.rows(failed.rowIds).every((r) => r.service === 'transfer' && r.error)).toBe(true);
		expect(failed.total).toBe(5);
		expect(maxDurationMs(xlog.points, { fromMs: -Infinity, toMs: Infinity }, { services: ['transfer'] })).toBe(96);
	});

	it('is a ring: overwritten rows are no longer returned, held ones are', () => {
		const xlog = new XLog({ capacity: 4 });
		for (let k = 1; k <= 3; k++) xlog.add(transfer(k, 10));
		expect(xlog.size).toBe(4);
		expect(xlog.overwritten).toBe(2);
		expect(xlog.rows([0, 1, 2, 3, 4, 5, 6]).map((r) => r.rowId)).toEqual([2, 3, 4, 5]);
		expect(xlog.rows([2])[0].traceId).toBe(transfer(2, 10)[0].traceId);
	});

	it('grows its detail columns with the store across the first allocation', () => {
		const xlog = new XLog({ capacity: 200_000 });
		for (let k = 1; k <= 40_000; k++) xlog.add(transfer(k, 5));
		expect(xlog.size).toBe(80_000);
		const last = xlog.rows([79_999])[0];
		expect(last.traceId).toBe(transfer(40_000, 5)[0].traceId);
		expect(last.service).toBe('transfer');
	});

	it('skips a transaction whose ids are not hex, and ignores spans that are not transactions', () => {
		const xlog = new XLog();
		const [root, client] = transfer(1, 10);
		expect(xlog.add([{ ...root, traceId: 'not-a-trace-id' }, client])).toEqual({ added: 0, skipped: 1 });
		expect(xlog.add([{ ...root, status: StatusCode.Error, durationUs: Number.NaN }])).toEqual({ added: 0, skipped: 1 });
		expect(xlog.size).toBe(0);
	});

	it('rounds an axis top to 1, 2 or 5 × 10^k', () => {
		expect([0, 1, 1.5, 3, 7, 10, 11, 480, 5000, 5001].map(niceCeilingMs)).toEqual([1, 1, 2, 5, 10, 10, 20, 500, 5000, 10000]);
	});
});
