/**
 * SQL tokenizer behind the statement digest (digest.ts) and summary (summary.ts). It never
 * throws: unterminated quotes and comments run to the end of the text.
 */

export type TokenKind = 'word' | 'literal' | 'punct' | 'ellipsis';
export interface Token {
	kind: TokenKind;
	text: string;
}

export const KEYWORDS = new Set(
	(
		'select from where and or not in is null like ilike between exists values insert into update set ' +
		'delete replace merge join inner left right full outer cross natural on using as group by order ' +
		'having limit offset fetch first next rows row only union all distinct intersect except with ' +
		'recursive case when then else end asc desc returning conflict do nothing for share nowait skip ' +
		'locked lock table create alter drop index view begin start transaction commit rollback savepoint ' +
		'release show call explain analyze any some true false default lateral window over partition ' +
		'ignore duplicate key interval straight_join high_priority low_priority delayed sql_calc_found_rows ' +
		'escape cast'
	).split(' ')
);

/** A sign directly before a number is part of the literal when the previous token is one of these words. */
const SIGN_AFTER_WORDS = new Set(
	'select where and or not in values set then else when by limit offset between like return case is on having'.split(
		' '
	)
);

/** Words after which `(` opens a list or subquery, not a function call's arguments. */
export const SPACE_BEFORE_PAREN = new Set(
	'from where and or not in values into join on as exists using select set when then else any some all over'.split(
		' '
	)
);

const OPERATOR_CHARS = '<>=!|&+-*/%^~:@#';

function isWordStart(c: string): boolean {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c > '\u007f';
}
function isWordPart(c: string): boolean {
	return isWordStart(c) || (c >= '0' && c <= '9') || c === '$';
}
function isDigit(c: string): boolean {
	return c >= '0' && c <= '9';
}

/** Index just past a quoted run starting at `start` (the opening quote); doubled quotes and backslashes escape. */
function skipQuoted(sql: string, start: number, quote: string, backslash: boolean): number {
	let i = start + 1;
	while (i < sql.length) {
		const c = sql[i];
		if (backslash && c === '\\') {
			i += 2;
			continue;
		}
		if (c === quote) {
			if (sql[i + 1] === quote) {
				i += 2;
				continue;
			}
			return i + 1;
		}
		i++;
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
	while (i < sql.length && isDigit(sql[i])) i++;
	if (sql[i] === '.') {
		i++;
		while (i < sql.length && isDigit(sql[i])) i++;
	}
	if ((sql[i] === 'e' || sql[i] === 'E') && (isDigit(sql[i + 1] ?? '') || /[+-]/.test(sql[i + 1] ?? ''))) {
		i += 2;
		while (i < sql.length && isDigit(sql[i])) i++;
	}
	return i;
}

function signIsUnary(prev: Token | undefined): boolean {
	if (!prev) return true;
	if (prev.kind === 'punct') return prev.text !== ')';
	if (prev.kind === 'word') return SIGN_AFTER_WORDS.has(prev.text);
	return false;
}

export function tokenize(sql: string): Token[] {
	const tokens: Token[] = [];
	const literal = () => tokens.push({ kind: 'literal', text: '?' });
	let i = 0;
	while (i < sql.length) {
		const c = sql[i];
		const next = sql[i + 1] ?? '';
		if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
			i++;
		} else if ((c === '-' && next === '-') || c === '#') {
			const end = sql.indexOf('\n', i);
			i = end < 0 ? sql.length : end + 1;
		} else if (c === '/' && next === '*') {
			const end = sql.indexOf('*/', i + 2);
			i = end < 0 ? sql.length : end + 2;
		} else if (c === "'") {
			i = skipQuoted(sql, i, "'", true);
			literal();
		} else if (c === '"' || c === '`') {
			const end = skipQuoted(sql, i, c, false);
			const inner = sql.slice(i + 1, end - 1).split(c + c).join(c);
			tokens.push({ kind: 'word', text: inner.toLowerCase() });
			i = end;
		} else if (c === '$' && isDigit(next)) {
			i += 2;
			while (i < sql.length && isDigit(sql[i])) i++;
			literal();
		} else if (c === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i, i + 64))) {
			const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64))![0];
			const end = sql.indexOf(tag, i + tag.length);
			i = end < 0 ? sql.length : end + tag.length;
			literal();
		} else if (c === '?') {
			i++;
			literal();
		} else if (c === '.' && next === '.' && sql[i + 2] === '.') {
			i += 3;
			tokens.push({ kind: 'ellipsis', text: '...' });
		} else if (isDigit(c) || (c === '.' && isDigit(next))) {
			i = skipNumber(sql, i);
			literal();
		} else if ((c === '-' || c === '+') && (isDigit(next) || (next === '.' && isDigit(sql[i + 2] ?? ''))) && signIsUnary(tokens.at(-1))) {
			i = skipNumber(sql, i + 1);
			literal();
		} else if (c === ':' && isWordStart(next) && sql[i - 1] !== ':') {
			i++;
			while (i < sql.length && isWordPart(sql[i])) i++;
			literal();
		} else if (isWordStart(c)) {
			let end = i + 1;
			while (end < sql.length && isWordPart(sql[end])) end++;
			const word = sql.slice(i, end);
			// E'..', N'..', X'..', B'..' and _charset'..' are single string literals.
			if (sql[end] === "'" && (/^[enxbENXB]$/.test(word) || word[0] === '_')) {
				i = skipQuoted(sql, end, "'", true);
				literal();
			} else {
				tokens.push({ kind: 'word', text: word.toLowerCase() });
				i = end;
			}
		} else if ('(),.;[]{}'.includes(c)) {
			tokens.push({ kind: 'punct', text: c });
			i++;
		} else if (OPERATOR_CHARS.includes(c)) {
			let end = i + 1;
			while (end < sql.length && OPERATOR_CHARS.includes(sql[end]) && !(sql[end] === '-' && sql[end + 1] === '-')) end++;
			tokens.push({ kind: 'punct', text: sql.slice(i, end) });
			i = end;
		} else {
			tokens.push({ kind: 'punct', text: c });
			i++;
		}
	}
	return tokens;
}

