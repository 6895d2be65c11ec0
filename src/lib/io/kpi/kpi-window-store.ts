/**
 * Stored KPI windows (domain/business/windows.ts) for boards: live deltas merged in as
 * spans arrive, and ranges rebuilt after a rule or KPI change. Kept apart from the
 * telemetry database (its schema and eviction are the data path's) and from the documents
 * database (documents sync; windows are derived and local to a device).
 *
 * `DexieKpiWindowStore` (IndexedDB database `meridian-kpi`) and `MemoryKpiWindowStore` pass
 * one contract suite (kpi-window-store.contract.ts).
 *
 * Levels kept: 1 min (boards, sparklines, yesterday / last-week comparisons) and 1 h (long
 * ranges). Bounds: 1 min windows for `retentionMs['1m']` (8 days: a one-day range compared
 * with the same day last week), 1 h windows for 35 days; older windows are deleted on each
 * write. The state row says which definitions the windows were computed with and up to
 * which span chunk, written in the same transaction as the windows, so a reload never counts
 * a chunk twice.
 *
 * Rule rows (domain/business/rule-rows.ts): every transaction span the engine has read, in
 * columns, so a rule change re-evaluates from them instead of from the spans. Records of
 * two kinds, `entry` (root spans) and `inner` (the other SERVER / CONSUMER spans), so an
 * entry-scoped rule set reads only entry rows. Bound: rows records whose newest row ended
 * more than `ruleRowsRetentionMs` (26 h: the engine re-evaluates the last 24 h, from a whole
 * hour) ago are deleted on each merge. The state's `rowsFromMs` says from when they are
 * complete.
 */
import type { RuleRows } from '../../domain/business/rule-rows';
import type { BusinessDefinitions } from '../../domain/business/types';
import type { KpiWindowRecord } from '../../domain/business/windows';
import type { RollupLevel } from '../../domain/telemetry/levels';

export const kpiDbName = 'meridian-kpi';

export type StoredKpiLevel = '1m' | '1h';
export const storedKpiLevels: readonly StoredKpiLevel[] = ['1m', '1h'];

export const kpiRetentionMs: Record<StoredKpiLevel, number> = {
	'1m': 8 * 86_400_000,
	'1h': 35 * 86_400_000
};

export interface KpiWindowState {
	/** Canonical text of the definitions the windows were computed with. */
	definitionsKey: string;
	definitions: BusinessDefinitions;
	/** Every span chunk with id <= this is counted in the stored windows. */
	chunkId: number;
	/** Windows are complete from this time on (Unix ms); earlier ones were never evaluated. */
	coveredFromMs: number;
	/**
	 * Rule rows hold every transaction of the span chunks up to `chunkId` that ends at or
	 * after this time (Unix ms). Absent: rows cannot serve a re-evaluation.
	 */
	rowsFromMs?: number;
	/**
	 * Rule rows hold the transactions of span chunks up to this id (at most `chunkId`): the
	 * engine writes its open rows records once a minute or when one fills, not with every
	 * step, and reads the chunks after this id again when it starts.
	 */
	rowsChunkId?: number;
}

export const ruleRowsRetentionMs = 26 * 3_600_000;

/** `entry`: root spans; `inner`: the other transactions (SERVER / CONSUMER spans with a parent). */
export type RowKind = 'entry' | 'inner';

/** A rule-rows record as stored; `id` is the store's (absent on a new record). */
export interface StoredRuleRows extends RuleRows {
	id?: number;
	kind: RowKind;
}

export interface KpiWindowStore {
	/** Windows of a level whose start is in [fromMs, toMs), oldest first. */
	windows(level: StoredKpiLevel, fromMs: number, toMs: number): Promise<KpiWindowRecord[]>;
	/**
	 * Merges deltas (any stored level) into stored windows, read-modify-merge, and writes the
	 * state in the same transaction; deletes windows past retention at `nowMs`.
	 */
	merge(deltas: readonly KpiWindowRecord[], state: KpiWindowState, nowMs: number, rows?: readonly StoredRuleRows[]): Promise<number[]>;
	/**
	 * With `merge`'s deltas and state: puts rule-rows records (replacing those with an id)
	 * and deletes those past `ruleRowsRetentionMs`. Returns the ids of `rows`, in order.
	 * Alone (`putRows`): puts records in a transaction of their own.
	 */
	putRows(rows: readonly StoredRuleRows[]): Promise<number[]>;
	/** Rule-rows records of these kinds with a row ending at or after `fromMs`, ordered by their newest row. */
	ruleRows(kinds: readonly RowKind[], fromMs: number): AsyncIterable<StoredRuleRows>;
	/** Deletes every rule-rows record. */
	clearRows(): Promise<void>;
	/**
	 * Puts re-evaluated windows of [fromMs, toMs) in place, with the state, in one
	 * transaction. With `affected`, only those targets and conversions are replaced in the
	 * stored windows (windows.ts replaceTargets); without, the range's windows are replaced whole.
	 */
	replace(options: {
		fresh: Partial<Record<StoredKpiLevel, readonly KpiWindowRecord[]>>;
		fromMs: number;
		toMs: number;
		affected?: { targets: readonly string[]; conversions: readonly string[] };
		state: KpiWindowState;
	}): Promise<void>;
	readState(): Promise<KpiWindowState | undefined>;
	/** Deletes every window, rule-rows record and the state. */
	clear(): Promise<void>;
	close(): void;
}

export function isStoredLevel(level: RollupLevel): level is StoredKpiLevel {
	return level === '1m' || level === '1h';
}
