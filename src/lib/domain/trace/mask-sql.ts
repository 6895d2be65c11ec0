/**
 * SQL literal masking for display: values a statement carried (customer ids, amounts,
 * names) become `?`, while its shape (keywords, table and column names, placeholders) stays.
 *
 * Masked: quoted strings ('…' with '' or \' escapes, E'…', N'…', X'…', B'…', DATE '…' keeps
 * `DATE`), PostgreSQL dollar-quoted strings ($$…$$, $tag$…$tag$), numbers (integers,
 * decimals, exponents, a leading sign after an operator), hex (0x1F), and comments
 * (dropped: they can quote values). `IN (…)` lists of literals collapse to `IN (?)`, so
 * statements that differ only in list length read the same.
 * Kept: identifiers (also `"quoted"`, `` `quoted` `` and `[quoted]`), digits inside
 * identifiers (t1, col_2), placeholders (?, $1, :name, @name), TRUE/FALSE/NULL.
 * An unterminated string or comment is masked to the end. Never throws.
 */

const identStart = /[A-Za-z_\u0080-\uffff]/;
const identPart = /[A-Za-z0-9_$\u0080-\uffff]/;
const digit = /[0-9]/;

/** Tokens after which `-` or `+` is a sign rather than a binary operator. */
const signAfterChar = new Set(['=', '<', '>', '(', ',', '+', '-', '*', '/', '%']);
const signAfterWord = new Set(
	['and', 'or', 'not', 'in', 'between', 'like', 'values', 'select', 'where', 'when', 'then', 'else', 'return', 'by', 'set', 'is', 'limit', 'offset', 'on']
);

/** Whether a `-`/`+` appended now would be a sign: looks back over the output's last token only. */
function signAllowed(out: string): boolean {
	let end = out.length;
	while (end > 0 && /\s/.test(out[end - 1])) end--;
	if (end === 0) return true;
	const last = out[end - 1];
	if (signAfterChar.has(last)) return true;
	if (!identPart.test(last)) return false;
	let start = end - 1;
	while (start > 0 && identPart.test(out[start - 1]) && end - start < 8) start--;
	return signAfterWord.has(out.slice(start, end).toLowerCase());
}

export function maskSql(statement: string): string {
	const sql = typeof statement === 'string' ? statement : String(statement);
	let out = '';
	let i = 0;
	const n = sql.length;
	while (i < n) {
		const ch = sql[i];
		const next = sql[i + 1];
		if (ch === '-' && next === '-') {
			const end = sql.indexOf('\n', i);
			i = end < 0 ? n : end;
			continue;
		}
		if (ch === '/' && next === '*') {
			const end = sql.indexOf('*/', i + 2);
			i = end < 0 ? n : end + 2;
			continue;
		}
		if (ch === "'") {
			i = skipQuoted(sql, i);
			out += '?';
			continue;
		}
		if ((ch === 'E' || ch === 'e' || ch === 'N' || ch === 'n' || ch === 'X' || ch === 'x' || ch === 'B' || ch === 'b') && next === "'" && !identPart.test(sql[i - 1] ?? ' ')) {
			i = skipQuoted(sql, i + 1);
			out += '?';
			continue;
		}
		if (ch === '"' || ch === '`' || ch === '[') {
			const close = ch === '[' ? ']' : ch;
			let end = sql.indexOf(close, i + 1);
			while (end >= 0 && ch !== '[' && sql[end + 1] === close) end = sql.indexOf(close, end + 2);
			const stop = end < 0 ? n : end + 1;
			out += sql.slice(i, stop);
			i = stop;
			continue;
		}
		if (ch === '$') {
			const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
			if (tag) {
				const end = sql.indexOf(tag[0], i + tag[0].length);
				i = end < 0 ? n : end + tag[0].length;
				out += '?';
				continue;
			}
			let j = i + 1;
			while (j < n && digit.test(sql[j])) j++;
			out += sql.slice(i, j);
			i = j;
			continue;
		}
		if ((ch === ':' || ch === '@') && identStart.test(next ?? '') && sql[i - 1] !== ':') {
			let j = i + 1;
			while (j < n && identPart.test(sql[j])) j++;
			out += sql.slice(i, j);
			i = j;
			continue;
		}
		if (identStart.test(ch)) {
			let j = i + 1;
			while (j < n && identPart.test(sql[j])) j++;
			out += sql.slice(i, j);
			i = j;
			continue;
		}
		if (digit.test(ch) || (ch === '.' && digit.test(next ?? ''))) {
			i = skipNumber(sql, i);
			out += '?';
			continue;
		}
		if ((ch === '-' || ch === '+') && (digit.test(next ?? '') || (next === '.' && digit.test(sql[i + 2] ?? ''))) && signAllowed(out)) {
			i = skipNumber(sql, i + 1);
			out += '?';
			continue;
		}
		out += ch;
		i++;
	}
	return collapseInLists(out);
}

/** `start` is at the opening quote; returns the index after the closing one (or the end). */
function skipQuoted(sql: string, start: number): number {
	let i = start + 1;
	while (i < sql.length) {
		const ch = sql[i];
		if (ch === '\\') i += 2;
		else if (ch === "'") {
			if (sql[i + 1] === "'") i += 2;
			else return i + 1;
		} else i++;
	}
	return sql.length;
}

function skipNumber(sql: string, start: number): number {
	let i = start;
	if (sql[i] === '0' && (sql[i + 1] === 'x' || sql[i + 1] === 'X')) {
		i += 2;
		while (i < sql.length && /[0-9a-fA-F]/.test(sql[i])) i++;
		return i;
	}
	while (i < sql.length && digit.test(sql[i])) i++;
	if (sql[i] === '.') {
		i++;
		while (i < sql.length && digit.test(sql[i])) i++;
	}
	if ((sql[i] === 'e' || sql[i] === 'E') && /[0-9]/.test(sql[i + 1] === '+' || sql[i + 1] === '-' ? sql[i + 2] ?? '' : sql[i + 1] ?? '')) {
		i += sql[i + 1] === '+' || sql[i + 1] === '-' ? 2 : 1;
		while (i < sql.length && digit.test(sql[i])) i++;
	}
	return i;
}

/** `IN (?, ?, ?)` → `IN (?)`; lists holding anything but masked literals are left alone. */
function collapseInLists(masked: string): string {
	return masked.replace(/\b(in)\s*\(\s*\?(?:\s*,\s*\?)*\s*\)/gi, '$1 (?)');
}
