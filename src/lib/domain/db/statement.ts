/**
 * Statement text handling before a text leaves the collector: secrets masked, length bounded,
 * and the EXPLAIN gate (which texts may be planned at all).
 */
import { normaliseSql } from './digest';
import { tokenize } from './sql-tokens';

/**
 * Statements that can carry a password (`CREATE USER .. IDENTIFIED BY '..'`, `ALTER ROLE ..
 * PASSWORD '..'`, `SET PASSWORD`) are reduced to their canonical text, where every literal
 * is `?`. Anything else is returned unchanged.
 */
export function redactSecrets(sql: string): string {
	return /password|identified|\bsecret\b|pgp_sym|aes_encrypt/i.test(sql) ? normaliseSql(sql) : sql;
}

/** At most `maxChars` characters; a cut text ends with `…` (counted in the limit). */
export function truncateText(text: string, maxChars: number): string {
	if (text.length <= maxChars) return text;
	return text.slice(0, Math.max(0, maxChars - 1)) + '…';
}

const EXPLAINABLE_FIRST_WORDS = new Set(['select', 'insert', 'update', 'delete', 'replace', 'with', 'values', 'table']);

export type ExplainCheck = { ok: true; sql: string } | { ok: false; reason: string };

/**
 * Whether `sql` may be given to EXPLAIN (never EXPLAIN ANALYZE): a single data statement.
 * Returns the text without trailing semicolons and surrounding whitespace.
 */
export function checkExplainable(sql: string): ExplainCheck {
	const tokens = tokenize(sql);
	if (tokens.length === 0) return { ok: false, reason: 'The statement is empty.' };
	const first = tokens[0];
	if (first.kind !== 'word' || !EXPLAINABLE_FIRST_WORDS.has(first.text)) {
		return { ok: false, reason: `Only SELECT, INSERT, UPDATE, DELETE, REPLACE and WITH statements can be explained, not ${first.text.toUpperCase()}.` };
	}
	let end = tokens.length;
	while (end > 0 && tokens[end - 1].text === ';') end--;
	if (tokens.slice(0, end).some((t) => t.kind === 'punct' && t.text === ';')) {
		return { ok: false, reason: 'The text holds more than one statement.' };
	}
	if (tokens.some((t) => t.kind === 'ellipsis')) {
		return { ok: false, reason: 'The text is a digest with collapsed lists ("..."), not a statement.' };
	}
	return { ok: true, sql: sql.trim().replace(/[\s;]+$/, '') };
}

/** Highest `$n` placeholder in a PostgreSQL text (0 when none); `$n` inside string literals is ignored. */
export function dollarParamCount(sql: string): number {
	let max = 0;
	const stripped = sql.replace(/'(?:[^']|'')*'/g, "''");
	for (const m of stripped.matchAll(/\$(\d+)/g)) max = Math.max(max, Number(m[1]));
	return max;
}

/** Whether a text still has placeholders (`?` or `$n`) outside string literals, i.e. is not a literal sample. */
export function hasPlaceholders(sql: string): boolean {
	const stripped = sql.replace(/'(?:[^'\\]|''|\\.)*'/g, "''");
	return /\?|\$\d/.test(stripped);
}
