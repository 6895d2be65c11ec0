import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../protocol/records';
import { seedDomains } from '../business/seed';
import type { BusinessTransaction } from '../business/types';
import { buildTrace, type SpanSpec } from '../trace/span-builder';
import { designerContextOf } from './designer-context';
import { ServiceCallCollectors } from './service-calls';

const byRoute = (id: string, domainId: string, name: string, route: string): BusinessTransaction => ({
	id,
	domainId,
	name,
	rule: { kind: 'all', conditions: [{ kind: 'test', field: 'route', op: 'equals', value: route }] }
});

const transactions = [
	byRoute('transfer', 'deposits', 'Account transfer', '/transfer'),
	byRoute('loan', 'lending', 'Loan application', '/loans'),
	byRoute('inq-d', 'deposits', 'Inquiry', '/balance'),
	byRoute('inq-l', 'lending', 'Inquiry', '/loans/status')
];

/** A gateway entry with `route`, calling the monolith's class spans (and, optionally, a downstream entry with its own route). */
function trace(traceNo: number, route: string, inner?: string): ReturnType<typeof buildTrace> {
	const downstream: SpanSpec[] = inner ? [{ service: 'loans', name: 'in', kind: SpanKind.Server, startMs: 3, endMs: 5, attrs: { 'http.route': inner } }] : [];
	return buildTrace(
		{
			service: 'gateway',
			name: 'GET',
			kind: SpanKind.Server,
			startMs: 0,
			endMs: 20,
			attrs: { 'http.route': route, 'biz.transaction': 'attr.' + route },
			children: [
				{
					service: 'core',
					name: 'TransferService.run',
					startMs: 1,
					endMs: 10,
					attrs: { 'code.namespace': 'com.bank.TransferService', 'code.function': 'run' },
					children: [{ service: 'core', name: 'LedgerRepo.save', startMs: 2, endMs: 8, attrs: { 'code.namespace': 'com.bank.LedgerRepo', 'code.function': 'save' } }, ...downstream]
				}
			]
		},
		{ traceNo, firstId: traceNo * 100 }
	);
}

describe('business context from the designer mapping', () => {
	it('names a trace by the transaction its earliest matching span maps to, and (none) when no rule matches', () => {
		const contextOf = designerContextOf({ domains: [...seedDomains], transactions })!;
		expect(contextOf(trace(1, '/transfer'))).toBe('Account transfer');
		// the root matches before the downstream entry that maps elsewhere
		expect(contextOf(trace(2, '/transfer', '/loans'))).toBe('Account transfer');
		// the root maps to nothing: the downstream entry decides
		expect(contextOf(trace(3, '/health', '/loans'))).toBe('Loan application');
		expect(contextOf(trace(4, '/health'))).toBe('(none)');
		// a shared name gets its domain
		expect(contextOf(trace(5, '/balance'))).toBe('Inquiry · deposits');
		expect(contextOf(trace(6, '/loans/status'))).toBe('Inquiry · lending');
	});

	it('leaves out invalid definitions, and answers nothing without a valid transaction', () => {
		const broken = { ...transactions[0], rule: { kind: 'all' as const, conditions: [] } };
		expect(designerContextOf({ domains: [...seedDomains], transactions: [broken] })).toBeUndefined();
		expect(designerContextOf({ domains: [], transactions })).toBeUndefined();
	});

	it('gives the monolith call graph the designer names as its business contexts', () => {
		const contextOf = designerContextOf({ domains: [...seedDomains], transactions })!;
		const collectors = new ServiceCallCollectors({ contextOf });
		collectors.addSpans([...trace(1, '/transfer'), ...trace(2, '/loans'), ...trace(3, '/health')]);
		collectors.finish();
		expect(collectors.graph('core')?.contexts.sort()).toEqual(['(none)', 'Account transfer', 'Loan application']);
	});
});
