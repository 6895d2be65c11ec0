/**
 * Table names from SQL text, for spans that carry the statement (db.query.text or the older
 * db.statement) but no db.collection.name. A tokenizer plus a small clause walker, not a
 * parser: it reads FROM / JOIN lists (with aliases, commas and subqueries), INSERT / REPLACE
 * / MERGE INTO, UPDATE, DELETE FROM, USING, TRUNCATE and CREATE / ALTER / DROP TABLE, skips
 * comments, string literals, CTE names and table functions, and never throws.
 *
 * Names are unquoted and lower-cased; a qualified name keeps its qualifier (`core.account`).
 * The statement's target (INSERT, UPDATE, DELETE, MERGE, DDL) is written; every other table
 * is read. Statements longer than `maxSqlChars` are cut there (the first tables are the
 * ones that matter and the cost stays bounded).
 */
import type { Attrs } from '../../protocol/records';
import type { TableAccess } from './call-graph';

export const maxSqlChars = 20_000;

interface Token {
	/** Upper-cased for words; the raw text for punctuation. */
	kind: 'word' | 'quoted' | 'punct' | 'other';
	text: string;
}

const clauseEnd = new Set([
	'WHERE', 'GROUP', 'ORDER', 'HAVING', 'LIMIT', 'OFFSET', 'UNION', 'EXCEPT', 'INTERSECT', 'SET', 'VALUES',
	'ON', 'RETURNING', 'WINDOW', 'FETCH', 'FOR', 'SELECT', 'INTO', 'WHEN', 'THEN', 'QUALIFY', 'CONNECT', 'START',
	'PARTITION', 'LOCK', 'OUTPUT', 'DO'
]);
const joinWords = new Set(['JOIN']);
const aliasStop = new Set([
	...clauseEnd, 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'OUTER', 'CROSS', 'NATURAL', 'STRAIGHT_JOIN', 'USING',
	'USE', 'FORCE', 'IGNORE', 'WITH', 'AS', 'TABLESAMPLE', 'LATERAL', 'APPLY', 'MATCH_RECOGNIZE'
]);
const skipBeforeName = new Set(['ONLY', 'LATERAL', 'TABLE', 'IF', 'EXISTS', 'NOT', 'LOW_PRIORITY', 'QUICK', 'IGNORE', 'DELAYED', 'HIGH_PRIORITY']);

export function extractSqlTables(sql: string): TableAccess[] {
	const tokens = tokenize(sql.length > maxSqlChars ? sql.slice(0, maxSqlChars) : sql);
	const found = new Map<string, TableAccess>();
	const ctes = new Set<string>();
	const aliases = new Map<string, string>();
	const add = (name: string, write: boolean) => {
		if (name === '' || ctes.has(name) || name === 'dual') return;
		const access = found.get(name) ?? { table: name, read: false, write: false };
		if (write) access.write = true;
		else access.read = true;
		found.set(name, access);
	};

	let i = 0;
	const word = (at: number) => (tokens[at]?.kind === 'word' ? tokens[at].text : '');
	/**
	 * Reads a possibly qualified name at `at`; returns it and the index after it. In a FROM
	 * list a name followed by `(` is a table function (name ''); after INTO it is a column list.
	 */
	const readName = (at: number, functionsPossible = true): { name: string; next: number } | null => {
		while (skipBeforeName.has(word(at))) at += 1;
		const parts: string[] = [];
		let j = at;
		while (tokens[j] && (tokens[j].kind === 'word' || tokens[j].kind === 'quoted')) {
			if (tokens[j].kind === 'word' && parts.length === 0 && aliasStop.has(tokens[j].text)) return null;
			parts.push(tokens[j].kind === 'word' ? tokens[j].text.toLowerCase() : tokens[j].text.toLowerCase());
			if (tokens[j + 1]?.text === '.' && tokens[j + 1].kind === 'punct') j += 2;
			else {
				j += 1;
				break;
			}
		}
		if (parts.length === 0) return null;
		if (functionsPossible && tokens[j]?.text === '(') return { name: '', next: j };
		return { name: parts.join('.'), next: j };
	};
	/** Skips an optional alias after a table reference, remembering it. */
	const skipAlias = (at: number, table: string): number => {
		if (word(at) === 'AS') at += 1;
		const t = tokens[at];
		if (t && (t.kind === 'quoted' || (t.kind === 'word' && !aliasStop.has(t.text)))) {
			aliases.set(t.text.toLowerCase(), table);
			at += 1;
		}
		return at;
	};
	/** Reads a comma-separated list of table references (FROM or USING lists). */
	const readList = (at: number, write: boolean): number => {
		for (;;) {
			if (tokens[at]?.text === '(') return at;
			const ref = readName(at);
			if (!ref) return at;
			add(ref.name, write);
			at = skipAlias(ref.next, ref.name);
			if (tokens[at]?.text !== ',') return at;
			at += 1;
		}
	};

	const verb = word(0) === 'WITH' ? firstVerbAfterWith(tokens) : word(0);
	while (i < tokens.length) {
		const w = word(i);
		if (w === 'WITH' || (tokens[i]?.text === ',' && tokens[i + 2] && word(i + 2) === 'AS' && tokens[i + 3]?.text === '(')) {
			const nameAt = w === 'WITH' ? (word(i + 1) === 'RECURSIVE' ? i + 2 : i + 1) : i + 1;
			const t = tokens[nameAt];
			if (t && (t.kind === 'word' || t.kind === 'quoted')) ctes.add(t.text.toLowerCase());
			i = nameAt + 1;
			continue;
		}
		if (w === 'FROM') {
			i = readList(i + 1, verb === 'DELETE' && found.size === 0);
			continue;
		}
		if (joinWords.has(w)) {
			const ref = readName(i + 1);
			if (ref) {
				add(ref.name, false);
				i = ref.next;
			} else i += 1;
			continue;
		}
		if (w === 'USING' && tokens[i + 1]?.text !== '(') {
			i = readList(i + 1, false);
			continue;
		}
		if (w === 'INTO' && (verb === 'INSERT' || verb === 'REPLACE' || verb === 'MERGE')) {
			const ref = readName(i + 1, false);
			if (ref) {
				add(ref.name, true);
				i = ref.next;
				continue;
			}
		}
		if (w === 'UPDATE' && (i === 0 || verb === 'UPDATE')) {
			const ref = readName(i + 1, false);
			if (ref) {
				add(ref.name, true);
				i = skipAlias(ref.next, ref.name);
				continue;
			}
		}
		if (w === 'DELETE' && word(i + 1) !== 'FROM') {
			// MySQL multi-table DELETE t1 FROM t1 JOIN ...: the named alias is the target.
			const ref = readName(i + 1);
			if (ref && word(ref.next) === 'FROM') {
				i = readList(ref.next + 1, false);
				const target = aliases.get(ref.name) ?? ref.name;
				const access = found.get(target);
				if (access) access.write = true;
				else add(target, true);
				continue;
			}
		}
		if ((w === 'TABLE' && ['CREATE', 'ALTER', 'DROP', 'TRUNCATE'].includes(verb)) || (w === 'TRUNCATE' && word(i + 1) !== 'TABLE')) {
			const ref = readName(i + 1, false);
			if (ref) {
				add(ref.name, true);
				i = ref.next;
				continue;
			}
		}
		i += 1;
	}
	return [...found.values()];
}

