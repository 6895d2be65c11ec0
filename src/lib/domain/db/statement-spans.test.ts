import { describe, expect, it } from 'vitest';
import { SpanKind, type SpanRecord } from '../../protocol/records';
import { makeSpan } from '../telemetry/test-spans';
import { sqlDigest } from './digest';
import { StatementSpanFold } from './statement-spans';

const t0 = 1_780_000_000_000;
const template = 'SELECT daily_limit_krw, used_today_krw FROM transfer_limit WHERE customer_id = ? AND limit_date = ?';

/** A trace: root SERVER span of `rootService`, one DB CLIENT span of `service` running `sql`. */
function trace(n: number, rootService: string, rootName: string, service: string, sql: string, endMs: number, key = 'db.query.text'): SpanRecord[] {
	const traceId = n.toString(16).padStart(32, '0');
	const root = makeSpan({ traceId, service: rootService, name: rootName, endMs: endMs + 5, durationMs: 50 });
	const db = makeSpan({ traceId, service, name: 'SELECT transfer_limit', kind: SpanKind.Client, parentSpanId: root.spanId, endMs, durationMs: 20 + n, error: n % 5 === 0 });
	db.attrs = { 'db.system': 'mysql', [key]: sql };
	return [db, root];
}

describe('spans that ran a statement', () => {
	const digest = sqlDigest(template);
	const spans = [
		...trace(1, 'api-gateway', 'POST /ib/api/transfer', 'transfer', "SELECT daily_limit_krw, used_today_krw FROM transfer_limit WHERE customer_id = 'C-1' AND limit_date = '2026-11-25'", t0 + 1_000),
		...trace(2, 'api-gateway', 'POST /mb/api/transfer', 'transfer', "select daily_limit_krw, used_today_krw from transfer_limit where customer_id = 'C-2' and limit_date = '2026-11-25';", t0 + 2_000),
		// older semantic conventions: db.statement
		...trace(3, 'core-banking', 'POST /cbs/v1/teller/transfer', 'core-banking', 'SELECT daily_limit_krw, used_today_krw FROM transfer_limit WHERE customer_id = 7 AND limit_date = CURRENT_DATE', t0 + 3_000, 'db.statement'),
		...trace(4, 'api-gateway', 'GET /ib/api/accounts', 'accounts', 'SELECT * FROM accounts WHERE id = 9', t0 + 4_000),
		...trace(5, 'api-gateway', 'POST /ib/api/transfer', 'transfer', "SELECT daily_limit_krw, used_today_krw FROM transfer_limit WHERE customer_id = 'C-5' AND limit_date = '2026-11-25'", t0 + 5_000)
	];

	it('matches spans by the digest of their statement text, whatever the literals or spelling', () => {
		const fold = new StatementSpanFold(digest);
		fold.add(spans);
		const r = fold.result();
		expect(r.spansScanned).toBe(10);
		// trace 3 used CURRENT_DATE (a keyword, not a literal): a different statement
		expect(r.matched).toBe(3);
		expect(r.recent.map((s) => s.traceId.slice(-1))).toEqual(['5', '2', '1']);
		expect(r.services).toEqual([{ name: 'transfer', count: 3, errors: 1, totalMs: 21 + 22 + 25, maxMs: 25 }]);
		expect(r.transactions.map((t) => [t.name, t.count])).toEqual([
			['api-gateway: POST /ib/api/transfer', 2],
			['api-gateway: POST /mb/api/transfer', 1]
		]);
		expect(r.unplaced).toBe(0);
	});

	it('places a match whose root came in an earlier chunk, and reports roots it never saw', () => {
		const fold = new StatementSpanFold(digest);
		const [db1, root1] = spans;
		const [db2] = spans.slice(2, 4);
		fold.add([root1]);
		fold.add([db1, db2]);
		expect(fold.result().transactions.map((t) => t.name)).toEqual(['', 'api-gateway: POST /ib/api/transfer']);
		expect(fold.unplacedTraceIds(10)).toEqual([db2.traceId]);
		fold.addRoots([spans[3]]);
		expect(fold.result().unplaced).toBe(0);
	});

	it('keeps its text memo bounded', () => {
		const fold = new StatementSpanFold(digest, { maxCachedTexts: 2, maxRecentRoots: 2, maxRecent: 1, maxKeptMatches: 1 });
		fold.add(spans);
		const r = fold.result();
		expect(r.matched).toBe(3);
		expect(r.recent).toHaveLength(1);
	});
});
