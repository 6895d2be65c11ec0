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

type TokenKind = 'word' | 'literal' | 'punct' | 'ellipsis';
interface Token {
	kind: TokenKind;
	text: string;
}

const KEYWORDS = new Set(
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
const SPACE_BEFORE_PAREN = new Set(
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

function tokenize(sql: string): Token[] {
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

/** `(` literal-or-ellipsis (`,` literal-or-ellipsis)* `)` becomes one ellipsis group. */
function collapseLists(tokens: Token[]): Token[] {
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

const SUMMARY_OPERATIONS = new Set(
	'select insert update delete replace merge call create alter drop truncate begin commit rollback set show explain lock grant revoke vacuum analyze copy'.split(
		' '
	)
);
const MAIN_OPERATIONS = new Set(['select', 'insert', 'update', 'delete', 'merge']);
const TARGET_AFTER = new Set(['from', 'join', 'into', 'update', 'table', 'straight_join']);

/**
 * `db.query.summary` as the semantic conventions describe it: the operation and up to three
 * target tables in order of appearance (`SELECT accounts transfers`), schema prefixes kept
 * (`SELECT bank.accounts`); after a leading WITH the operation is the main statement's. At most
 * 255 characters.
 */
export function querySummary(sql: string): string {
	const tokens = collapseLists(tokenize(sql));
	const words = tokens.filter((t) => t.kind === 'word').map((t) => t.text);
	let operation = words.find((w) => SUMMARY_OPERATIONS.has(w));
	if (words[0] === 'with') {
		// The main statement is the first data operation outside the CTEs' parentheses.
		let depth = 0;
		for (const t of tokens) {
			if (t.text === '(') depth++;
			else if (t.text === ')') depth--;
			else if (depth === 0 && t.kind === 'word' && MAIN_OPERATIONS.has(t.text)) {
				operation = t.text;
				break;
			}
		}
	}
	if (!operation) return (words[0] ?? '').toUpperCase().slice(0, 255);
	const targets: string[] = [];
	for (let i = 0; i < tokens.length - 1 && targets.length < 3; i++) {
		const t = tokens[i];
		if (t.kind !== 'word' || !TARGET_AFTER.has(t.text)) continue;
		let j = i + 1;
		if (tokens[j]?.kind !== 'word' || KEYWORDS.has(tokens[j].text)) continue;
		let name = tokens[j].text;
		while (tokens[j + 1]?.text === '.' && tokens[j + 2]?.kind === 'word') {
			name += '.' + tokens[j + 2].text;
			j += 2;
		}
		if (!targets.includes(name)) targets.push(name);
	}
	return [operation.toUpperCase(), ...targets].join(' ').slice(0, 255);
}
