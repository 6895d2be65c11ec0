import { describe, expect, it } from 'vitest';
import { principleOf, type Finding, type FindingKind, type Severity } from '$lib/domain/advisor/findings/types';
import { detailItems, detailNotes, evidenceItems, evidenceOf, filterFindings, sortFindings, tally, traceHref } from './findings-view';

function finding(kind: FindingKind, severity: Severity, subject: string, counts: Record<string, number>, detail: Finding['detail'] = {}, services = ['a']): Finding {
	return { id: `${kind}:${subject}`, kind, severity, principle: principleOf[kind], subject, services, counts, traceIds: ['t1'], detail };
}

const table = finding('shared-table', 'medium', 'pg core / account', { services: 1, contexts: 6, writingContexts: 4, reads: 10, writes: 5 }, { scope: 'business-contexts', writingContexts: ['deposit', 'transfer'] }, ['core']);
const cycle = finding('cyclic-dependency', 'high', 'a ⇄ b', { services: 2, edges: 2, calls: 40 }, { edges: ['a → b', 'b → a'] }, ['a', 'b']);
const timeout = finding('missing-timeout', 'high', 'web → bureau', { calls: 100, slowCalls: 7, budgetMs: 1000, maxMs: 5200.5, p99Ms: 5000, timeouts: 0 }, { breaker: true, external: true, budgetSource: 'derived' });
const hub = finding('hidden-hub', 'low', 'accounts', { traces: 60, tracesTotal: 80, callers: 3 });
const all = [table, cycle, timeout, hub];

describe('findings view', () => {
	it('filters by severity and kind', () => {
		expect(filterFindings(all, { severity: 'high', kind: 'all' }).map((f) => f.subject)).toEqual(['a ⇄ b', 'web → bureau']);
		expect(filterFindings(all, { severity: 'all', kind: 'shared-table' })).toEqual([table]);
		expect(filterFindings(all, { severity: 'low', kind: 'shared-table' })).toEqual([]);
	});

	it('sorts by severity (high first), by the amount of evidence, and by subject', () => {
		expect(sortFindings(all, 'severity', 'asc').map((f) => f.subject)).toEqual(['a ⇄ b', 'web → bureau', 'pg core / account', 'accounts']);
		// evidence: hub 60 traces, cycle 40 calls, table 15 accesses, timeout 7 slow calls
		expect(sortFindings(all, 'evidence', 'desc').map((f) => f.kind)).toEqual(['hidden-hub', 'cyclic-dependency', 'shared-table', 'missing-timeout']);
		expect(sortFindings(all, 'subject', 'asc').map((f) => f.subject)).toEqual(['a ⇄ b', 'accounts', 'pg core / account', 'web → bureau']);
		expect(evidenceOf(table)).toBe(15);
	});

	it('counts findings per kind and severity', () => {
		const { kinds, severities } = tally(all);
		expect(kinds.get('shared-table')).toBe(1);
		expect(severities.get('high')).toBe(2);
		expect(severities.get('low')).toBe(1);
	});

	it('labels the evidence with units: milliseconds for *Ms counts', () => {
		expect(evidenceItems(timeout).map((e) => [e.key, e.label, e.unit])).toEqual([
			['calls', 'advisor.count.calls', 'count'],
			['slowCalls', 'advisor.count.slowCalls', 'count'],
			['budgetMs', 'advisor.count.budgetMs', 'ms'],
			['maxMs', 'advisor.count.maxMs', 'ms'],
			['p99Ms', 'advisor.count.p99Ms', 'ms'],
			['timeouts', 'advisor.count.timeouts', 'count']
		]);
		expect(evidenceItems(finding('chatty-calls', 'medium', 'x', { meanRun: 12.5, unknownCount: 3 }))).toEqual([
			{ key: 'meanRun', label: 'advisor.count.meanRun', value: 12.5, unit: 'decimal' },
			{ key: 'unknownCount', label: null, value: 3, unit: 'count' }
		]);
	});

	it('lists details and notes the breaker, the external callee and a derived budget', () => {
		expect(detailItems(cycle)).toEqual([{ label: 'advisor.detail.edges', values: ['a → b', 'b → a'], joiner: ', ' }]);
		expect(detailItems(table)[0]).toMatchObject({ label: 'advisor.detail.writingContexts', values: ['deposit', 'transfer'] });
		expect(detailNotes(timeout)).toEqual(['advisor.note.breaker', 'advisor.note.external', 'advisor.note.derivedBudget']);
		expect(detailNotes(table)).toEqual(['advisor.note.insideMonolith']);
	});

	it('links an example trace to the transaction path view, keeping the demo flag', () => {
		expect(traceHref('', 'abc', false)).toBe('/trace/?id=abc');
		expect(traceHref('/app', 'a b', true)).toBe('/app/trace/?id=a%20b&demo');
	});
});
