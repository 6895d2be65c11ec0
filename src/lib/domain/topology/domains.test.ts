import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../protocol/records';
import { buildTrace } from '../trace/span-builder';
import { ServiceDomains } from './domains';

function trace(traceNo: number, domain: string, service: string) {
	return buildTrace(
		{
			service: 'gateway', name: 'POST /x', kind: SpanKind.Server, startMs: 0, endMs: 10, attrs: { 'biz.domain': domain },
			children: [{ service: 'gateway', name: 'call', kind: SpanKind.Client, startMs: 1, endMs: 9, children: [{ service, name: 'in', kind: SpanKind.Server, startMs: 2, endMs: 8 }] }]
		},
		{ traceNo, firstId: traceNo * 10 }
	);
}

describe('ServiceDomains', () => {
	it('puts a service in the domain of the traces it serves, whichever span arrives first, and leaves shared services out', () => {
		const tally = new ServiceDomains();
		for (let k = 1; k <= 10; k++) {
			const spans = trace(k, k <= 5 ? 'deposits' : 'lending', k <= 5 ? 'transfer' : 'loans');
			// children before the root, as chunks usually bring them
			tally.add(k % 2 ? spans.reverse() : spans);
		}
		for (let k = 11; k <= 14; k++) tally.add(trace(k, 'deposits', 'auth'));
		expect(tally.domains()).toEqual({ transfer: 'deposits', loans: 'lending' });
		expect(tally.domains({ minTraces: 4 })).toEqual({ transfer: 'deposits', loans: 'lending', auth: 'deposits' });
	});

	it('counts a trace once per service, and forgets traces past its bound', () => {
		const tally = new ServiceDomains({ maxPending: 2 });
		for (let k = 1; k <= 6; k++) tally.add(trace(k, 'deposits', 'transfer').filter((s) => s.parentSpanId !== ''));
		// roots arriving after their traces were forgotten count nothing
		for (let k = 1; k <= 6; k++) tally.add(trace(k, 'deposits', 'transfer').filter((s) => s.parentSpanId === ''));
		expect(tally.domains({ minTraces: 1 })).toEqual({ gateway: 'deposits' });
	});
});