/**
 * A unary sign before a placeholder is dropped (MariaDB's digest writes `-5` as `- ?`), then
 * `(` literal-or-ellipsis (`,` literal-or-ellipsis)* `)` becomes one ellipsis group.
 */
export function collapseLists(input: Token[]): Token[] {
	const tokens: Token[] = [];
	for (let i = 0; i < input.length; i++) {
		const t = input[i];
		const signed = t.kind === 'punct' && (t.text === '-' || t.text === '+');
		if (signed && input[i + 1]?.kind === 'literal' && signIsUnary(tokens.at(-1))) continue;
		tokens.push(t);
	}
	const out: Token[] = [];
	for (let i = 0; i < tokens.length; i++) {
		const t = tokens[i];
		if (t.kind === 'punct' && t.text === '(') {
			let j = i + 1;
			let onlyLiterals = true;
			let expectValue = true;
			while (j < tokens.length && !(tokens[j].kind === 'punct' && tokens[j].text === ')')) {
				const u = tokens[j];
				const ok = expectValue ? u.kind === 'literal' || u.kind === 'ellipsis' : u.kind === 'punct' && u.text === ',';
				if (!ok) {
					onlyLiterals = false;
					break;
				}
				expectValue = !expectValue;
				j++;
			}
			if (onlyLiterals && j < tokens.length && !expectValue) {
				out.push({ kind: 'ellipsis', text: '(...)' });
				i = j;
				continue;
			}
		}
		out.push(t);
	}
	// `(...), (...), (...)` (multi-row VALUES) becomes `(...)`.
	const merged: Token[] = [];
	for (let i = 0; i < out.length; i++) {
		const t = out[i];
		if (
			t.text === ',' &&
			merged.at(-1)?.text === '(...)' &&
			out[i + 1]?.text === '(...)'
		) {
			i++;
			continue;
		}
		merged.push(t);
	}
	return merged;
}
