import { describe, expect, it } from 'vitest';
import { normaliseSql, querySummary, sqlDigest, stableHash16 } from './digest';

/** Reference 64-bit FNV-1a over 16-bit code units, with BigInt. */
function referenceHash(text: string): string {
	let h = 0xcbf29ce484222325n;
	for (let i = 0; i < text.length; i++) {
		h ^= BigInt(text.charCodeAt(i));
		h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
	}
	return h.toString(16).padStart(16, '0');
}

describe('stableHash16', () => {
	it('is 64-bit FNV-1a over UTF-16 code units', () => {
		for (const text of ['', 'a', 'SELECT * FROM t WHERE id = ?', '계좌 이체', 'x'.repeat(5000), '\uffff\u0000']) {
			expect(stableHash16(text)).toBe(referenceHash(text));
		}
		expect(stableHash16('')).toBe('cbf29ce484222325');
	});
});

describe('normaliseSql', () => {
	it('gives a span text, a MariaDB digest text and a pg_stat_statements text one canonical form', () => {
		const spellings = [
			"select *  from accounts\n where id = 42 and owner = 'kim'",
			'SELECT * FROM `accounts` WHERE ID = ? AND `owner` = ? ',
			'SELECT * FROM accounts WHERE id = $1 AND owner = $2;'
		];
		const canonical = spellings.map(normaliseSql);
		expect(new Set(canonical).size).toBe(1);
		expect(canonical[0]).toBe('SELECT * FROM accounts WHERE id = ? AND owner = ?');
		expect(new Set(spellings.map(sqlDigest)).size).toBe(1);
	});

	it('collapses IN lists of any length and multi-row VALUES', () => {
		expect(normaliseSql('SELECT a FROM t WHERE b IN (1, 2, 3)')).toBe(normaliseSql('SELECT a FROM t WHERE b IN (7)'));
		expect(normaliseSql('SELECT a FROM t WHERE b IN ($1,$2,$3)')).toBe('SELECT a FROM t WHERE b IN (...)');
		expect(normaliseSql('SELECT a FROM t WHERE b IN (...)')).toBe('SELECT a FROM t WHERE b IN (...)');
		expect(normaliseSql("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')")).toBe('INSERT INTO t VALUES (...)');
		expect(normaliseSql('INSERT INTO `t` VALUES (...) /* , ... */ ')).toBe('INSERT INTO t VALUES (...)');
	});

	it('folds signs into literals only where the sign is unary', () => {
		expect(normaliseSql('SELECT * FROM t WHERE balance > -5')).toBe('SELECT * FROM t WHERE balance > ?');
		expect(normaliseSql('SELECT * FROM `t` WHERE `balance` > - ? ')).toBe('SELECT * FROM t WHERE balance > ?');
		expect(normaliseSql('SELECT a - 5 FROM t')).toBe('SELECT a - ? FROM t');
		expect(normaliseSql('SELECT f(x) -1 FROM t')).toBe('SELECT f(x) - ? FROM t');
	});

	it('masks every kind of literal and drops comments', () => {
		const text = "/* app=web */ SELECT E'it''s', x'ff', 1.5e3, 0x1F, $$body$$, $t$a$t$, :name -- trailing\nFROM t # mysql comment";
		expect(normaliseSql(text)).toBe('SELECT ?, ?, ?, ?, ?, ?, ? FROM t');
	});

	it('keeps casts, dotted names and quoted identifiers readable', () => {
		expect(normaliseSql('SELECT "Owner"."Name", $1::int FROM bank.accounts')).toBe('SELECT owner.name, ?::int FROM bank.accounts');
		expect(normaliseSql('SELECT SLEEP(1.5)')).toBe(normaliseSql('SELECT `SLEEP` (?) '));
	});

	it('never throws on broken input', () => {
		for (const text of ["SELECT 'unterminated", 'SELECT /* open', 'SELECT "x', '$$', ')(', '', '\u0000\u0001', '-- only']) {
			expect(() => normaliseSql(text)).not.toThrow();
		}
		expect(normaliseSql('   ')).toBe('');
	});

	it('distinguishes statements that differ in more than literals', () => {
		expect(sqlDigest('SELECT * FROM a WHERE id = 1')).not.toBe(sqlDigest('SELECT * FROM b WHERE id = 1'));
		expect(sqlDigest('SELECT * FROM a WHERE id = 1')).not.toBe(sqlDigest('SELECT * FROM a WHERE id > 1'));
		expect(sqlDigest('SELECT * FROM a WHERE id = 1')).toMatch(/^[0-9a-f]{16}$/);
	});
});

describe('querySummary', () => {
	it('names the operation and up to three tables in order', () => {
		expect(querySummary('SELECT * FROM accounts WHERE id = 1')).toBe('SELECT accounts');
		expect(querySummary('select * from bank.accounts a join bank.transfers t on t.a = a.id')).toBe('SELECT bank.accounts bank.transfers');
		expect(querySummary('INSERT INTO `audit` (a) VALUES (?)')).toBe('INSERT audit');
		expect(querySummary('UPDATE accounts SET balance = balance - 1 WHERE id = 2')).toBe('UPDATE accounts');
		expect(querySummary('DELETE FROM sessions WHERE expires < now()')).toBe('DELETE sessions');
		expect(querySummary('SELECT 1 FROM a, b JOIN c ON 1 JOIN d ON 1 JOIN e ON 1')).toBe('SELECT a c d');
	});

	it('takes the main statement after WITH and handles statements without tables', () => {
		expect(querySummary('WITH r AS (SELECT id FROM a) DELETE FROM b USING r WHERE b.id = r.id')).toBe('DELETE a b');
		expect(querySummary('SELECT pg_sleep(2)')).toBe('SELECT');
		expect(querySummary('COMMIT')).toBe('COMMIT');
		expect(querySummary('')).toBe('');
	});
});
