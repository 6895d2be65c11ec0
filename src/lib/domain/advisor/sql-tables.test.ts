import { describe, expect, it } from 'vitest';
import { extractSqlTables, tablesOfSpan } from './sql-tables';

const summary = (sql: string) =>
	extractSqlTables(sql)
		.map((t) => `${t.table}:${t.read ? 'r' : ''}${t.write ? 'w' : ''}`)
		.sort();

describe('extractSqlTables', () => {
	it.each([
		['SELECT * FROM account WHERE id = 1', ['account:r']],
		['select a.id from ACCOUNT a, customer c where a.cust = c.id', ['account:r', 'customer:r']],
		['SELECT * FROM core.account AS a LEFT OUTER JOIN core.ledger l ON l.acc = a.id', ['core.account:r', 'core.ledger:r']],
		['SELECT x FROM t1 INNER JOIN t2 USING (id) CROSS JOIN t3', ['t1:r', 't2:r', 't3:r']],
		['INSERT INTO ledger_entry (id, amt) VALUES (1, 2)', ['ledger_entry:w']],
		['INSERT INTO ledger_entry(id, amt) SELECT id, amt FROM staging', ['ledger_entry:w', 'staging:r']],
		["INSERT IGNORE INTO `audit_log` VALUES ('from x', 'join y')", ['audit_log:w']],
		['INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = a + 1', ['t:w']],
		['UPDATE account SET balance = balance - 10 WHERE id = ?', ['account:w']],
		['UPDATE account a SET balance = 0 FROM closing c WHERE a.id = c.id', ['account:w', 'closing:r']],
		['UPDATE account a JOIN customer c ON a.cust = c.id SET a.flag = 1', ['account:w', 'customer:r']],
		['DELETE FROM session WHERE expires < now()', ['session:w']],
		['DELETE FROM orders o USING customers c WHERE o.cust = c.id', ['customers:r', 'orders:w']],
		['DELETE o FROM orders o JOIN customers c ON o.cust = c.id', ['customers:r', 'orders:rw']],
		['MERGE INTO balance b USING daily d ON (b.id = d.id) WHEN MATCHED THEN UPDATE SET b.v = d.v', ['balance:w', 'daily:r']],
		['REPLACE INTO cache_entry VALUES (1)', ['cache_entry:w']],
		['TRUNCATE TABLE staging', ['staging:w']],
		['CREATE TABLE IF NOT EXISTS archive (id int)', ['archive:w']],
		['SELECT * FROM (SELECT id FROM inner_t) x JOIN other ON other.id = x.id', ['inner_t:r', 'other:r']],
		['WITH recent AS (SELECT * FROM ledger WHERE d > ?) SELECT * FROM recent JOIN account ON true', ['account:r', 'ledger:r']],
		['WITH a AS (SELECT 1 FROM x), b AS (SELECT 2 FROM y) SELECT * FROM a, b', ['x:r', 'y:r']],
		['SELECT * FROM "Mixed Case"."Table" WHERE 1=1', ['mixed case.table:r']],
		['SELECT * FROM [dbo].[Orders] WITH (NOLOCK)', ['dbo.orders:r']],
		['SELECT 1 FROM dual', []],
		['SELECT * FROM generate_series(1, 10) g', []],
		["SELECT * FROM a WHERE note = 'it''s FROM b' -- FROM c\n/* JOIN d */", ['a:r']],
		['SELECT * FROM account FOR UPDATE', ['account:r']],
		['SELECT id FROM t1 UNION ALL SELECT id FROM t2', ['t1:r', 't2:r']]
	])('%s', (sql, expected) => {
		expect(summary(sql)).toEqual(expected);
	});

	it('never throws on garbage or truncated statements', () => {
		for (const sql of ['', 'FROM', 'SELECT * FROM', 'INSERT INTO', "SELECT 'unterminated", 'SELECT * FROM "open', '((((', 'UPDATE', 'DELETE o FROM']) {
			expect(() => extractSqlTables(sql)).not.toThrow();
		}
	});
});

describe('tablesOfSpan', () => {
	it('prefers db.collection.name with the operation for read or write', () => {
		expect(
			tablesOfSpan({ 'db.system.name': 'mysql', 'db.collection.name': 'ACCOUNT', 'db.operation.name': 'UPDATE', 'db.query.text': 'UPDATE ACCOUNT SET x = 1' })
		).toEqual([{ table: 'account', read: false, write: true }]);
	});

	it('keeps the other tables of the statement', () => {
		expect(
			tablesOfSpan({ 'db.system': 'postgresql', 'db.sql.table': 'orders', 'db.statement': 'SELECT * FROM orders JOIN items ON true' })
		).toEqual([
			{ table: 'orders', read: true, write: false },
			{ table: 'items', read: true, write: false }
		]);
	});

	it('parses the statement when no table attribute is present', () => {
		expect(tablesOfSpan({ 'db.system': 'mysql', 'db.statement': 'DELETE FROM session' })).toEqual([
			{ table: 'session', read: false, write: true }
		]);
	});

	it('ignores caches and spans that are not database calls', () => {
		expect(tablesOfSpan({ 'db.system': 'redis', 'db.query.text': 'GET account:1' })).toEqual([]);
		expect(tablesOfSpan({ 'http.request.method': 'GET' })).toEqual([]);
	});
});
