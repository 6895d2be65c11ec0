import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../protocol/records';
import { buildTrace } from '../trace/span-builder';
import { seedDomains } from '../business/seed';
import { designerDomainOf, ServiceDomains } from './domains';

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

	it("takes each trace's domain from the designer's mapping when given one", () => {
		// the designer maps the loans service's entries to products, and nothing else
		const domainOf = designerDomainOf({
			domains: [...seedDomains],
			transactions: [{ id: 'loan-calc', domainId: 'products', name: 'Loan calculator', rule: { kind: 'all', conditions: [{ kind: 'test', field: 'service', op: 'equals', value: 'loans' }] } }]
		})!;
		const tally = new ServiceDomains({ domainOf });
		for (let k = 1; k <= 10; k++) tally.add(trace(k, k <= 5 ? 'deposits' : 'lending', k <= 5 ? 'transfer' : 'loans'));
		// transfer's traces map to nothing (their biz.domain is not consulted); the gateway's mapped traces are the five loans ones
		expect(tally.domains()).toEqual({ loans: 'products', gateway: 'products' });
		expect(designerDomainOf({ domains: [...seedDomains], transactions: [] })).toBeUndefined();
	});
});
