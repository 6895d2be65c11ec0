import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { brokerage, callsCsv, petshop } from '../../../test/fixtures/advisor/crafted';
import { SpanFactory } from '../../../test/fixtures/advisor/spans';
import { parseAdviseArgs, runAdvise, type AdviseOutput } from './advise';

const fixture = 'test/fixtures/advisor/three-modules.csv';
const dir = mkdtempSync(join(tmpdir(), 'advise-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
	let stdout = '';
	let stderr = '';
	const code = await runAdvise(argv, (t) => (stdout += t), (t) => (stderr += t));
	return { code, stdout, stderr };
}

describe('parseAdviseArgs', () => {
	it('reads the documented flags', () => {
		expect(parseAdviseArgs(['--calls', 'a.csv', '--k', '4', '--json', '--seed', '9'])).toEqual({ calls: 'a.csv', k: 4, seed: 9, json: true, locale: 'en' });
		expect(parseAdviseArgs(['--demo', '2', '--sweep', '3..6', '--locale', 'ko'])).toMatchObject({ demoMinutes: 2, sweep: [3, 6], locale: 'ko' });
	});

	it('explains bad arguments', () => {
		expect(parseAdviseArgs(['--k', '3'])).toEqual({ error: 'give exactly one of --calls, --spans or --demo' });
		expect(parseAdviseArgs(['--calls', 'a.csv', '--k', 'x'])).toEqual({ error: '--k needs an integer ≥ 1 (got x)' });
		expect(parseAdviseArgs(['--calls', 'a.csv', '--sweep', '5..2'])).toMatchObject({ error: expect.stringMatching(/A\.\.B/) });
		expect(parseAdviseArgs(['--calls'])).toEqual({ error: '--calls needs a value' });
		expect(parseAdviseArgs(['--calls', 'a.csv', '--bogus'])).toEqual({ error: 'unknown argument --bogus' });
		expect(parseAdviseArgs(['--calls', 'a.csv', '--k', '2', '--sweep', '2..3'])).toEqual({ error: 'give --k or --sweep, not both' });
	});
});

describe('runAdvise', () => {
	it('prints the proposal and both measure sets as JSON, and bad rows with their line numbers', async () => {
		const { code, stdout, stderr } = await run(['--calls', fixture, '--k', '3', '--json']);
		expect(code).toBe(0);
		expect(stderr).toBe(`${fixture}: line 15: timestamp "not-a-time" is neither a number nor an ISO 8601 date\n`);
		const output = JSON.parse(stdout) as AdviseOutput;
		expect(output.input).toMatchObject({ kind: 'calls', rows: 14, accepted: 13 });
		const d = output.decomposition!;
		expect(d.k).toBe(3);
		expect(d.measures.partitions).toBe(3);
		expect(d.baseline?.measures.partitions).toBe(3);
		const groups = d.proposal.services.map((s) => s.classes.map((c) => c.replace(/(Controller|Service|Repository)$/, '')));
		expect(groups.map((g) => [...new Set(g)])).toEqual(expect.arrayContaining([['Account'], ['Loan'], ['Card']]));
		expect(d.proposal.remoteCalls).toEqual([
			expect.objectContaining({ callee: 'AccountService.find', callers: ['LoanService.book'], volume: 1, meanMs: 0.7 })
		]);
	});

	it('prints a readable report in Korean', async () => {
		const { code, stdout } = await run(['--calls', fixture, '--k', '3', '--locale', 'ko']);
		expect(code).toBe(0);
		expect(stdout).toContain('K = 3에서의 측정값');
		expect(stdout).toContain('후보 서비스');
	});

	it('fails with status 1 when nothing can be read, and 2 on bad arguments', async () => {
		const empty = join(dir, 'bad.csv');
		writeFileSync(empty, 'timestamp,business_context,caller,callee\nx,y\n');
		expect((await run(['--calls', empty])).code).toBe(1);
		expect((await run(['--calls', join(dir, 'missing.csv')])).stderr).toMatch(/advise: .*missing\.csv/);
		expect((await run(['--calls'])).code).toBe(2);
	});

	it('reports findings and decomposes class-level spans from a span file', async () => {
		const f = new SpanFactory();
		for (let i = 0; i < 3; i++) {
			const root = f.entry('core', 'POST /x', i * 10_000, 5_000, { attrs: { 'biz.transaction': i === 0 ? 'deposit' : 'transfer' } });
			const service = f.internal(root, 'LedgerService.post', i * 10_000 + 10, 4_000, { 'code.namespace': 'LedgerService', 'code.function': 'post' });
			const dao = f.internal(service, 'LedgerDao.insert', i * 10_000 + 20, 1_000, { 'code.namespace': 'LedgerDao', 'code.function': 'insert' });
			f.db(dao, 'LEDGER', 'INSERT', i * 10_000 + 30, 500, 'core');
		}
		const file = join(dir, 'spans.ndjson');
		writeFileSync(file, f.spans.map((s) => JSON.stringify(s)).join('\n') + '\n{"not":"a span"}\n');
		const { code, stdout, stderr } = await run(['--spans', file, '--k', '2', '--json']);
		expect(code).toBe(0);
		expect(stderr).toMatch(/spans\.ndjson:13: not a span record/);
		const output = JSON.parse(stdout) as AdviseOutput;
		expect(output.input).toMatchObject({ kind: 'spans', spans: 12, invalid: 1 });
		expect(output.findings?.findings.map((x) => x.kind)).toEqual(['shared-table']);
		expect(output.decomposition?.graph.classes).toBe(2);
	});
});

describe('crafted fixtures', () => {
	it('are the CSVs the generator writes (regenerate with callsCsv after changing crafted.ts)', () => {
		expect(readFileSync('test/fixtures/advisor/brokerage-calls.csv', 'utf8')).toBe(callsCsv(brokerage()));
		expect(readFileSync('test/fixtures/advisor/petshop-calls.csv', 'utf8')).toBe(callsCsv(petshop()));
	});
});
