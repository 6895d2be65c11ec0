/**
 * Server variable change history: SHOW GLOBAL VARIABLES / pg_settings read at each poll,
 * compared with the previous read. The collector keeps only the previous map; the history is
 * the stream of change records, which `variableHistory` folds back per variable.
 */
import type { VariableChangeBody } from './names';

export type VariableMap = Record<string, string>;

/**
 * Variables that change on their own with normal traffic (positions, clocks); their changes
 * are not configuration changes and would drown the history.
 */
export const VOLATILE_VARIABLES = new Set([
	'gtid_binlog_pos',
	'gtid_binlog_state',
	'gtid_current_pos',
	'gtid_slave_pos',
	'gtid_executed',
	'timestamp',
	'last_insert_id',
	'insert_id',
	'rand_seed1',
	'rand_seed2',
	'transaction_read_only',
	'in_transaction',
	'error_count',
	'warning_count'
]);

/**
 * Changes from `prev` to `next`, sorted by name. No changes when `prev` is undefined (the
 * first read is a snapshot, not a change). Volatile variables are ignored.
 */
export function diffVariables(
	prev: VariableMap | undefined,
	next: VariableMap,
	ignore: ReadonlySet<string> = VOLATILE_VARIABLES
): VariableChangeBody[] {
	if (!prev) return [];
	const changes: VariableChangeBody[] = [];
	const names = new Set([...Object.keys(prev), ...Object.keys(next)]);
	for (const name of [...names].sort()) {
		if (ignore.has(name.toLowerCase())) continue;
		const before = Object.hasOwn(prev, name) ? prev[name] : null;
		const after = Object.hasOwn(next, name) ? next[name] : null;
		if (before !== after) changes.push({ name, before, after });
	}
	return changes;
}

export interface TimedVariableChange extends VariableChangeBody {
	timeUs: number;
}

export interface VariableHistoryEntry {
	timeUs: number;
	value: string | null;
}

/**
 * Per variable, its values in time order starting from the oldest known `before`; at most
 * `maxPerVariable` entries each (the oldest are dropped). Changes may arrive in any order.
 */
export function variableHistory(
	changes: readonly TimedVariableChange[],
	maxPerVariable = 100
): Map<string, VariableHistoryEntry[]> {
	const sorted = [...changes].sort((a, b) => a.timeUs - b.timeUs || a.name.localeCompare(b.name));
	const history = new Map<string, VariableHistoryEntry[]>();
	for (const change of sorted) {
		let entries = history.get(change.name);
		if (!entries) {
			// The value before the first recorded change held from an unknown time: timeUs -Infinity.
			entries = [{ timeUs: -Infinity, value: change.before }];
			history.set(change.name, entries);
		}
		entries.push({ timeUs: change.timeUs, value: change.after });
		if (entries.length > maxPerVariable) entries.splice(0, entries.length - maxPerVariable);
	}
	return history;
}
