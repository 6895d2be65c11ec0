import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SpanFactory } from '../test/fixtures/advisor/spans';
import { createAdvisorApi } from './advisor-api';

describe('advisor worker api', () => {
	it('reports findings and decomposes the class spans it was fed', async () => {
		const api = createAdvisorApi();
		const f = new SpanFactory();
		for (let i = 0; i < 4; i++) {
			const root = f.entry('core', 'POST /x', i * 10_000, 5_000, { attrs: { 'biz.transaction': i % 2 ? 'deposit' : 'transfer' } });
			const a = f.internal(root, 'A.run', i * 10_000 + 10, 4_000, { 'code.namespace': 'A', 'code.function': 'run' });
			const b = f.internal(a, 'B.save', i * 10_000 + 20, 1_000, { 'code.namespace': 'B', 'code.function': 'save' });
			f.db(b, 'LEDGER', 'INSERT', i * 10_000 + 30, 500, 'core');
		}
		api.addSpans(f.spans);
		expect(api.findings().findings.map((x) => x.subject)).toEqual(['mysql core / ledger']);
		const reply = await api.decomposeSpans(1, { k: 2 });
		expect(reply.status).toBe('done');
		if (reply.status === 'done') expect(reply.decomposition?.proposal.services).toHaveLength(2);
	});

	it('answers superseded to an older decomposition request once a newer one arrived', async () => {
		const api = createAdvisorApi();
		const text = readFileSync('test/fixtures/advisor/three-modules.csv', 'utf8');
		const [older, newer] = await Promise.all([api.decomposeCsv(1, text, { k: 3 }), api.decomposeCsv(2, text, { k: 3 })]);
		expect(older.status).toBe('superseded');
		expect(newer).toMatchObject({ status: 'done', csv: { accepted: 13, errors: [{ line: 15 }] } });
	});
});
