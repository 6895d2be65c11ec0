import { describe, expect, it } from 'vitest';
import { SpanFactory } from '../../../../test/fixtures/advisor/spans';
import type { SpanRecord } from '../../protocol/records';
import { codeRefOfSpan, SpanCallCollector } from './span-calls';

const code = (cls: string, fn: string) => ({ 'code.namespace': `com.bank.${cls}`, 'code.function': fn });

function transferTrace(f: SpanFactory, transaction: string, startUs: number): void {
	const root = f.entry('api-gateway', 'POST /transfers', startUs, 10_000, { attrs: { 'biz.transaction': transaction } });
	const { server } = f.call(root, 'core-banking', 'POST /cbs/transfer', startUs + 100, 9_000);
	const controller = f.internal(server!, 'TransferController.transfer', startUs + 200, 8_000, code('web.TransferController', 'transfer'));
	const service = f.internal(controller, 'TransferService.execute', startUs + 300, 7_000, code('transfer.TransferService', 'execute'));
	for (const [i, fn] of (['debit', 'credit'] as const).entries()) {
		const dao = f.internal(service, `AccountDao.${fn}`, startUs + 400 + i * 2000, 1_500, code('account.dao.AccountDao', fn));
		f.db(dao, 'ACCOUNT', 'UPDATE', startUs + 500 + i * 2000, 1_000);
	}
	const ledger = f.internal(service, 'LedgerDao.insert', startUs + 5000, 1_000, code('ledger.dao.LedgerDao', 'insert'));
	f.db(ledger, 'LEDGER', 'INSERT', startUs + 5100, 500);
}

describe('codeRefOfSpan', () => {
	it('reads code.namespace with code.function, or a qualified code.function.name alone', () => {
		const span = (attrs: SpanRecord['attrs']) => ({ attrs }) as SpanRecord;
		expect(codeRefOfSpan(span({ 'code.namespace': 'a.B', 'code.function': 'run' }))).toEqual({ className: 'a.B', method: 'run' });
		expect(codeRefOfSpan(span({ 'code.function.name': 'a.B.run' }))).toEqual({ className: 'a.B', method: 'run' });
		expect(codeRefOfSpan(span({ 'http.route': '/x' }))).toBeNull();
	});
});

describe('SpanCallCollector', () => {
	it('builds the class call graph with contexts from the entry span and tables from database spans', () => {
		const f = new SpanFactory();
		transferTrace(f, 'transfer', 0);
		transferTrace(f, 'transfer', 100_000);
		const collector = new SpanCallCollector();
		collector.addSpans(f.spans);
		const { graph, classSpans } = collector.finish();
		expect(classSpans).toBe(10);
		const name = (i: number) => graph.classes[i].replace('com.bank.', '');
		expect(graph.classes.map((c) => c.replace('com.bank.', ''))).toEqual([
			'web.TransferController',
			'transfer.TransferService',
			'account.dao.AccountDao',
			'ledger.dao.LedgerDao'
		]);
		expect(graph.edges.map((e) => `${name(e.from)}→${name(e.to)} ×${e.volume}`)).toEqual([
			'web.TransferController→transfer.TransferService ×2',
			'transfer.TransferService→account.dao.AccountDao ×4',
			'transfer.TransferService→ledger.dao.LedgerDao ×2'
		]);
		expect(graph.entryCalls).toEqual([2, 0, 0, 0]);
		expect(graph.contexts).toEqual(['transfer']);
		expect(graph.tables.map((t) => [name(t.classIndex), t.table, t.reads, t.writes])).toEqual([
			['account.dao.AccountDao', 'account', 0, 4],
			['ledger.dao.LedgerDao', 'ledger', 0, 2]
		]);
		const debit = graph.methodCalls.find((m) => m.toMethod === 'debit');
		expect(debit).toMatchObject({ fromMethod: 'execute', volume: 2, timedCount: 2, totalMs: 3, maxMs: 1.5 });
		expect(debit?.traceIds).toHaveLength(2);
	});

	it('uses the designer mapping when given, and keeps only the named services', () => {
		const f = new SpanFactory();
		transferTrace(f, 'transfer', 0);
		const mapped = new SpanCallCollector({ contextOf: () => 'Payments' });
		mapped.addSpans(f.spans);
		expect(mapped.finish().graph.contexts).toEqual(['Payments']);
		const none = new SpanCallCollector({ services: ['other-service'] });
		none.addSpans(f.spans);
		expect(none.finish().graph.classes).toEqual([]);
	});

	it('labels traces without a business transaction (none)', () => {
		const f = new SpanFactory();
		const root = f.entry('core', 'GET /x', 0, 100);
		f.internal(root, 'A.run', 10, 50, code('A', 'run'));
		const collector = new SpanCallCollector();
		collector.addSpans(f.spans);
		expect(collector.finish().graph.contexts).toEqual(['(none)']);
	});
});
