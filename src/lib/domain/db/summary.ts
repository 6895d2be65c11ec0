import { KEYWORDS, collapseLists, tokenize } from './sql-tokens';

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
