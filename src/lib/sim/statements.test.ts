import { describe, expect, it } from 'vitest';
import { normaliseSql, querySummary, sqlDigest } from '../domain/db/digest';
import { renderSql, SQL } from './statements';

describe('statements', () => {
	it('renders literal values into placeholders, quoting strings', () => {
		expect(renderSql('SELECT a FROM t WHERE id = ? AND name = ?', [42, "O'Brien"])).toBe("SELECT a FROM t WHERE id = 42 AND name = 'O''Brien'");
		expect(renderSql('SELECT ? , ?', [1])).toBe('SELECT 1 , NULL');
	});

	it('gives each statement one digest whatever literal values a span carries', () => {
		const digests = new Set<string>();
		for (const st of Object.values(SQL)) {
			const values = (st.sql.match(/\?/g) ?? []).map((_, i) => (i % 2 === 0 ? 1000 + i : `v${i}`));
			const rendered = renderSql(st.sql, values);
			expect(sqlDigest(rendered)).toBe(sqlDigest(st.sql));
			expect(normaliseSql(rendered)).not.toMatch(/\d{4}|'v/);
			expect(querySummary(rendered).split(' ')[0]).toBe(st.operation);
			digests.add(sqlDigest(st.sql));
		}
		expect(digests.size).toBe(Object.keys(SQL).length);
	});
});