function firstVerbAfterWith(tokens: Token[]): string {
	let depth = 0;
	for (let i = 1; i < tokens.length; i++) {
		const t = tokens[i];
		if (t.text === '(') depth += 1;
		else if (t.text === ')') depth -= 1;
		else if (depth === 0 && t.kind === 'word' && ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(t.text)) {
			return t.text;
		}
	}
	return 'SELECT';
}

function tokenize(sql: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	const n = sql.length;
	while (i < n) {
		const ch = sql[i];
		if (ch === '-' && sql[i + 1] === '-') {
			while (i < n && sql[i] !== '\n') i += 1;
		} else if (ch === '#' && (i === 0 || /\s/.test(sql[i - 1]))) {
			while (i < n && sql[i] !== '\n') i += 1;
		} else if (ch === '/' && sql[i + 1] === '*') {
			const end = sql.indexOf('*/', i + 2);
			i = end < 0 ? n : end + 2;
		} else if (ch === "'") {
			i += 1;
			while (i < n) {
				if (sql[i] === '\\') i += 2;
				else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
				else if (sql[i] === "'") break;
				else i += 1;
			}
			i += 1;
			tokens.push({ kind: 'other', text: '?' });
		} else if (ch === '"' || ch === '`' || ch === '[') {
			const close = ch === '[' ? ']' : ch;
			const end = sql.indexOf(close, i + 1);
			const text = sql.slice(i + 1, end < 0 ? n : end);
			tokens.push({ kind: 'quoted', text });
			i = end < 0 ? n : end + 1;
		} else if (/[A-Za-z_\u0080-\uffff]/.test(ch)) {
			let j = i + 1;
			while (j < n && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[j])) j += 1;
			tokens.push({ kind: 'word', text: sql.slice(i, j).toUpperCase() });
			i = j;
		} else if ('(),.;'.includes(ch)) {
			tokens.push({ kind: 'punct', text: ch });
			i += 1;
		} else if (/\s/.test(ch)) {
			i += 1;
		} else {
			let j = i + 1;
			while (j < n && /[0-9.:$@?=<>!+\-*/%|&^~]/.test(sql[j])) j += 1;
			tokens.push({ kind: 'other', text: sql.slice(i, j) });
			i = j;
		}
	}
	return tokens;
}

const writeOperations = /^(INSERT|UPDATE|DELETE|MERGE|REPLACE|UPSERT|CREATE|DROP|ALTER|TRUNCATE|PUT|SAVE|REMOVE)/i;

/**
 * Tables a database client span touched: db.collection.name (semantic conventions 1.26+) or
 * db.sql.table / db.mongodb.collection / db.cassandra.table (older), with read or write from
 * db.operation.name (or db.operation); else parsed from db.query.text / db.statement. Empty
 * for spans without db.system / db.system.name, and for key-value stores (redis, memcached).
 */
export function tablesOfSpan(attrs: Attrs): TableAccess[] {
	const system = String(attrs['db.system.name'] ?? attrs['db.system'] ?? '');
	if (system === '' || system === 'redis' || system === 'memcached') return [];
	const text = attrs['db.query.text'] ?? attrs['db.statement'];
	const parsed = typeof text === 'string' && text.length > 0 ? extractSqlTables(text) : [];
	const named = attrs['db.collection.name'] ?? attrs['db.sql.table'] ?? attrs['db.mongodb.collection'] ?? attrs['db.cassandra.table'];
	if (typeof named === 'string' && named !== '') {
		const table = named.replace(/["`[\]]/g, '').toLowerCase();
		const operation = String(attrs['db.operation.name'] ?? attrs['db.operation'] ?? '');
		const fromText = parsed.find((t) => t.table === table || t.table.endsWith(`.${table}`));
		const write = operation ? writeOperations.test(operation) : (fromText?.write ?? false);
		const main: TableAccess = { table, read: !write || (fromText?.read ?? false), write };
		return [main, ...parsed.filter((t) => t !== fromText)];
	}
	return parsed;
}
