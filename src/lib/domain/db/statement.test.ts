import { describe, expect, it } from 'vitest';
import { checkExplainable, dollarParamCount, hasPlaceholders, redactSecrets, truncateText } from './statement';

describe('redactSecrets', () => {
	it('masks the literals of statements that can carry a password', () => {
		expect(redactSecrets("CREATE USER 'app'@'%' IDENTIFIED BY 'hunter2'")).not.toContain('hunter2');
		expect(redactSecrets("ALTER ROLE app PASSWORD 's3cret'")).toMatch(/^ALTER role app password \?$/);
	});

	it('leaves ordinary statements as executed', () => {
		const sql = "SELECT * FROM accounts WHERE owner = 'kim'";
		expect(redactSecrets(sql)).toBe(sql);
	});
});

describe('truncateText', () => {
	it('cuts to the limit with an ellipsis counted in it', () => {
		expect(truncateText('abcdef', 4)).toBe('abc…');
		expect(truncateText('abc', 4)).toBe('abc');
	});
});

describe('checkExplainable', () => {
	it('accepts a single data statement and strips trailing semicolons', () => {
		expect(checkExplainable('  SELECT 1 ;; ')).toEqual({ ok: true, sql: 'SELECT 1' });
		expect(checkExplainable("UPDATE t SET a = ';' WHERE id = 1").ok).toBe(true);
		expect(checkExplainable('/* c */ with x as (select 1) select * from x').ok).toBe(true);
	});

	it('refuses other statements, several statements and collapsed digest texts', () => {
		expect(checkExplainable('DROP TABLE accounts')).toMatchObject({ ok: false, reason: expect.stringContaining('DROP') });
		expect(checkExplainable('SELECT 1; DELETE FROM t').ok).toBe(false);
		expect(checkExplainable('SELECT * FROM t WHERE id IN (...)').ok).toBe(false);
		expect(checkExplainable('').ok).toBe(false);
		expect(checkExplainable('EXPLAIN ANALYZE DELETE FROM t').ok).toBe(false);
	});
});

describe('placeholders', () => {
	it('finds the highest $n outside string literals', () => {
		expect(dollarParamCount('SELECT $1, $3, $2')).toBe(3);
		expect(dollarParamCount("SELECT '$9', $1")).toBe(1);
		expect(dollarParamCount('SELECT 1')).toBe(0);
	});

	it('tells literal samples from placeholder texts', () => {
		expect(hasPlaceholders('SELECT * FROM t WHERE id = 42')).toBe(false);
		expect(hasPlaceholders("SELECT * FROM t WHERE note = 'why?'")).toBe(false);
		expect(hasPlaceholders('SELECT * FROM t WHERE id = ?')).toBe(true);
		expect(hasPlaceholders('SELECT * FROM t WHERE id = $1')).toBe(true);
	});
});
