import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CallGraphBuilder } from '$lib/domain/advisor/call-graph';
import { parseCallsCsv } from '$lib/domain/advisor/calls-csv';
import { decompose } from '$lib/domain/advisor/decompose';
import {
	chooseMonolith,
	dataSplitRows,
	exportFileName,
	exportJson,
	extractionRows,
	kChoices,
	measureRows,
	remoteCallRows,
	shortClass,
	sweepRows
} from './advisor-view';

function threeModules(k?: number) {
	const builder = new CallGraphBuilder();
	for (const record of parseCallsCsv(readFileSync('test/fixtures/advisor/three-modules.csv', 'utf8')).records) builder.add(record);
	return decompose(builder.build(), { k });
}

const measures = { bcp: 0.5, icp: 0.3, sm: 0.2, ned: 0.1, ifn: 1, partitions: 3 };

describe('advisor view', () => {
	it('compares each measure with the baseline in the direction that is better for it', () => {
		const rows = measureRows(measures, { bcp: 0.9, icp: 0.3002, sm: 0.4, ned: 0, ifn: 2, partitions: 3 });
		expect(rows.map((r) => [r.key, r.better, r.hint])).toEqual([
			['bcp', 'proposal', 'advisor.measure.lower'],
			['icp', 'tie', 'advisor.measure.lower'],
			['sm', 'baseline', 'advisor.measure.higher'],
			['ned', 'baseline', 'advisor.measure.lower'],
			['ifn', 'proposal', 'advisor.measure.lower']
		]);
		expect(measureRows(measures, null).every((r) => r.baseline === null && r.better === null)).toBe(true);
	});

	it('names candidates in remote calls, the extraction order and the data split', () => {
		const d = threeModules(3);
		const names = d.proposal.services.map((s) => s.name);
		const loans = d.proposal.services.find((s) => s.classes.includes('LoanService'))!;
		const accounts = d.proposal.services.find((s) => s.classes.includes('AccountService'))!;
		const remote = remoteCallRows(d.proposal);
		// the one light call across the planted modules: LoanService.book → AccountService.find
		expect(remote).toEqual([
			{ from: loans.name, to: accounts.name, callee: 'AccountService.find', callers: ['LoanService.book'], volume: 1, ratePerSec: expect.any(Number), meanMs: 0.7, maxMs: 0.7, traceIds: [] }
		]);
		const order = extractionRows(d.proposal);
		expect(order.map((r) => r.name).sort()).toEqual([...names].sort());
		expect(order.at(-1)?.last).toBe(true);
		expect(order.filter((r) => r.last)).toHaveLength(1);
		// LoanService.book reaches ACCOUNT only through AccountService: the accounts candidate owns it
		expect(dataSplitRows(d.proposal)).toEqual([
			expect.objectContaining({ table: 'account', owner: accounts.name, remoteUsers: [loans.name], text: `advisor.strategy.${d.proposal.dataSplit[0].strategy}` })
		]);
	});

	it('lists the sweep with the chosen K, and nothing when K was given', () => {
		const swept = threeModules();
		const rows = sweepRows(swept);
		expect(rows.length).toBeGreaterThan(1);
		expect(rows.filter((r) => r.chosen).map((r) => r.k)).toEqual([swept.k]);
		expect(sweepRows(threeModules(2))).toEqual([]);
	});

	it('offers K from 2 to half the classes, keeps the current K, and puts sweep first', () => {
		expect(kChoices(9, 0)).toEqual([0, 2, 3, 4]);
		expect(kChoices(9, 7)).toEqual([0, 2, 3, 4, 7]);
		expect(kChoices(1, 0)).toEqual([0, 2]);
	});

	it('picks the monolith asked for when its graph was built, else the busiest one', () => {
		const census = [
			{ service: 'core', classSpans: 900, classes: 30, collected: true },
			{ service: 'legacy', classSpans: 50, classes: 4, collected: true },
			{ service: 'huge', classSpans: 10, classes: 0, collected: false }
		];
		expect(chooseMonolith(census, '')?.service).toBe('core');
		expect(chooseMonolith(census, 'legacy')?.service).toBe('legacy');
		expect(chooseMonolith(census, 'huge')?.service).toBe('core');
		expect(chooseMonolith([], 'x')).toBeNull();
	});

	it('exports the decomposition with where it came from, under a name that says what it is', () => {
		const decomposition = threeModules(3);
		const input = { source: { kind: 'csv' as const, file: 'three modules.csv' }, decomposition, generatedAtMs: Date.UTC(2026, 0, 2, 3, 4, 5) };
		const parsed = JSON.parse(exportJson(input));
		expect(parsed.generatedAt).toBe('2026-01-02T03:04:05.000Z');
		expect(parsed.source).toEqual({ kind: 'csv', file: 'three modules.csv' });
		expect(parsed.decomposition.proposal.assignment).toEqual(decomposition.proposal.assignment);
		expect(exportFileName(input)).toBe('proposal-three_modules-k3-20260102-030405.json');
		expect(shortClass('com.bank.transfer.TransferService')).toBe('TransferService');
		expect(shortClass('Plain')).toBe('Plain');
	});
});
