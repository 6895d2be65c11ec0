/**
 * Statement digests shared by the database collectors and by span analysis.
 *
 * One function, `normaliseSql`, maps every spelling of a statement to one canonical text:
 * a span's `db.query.text` with literals (`SELECT * FROM accounts WHERE id = 42`), MySQL's
 * performance_schema DIGEST_TEXT (``SELECT * FROM `accounts` WHERE `id` = ?``) and
 * PostgreSQL's pg_stat_statements text (`select * from accounts where id = $1`) all become
 * `SELECT * FROM accounts WHERE id = ?`. `sqlDigest` hashes that text to the 16-hex-digit
 * `db.query.digest` that links spans to collector statistics.
 *
 * Canonical form: comments dropped; string, number, `?`, `$n`, `:name` and dollar-quoted
 * literals become `?` (a sign directly before a number is part of it); quoted identifiers
 * lose their quotes; identifiers are lower-cased and known keywords upper-cased; a
 * parenthesised list holding only literals becomes `(...)`, and a run of such lists
 * separated by commas (multi-row VALUES) becomes one; one space between tokens except
 * around `.` and `::`, after `(` and before `)` `,` `;`; a trailing `;` is dropped.
 * MySQL truncates digest texts past `max_digest_length` (1024 bytes by default): such a
 * truncated text gets its own digest and will not match the full statement.
 */

import { KEYWORDS, SPACE_BEFORE_PAREN, collapseLists, tokenize, type Token } from './sql-tokens';

export { querySummary } from './summary';

function render(tokens: Token[]): string {
	let out = '';
	let prev: Token | undefined;
	for (const t of tokens) {
		const text = t.kind === 'word' && KEYWORDS.has(t.text) ? t.text.toUpperCase() : t.text;
		let space = prev !== undefined;
		if (prev) {
			if (prev.text === '(' || prev.text === '.' || prev.text === '::') space = false;
			if (t.text === ')' || t.text === ',' || t.text === '.' || t.text === ';' || t.text === '::') space = false;
			if ((t.text === '(' || t.text === '(...)') && prev.kind === 'word' && !SPACE_BEFORE_PAREN.has(prev.text) && !KEYWORDS.has(prev.text)) {
				space = false;
			}
		}
		out += space ? ' ' + text : text;
		prev = t;
	}
	return out;
}

/** Canonical statement text (see the module comment). Never throws; '' for empty input. */
export function normaliseSql(sql: string): string {
	const tokens = collapseLists(tokenize(sql));
	while (tokens.length > 0 && tokens.at(-1)!.text === ';') tokens.pop();
	return render(tokens);
}

/**
 * 64-bit FNV-1a taking each UTF-16 code unit as one 16-bit word, as 16 lowercase hex digits.
 * Stable across runtimes and releases: stored digests and resource ids depend on it.
 */
export function stableHash16(text: string): string {
	// Offset basis 0xcbf29ce484222325 in four 16-bit limbs, least significant first.
	let h0 = 0x2325;
	let h1 = 0x8422;
	let h2 = 0x9ce4;
	let h3 = 0xcbf2;
	for (let i = 0; i < text.length; i++) {
		h0 ^= text.charCodeAt(i);
		[h0, h1, h2, h3] = fnvMultiply(h0, h1, h2, h3);
	}
	return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
}

function fnvMultiply(h0: number, h1: number, h2: number, h3: number): [number, number, number, number] {
	// x * 0x100000001b3 mod 2^64 = x * 0x1b3 + (x << 40); limbs stay below 2^26, exact in float64.
	const t0 = h0 * 0x1b3;
	let t1 = h1 * 0x1b3;
	let t2 = h2 * 0x1b3;
	let t3 = h3 * 0x1b3;
	t2 += h0 << 8;
	t3 += h1 << 8;
	t1 += t0 >>> 16;
	t2 += t1 >>> 16;
	t3 += t2 >>> 16;
	return [t0 & 0xffff, t1 & 0xffff, t2 & 0xffff, t3 & 0xffff];
}

/** `db.query.digest` for any spelling of a statement: the hash of its canonical text. */
export function sqlDigest(sql: string): string {
	return stableHash16(normaliseSql(sql));
}
