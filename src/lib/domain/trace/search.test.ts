import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../protocol/records';
import { formatTraceQuery, parseTraceQuery, summarizeTrace, traceMatches, type TraceQuery } from './search';
import { buildTrace } from './span-builder';

const spans = buildTrace({
	service: 'gateway', name: 'POST /loans', kind: SpanKind.Server, startMs: 0, endMs: 300,
	attrs: { 'http.response.status_code': 500, channel: 'mobile' },
	children: [{
		service: 'lending', name: 'apply', kind: SpanKind.Server, startMs: 5, endMs: 290, error: true,
		attrs: { 'amount.krw': 5_000_000, tags: ['vip', 'new'] }
	}]
});

describe('trace search', () => {
	it.each<[string, TraceQuery, boolean]>([
		['service and operation on one span', { service: 'lending', operation: 'apply' }, true],
		['service and operation on different spans', { service: 'gateway', operation: 'apply' }, false],
		['numeric attribute', { attrs: [{ key: 'amount.krw', op: 'gte', value: 1_000_000 }] }, true],
		['numeric attribute too small', { attrs: [{ key: 'amount.krw', op: 'gt', value: 5_000_000 }] }, false],
		['text equality against a number', { attrs: [{ key: 'http.response.status_code', op: 'eq', value: '500' }] }, true],
		['contains, case-insensitive', { attrs: [{ key: 'channel', op: 'contains', value: 'MOB' }] }, true],
		['array element', { attrs: [{ key: 'tags', op: 'eq', value: 'vip' }] }, true],
		['exists', { attrs: [{ key: 'nothing', op: 'exists' }] }, false],
		['attributes must share a span', { attrs: [{ key: 'channel', op: 'exists' }, { key: 'amount.krw', op: 'exists' }] }, false],
		['duration at least', { minDurationUs: 300_000 }, true],
		['duration at most', { maxDurationUs: 299_999 }, false],
		['status error', { status: 'error' }, true],
		['status ok', { status: 'ok' }, false]
	])('%s', (_, query, expected) => {
		expect(traceMatches(spans, query)).toBe(expected);
	});

	it('summarises a trace without its root by the extent of its spans', () => {
		const summary = summarizeTrace(spans.slice(1))!;
		expect(summary.rootMissing).toBe(true);
		expect(summary.rootService).toBe('lending');
		expect(summary.durationUs).toBe(285_000);
		expect(summarizeTrace([])).toBeUndefined();
	});

	it('round-trips through URL parameters', () => {
		const query: TraceQuery = {
			service: 'lending',
			operation: 'apply',
			attrs: [{ key: 'http.response.status_code', op: 'gte', value: 500 }, { key: 'segment', op: 'eq', value: 'vip' }, { key: 'flag', op: 'exists' }],
			minDurationUs: 250_000,
			maxDurationUs: 2_000_000,
			status: 'error'
		};
		const params = new URLSearchParams(formatTraceQuery(query));
		expect(params.toString()).toContain('minDuration=250ms');
		expect(parseTraceQuery(params)).toEqual({ query, errors: [] });
	});

	it('reports bad parameters, keeps the good ones and ignores parameters it does not own', () => {
		const { query, errors } = parseTraceQuery(
			new URLSearchParams('service=a&minDuration=fast&attr=x>big&attr=%3Dv&status=maybe&view=map&maxDuration=1.5s')
		);
		expect(query).toEqual({ service: 'a', maxDurationUs: 1_500_000 });
		expect(errors.map((e) => `${e.parameter}:${e.code}`)).toEqual([
			'minDuration:bad-duration',
			'attr:bad-number',
			'attr:bad-attribute',
			'status:bad-status'
		]);
	});
});
