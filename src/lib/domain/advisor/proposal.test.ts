import { describe, expect, it } from 'vitest';
import { CallGraphBuilder, type CallRecord } from './call-graph';
import { decompose } from './decompose';
import { buildProposal } from './proposal';

// Candidates by construction: accounts {acct.web.AccountController, acct.AccountService},
// loans {loan.web.LoanController, loan.LoanService}, report {report.ReportJob}.
function records(): CallRecord[] {
	const out: CallRecord[] = [];
	const push = (n: number, r: CallRecord) => {
		for (let i = 0; i < n; i++) out.push({ ...r, timeMs: 1_000 * out.length });
	};
	push(10, { context: 'open', caller: 'Root', callee: 'acct.web.AccountController.open' });
	push(10, { context: 'open', caller: 'acct.web.AccountController.open', callee: 'acct.AccountService.create', durationMs: 4, tables: [{ table: 'account', read: false, write: true }] });
	push(6, { context: 'loan', caller: 'Root', callee: 'loan.web.LoanController.apply' });
	push(6, { context: 'loan', caller: 'loan.web.LoanController.apply', callee: 'loan.LoanService.book', durationMs: 8, tables: [{ table: 'loan', read: false, write: true }] });
	// The loan service checks the account: a call that crosses the cut, and a shared table.
	push(4, { context: 'loan', caller: 'loan.LoanService.book', callee: 'acct.AccountService.find', durationMs: 2, traceId: 't1', tables: [{ table: 'account', read: true, write: false }] });
	push(2, { context: 'report', caller: 'Root', callee: 'report.ReportJob.run', tables: [{ table: 'loan', read: true, write: false }] });
	return out;
}

function graph() {
	const builder = new CallGraphBuilder();
	for (const r of records()) builder.add(r);
	return builder.build();
}

describe('buildProposal', () => {
	const g = graph();
	const label = (name: string) => (name.startsWith('acct') ? 0 : name.startsWith('loan') ? 1 : 2);
	const proposal = buildProposal(g, g.classes.map(label));

	it('lists candidates with their classes, names, owned and shared tables', () => {
		expect(proposal.services.map((s) => [s.name, s.classes, s.ownedTables, s.sharedTables, s.entryCalls])).toEqual([
			// AccountService.find reads ACCOUNT on the loan service's behalf: accounts still owns it.
			['acct', ['acct.AccountService', 'acct.web.AccountController'], ['account'], [], 10],
			['loan', ['loan.LoanService', 'loan.web.LoanController'], [], ['loan'], 6],
			['report', ['report.ReportJob'], [], ['loan'], 2]
		]);
	});

	it('lists the calls that become remote, with volume, latency and rate', () => {
		expect(proposal.remoteCalls).toHaveLength(1);
		const [call] = proposal.remoteCalls;
		expect(call).toMatchObject({ from: 1, to: 0, callee: 'acct.AccountService.find', callers: ['loan.LoanService.book'], volume: 4, meanMs: 2, maxMs: 2, traceIds: ['t1'] });
		// 38 records, one per second of record time: window 37 s.
		expect(call.ratePerSec).toBeCloseTo(4 / 37, 12);
	});

	it('orders extraction least coupled first and splits shared tables by who writes them', () => {
		// accounts: 4 calls in, no shared table (cost 4); then report and loans tie on the shared
		// LOAN table (cost 100 each) and the smaller candidate goes first.
		expect(proposal.extractionOrder.map((s) => [s.service, s.callsToRest, s.callsFromRest, s.sharedTablesWithRest])).toEqual([
			[0, 0, 4, 0],
			[2, 0, 0, 1],
			[1, 0, 0, 0]
		]);
		// ACCOUNT: owned by accounts (10 writes, 4 reads); loans reaches it through 4 remote calls.
		// LOAN: written by loans only; the report's 2 reads are fewer than the owner's 6 writes.
		expect(proposal.dataSplit).toEqual([
			{ table: 'account', strategy: 'owner-api', owner: 0, writers: [0], readers: [], remoteUsers: [1], reads: 4, writes: 10, remoteCalls: 4 },
			{ table: 'loan', strategy: 'owner-api', owner: 1, writers: [1], readers: [2], remoteUsers: [], reads: 2, writes: 6, remoteCalls: 0 }
		]);
		expect(proposal.services[1].remoteTables).toEqual(['account']);
	});

	it('proposes a shared service when two candidates write a table, and replication for heavy readers', () => {
		const builder = new CallGraphBuilder();
		const rw = (caller: string, callee: string, table: string, write: boolean, n: number) => {
			for (let i = 0; i < n; i++) builder.add({ context: 'c', caller, callee, tables: [{ table, read: !write, write }] });
		};
		rw('Root', 'A', 'ledger', true, 5);
		rw('Root', 'B', 'ledger', true, 2);
		rw('Root', 'C', 'rates', true, 1);
		rw('Root', 'D', 'rates', false, 9);
		const g2 = builder.build();
		const p = buildProposal(g2, [0, 1, 2, 3]);
		expect(p.dataSplit.map((s) => [s.table, s.strategy, s.owner])).toEqual([
			['ledger', 'shared-service', 0],
			['rates', 'replicate-events', 2]
		]);
	});
});

describe('candidate names', () => {
	it('skip the package every class shares and generic layer names, falling back to the top business context', () => {
		const builder = new CallGraphBuilder();
		builder.add({ context: 'teller', caller: 'Root', callee: 'com.bank.web.TellerController.post' });
		builder.add({ context: 'loan', caller: 'Root', callee: 'com.bank.loan.LoanService.book' });
		builder.add({ context: 'loan', caller: 'com.bank.loan.LoanService.book', callee: 'com.bank.loan.dao.LoanDao.insert' });
		const names = buildProposal(builder.build(), [0, 1, 1]).services.map((s) => s.name);
		expect(names).toEqual(['teller', 'loan']);
	});
});

describe('decompose', () => {
	it('measures the proposal and the baseline at the chosen K and sweeps K when none is given', () => {
		const g = graph();
		const fixed = decompose(g, { k: 3 });
		expect(fixed.k).toBe(3);
		expect(fixed.sweep).toHaveLength(1);
		expect(fixed.baseline?.measures.partitions).toBe(3);
		expect(fixed.measures.partitions).toBe(3);
		const swept = decompose(g, { kRange: [2, 4] });
		expect(swept.sweep.map((r) => r.k)).toEqual([2, 3, 4]);
		// The lowest J among proposals whose largest candidate holds at most half of the 5 classes.
		const balanced = swept.sweep.filter((r) => r.largest * 2 <= 5);
		expect(balanced.length).toBeGreaterThan(0);
		const best = Math.min(...balanced.map((r) => r.objective));
		expect(swept.sweep.find((r) => r.k === swept.k)?.objective).toBe(best);
	});

	it('returns an empty proposal for an empty graph', () => {
		const empty = decompose(new CallGraphBuilder().build(), { k: 3 });
		expect(empty.proposal.services).toEqual([]);
		expect(empty.graph.classes).toBe(0);
	});
});
