import { describe, expect, it } from 'vitest';
import { explainUrl, planOutline, requestExplain } from './explain';

const answer = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('EXPLAIN through the relay', () => {
	it('asks the relay for the digest of the labelled database, with the view token', async () => {
		const calls: [string, RequestInit | undefined][] = [];
		const fetchStub = (async (url: string, init?: RequestInit) => {
			calls.push([url, init]);
			return new Response(JSON.stringify({ plan: [], statement: 'SELECT 1', generic: false }), { status: 200 });
		}) as typeof fetch;
		const outcome = await requestExplain({ fetch: fetchStub, relayUrl: 'http://relay:3000', viewToken: 'tok', label: 'core db', digest: 'ab'.repeat(8) });
		expect(calls[0][0]).toBe('http://relay:3000/api/db/explain?db=core+db&digest=abababababababab');
		expect(calls[0][1]?.headers).toEqual({ authorization: 'Bearer tok' });
		expect(outcome).toMatchObject({ kind: 'plan', statement: 'SELECT 1', generic: false });
		expect(explainUrl('', 'x', 'y')).toBe('/api/db/explain?db=x&digest=y');
	});

	it('turns each refusal into its own message, with the relay hint', async () => {
		const cases: [number, string][] = [
			[403, 'databases.explain.forbidden'],
			[409, 'databases.explain.noSample'],
			[404, 'databases.explain.unknown'],
			[422, 'databases.explain.notData'],
			[429, 'databases.explain.busy'],
			[401, 'databases.explain.unauthorized'],
			[500, 'databases.explain.failed']
		];
		for (const [status, key] of cases) {
			const outcome = await requestExplain({ fetch: answer(status, { error: `e${status}`, hint: 'grant it' }) as typeof fetch, relayUrl: '', viewToken: '', label: 'db', digest: 'd' });
			expect(outcome).toEqual({ kind: 'problem', messageKey: key, detail: `e${status}`, hint: 'grant it' });
		}
		const simulated = await requestExplain({ fetch: answer(404, { error: 'No database is configured with the label "deposits-mysql".', databases: [] }) as typeof fetch, relayUrl: '', viewToken: '', label: 'deposits-mysql', digest: 'd' });
		expect(simulated).toMatchObject({ kind: 'problem', messageKey: 'databases.explain.notCollected' });
		const unseen = await requestExplain({ fetch: answer(404, { error: 'not seen', databases: ['core'] }) as typeof fetch, relayUrl: '', viewToken: '', label: 'core', digest: 'd' });
		expect(unseen).toMatchObject({ messageKey: 'databases.explain.unknown' });
		const down = await requestExplain({ fetch: (async () => { throw new TypeError('Failed to fetch'); }) as typeof fetch, relayUrl: '', viewToken: '', label: 'db', digest: 'd' });
		expect(down).toMatchObject({ kind: 'problem', messageKey: 'databases.explain.unreachable', detail: 'Failed to fetch' });
		const html = await requestExplain({ fetch: (async () => new Response('<html>bad gateway</html>', { status: 502 })) as typeof fetch, relayUrl: '', viewToken: '', label: 'db', digest: 'd' });
		expect(html).toMatchObject({ messageKey: 'databases.explain.refused', detail: 'HTTP 502' });
	});
});

describe('plan outline', () => {
	it('reads PostgreSQL JSON plans as an indented tree', () => {
		const plan = [{ Plan: { 'Node Type': 'Nested Loop', 'Total Cost': 42.5, 'Plan Rows': 3, Plans: [
			{ 'Node Type': 'Seq Scan', 'Relation Name': 'accounts', 'Total Cost': 20, 'Plan Rows': 1000 },
			{ 'Node Type': 'Index Scan', 'Relation Name': 'transfers', 'Index Name': 'transfers_pkey', 'Total Cost': 8.3, 'Plan Rows': 1 }
		] } }];
		expect(planOutline(plan)).toEqual([
			{ depth: 0, operation: 'Nested Loop', target: '', rows: 3, cost: 42.5 },
			{ depth: 1, operation: 'Seq Scan', target: 'accounts', rows: 1000, cost: 20 },
			{ depth: 1, operation: 'Index Scan', target: 'transfers', rows: 1, cost: 8.3 }
		]);
	});

	it('reads MySQL and MariaDB JSON plans table by table', () => {
		const plan = { query_block: { select_id: 1, nested_loop: [
			{ table: { table_name: 'accounts', access_type: 'ALL', rows: 1200 } },
			{ table: { table_name: 'limits', access_type: 'ref', key: 'idx_customer', rows_examined_per_scan: '2' } }
		] } };
		expect(planOutline(plan)).toEqual([
			{ depth: 0, operation: 'ALL', target: 'accounts', rows: 1200, cost: null },
			{ depth: 0, operation: 'ref', target: 'limits (idx_customer)', rows: 2, cost: null }
		]);
		expect(planOutline('nonsense')).toEqual([]);
	});
});
