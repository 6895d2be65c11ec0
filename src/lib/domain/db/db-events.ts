/**
 * Database events (names.ts, `DbEvent`) read back from stored log records, for the Database
 * page: slow statements, the latest sessions and blocking snapshot per database, variable
 * snapshots and changes, availability and collector errors. Bodies are JSON written by the
 * collectors or the simulator; a body that does not parse or lacks a required field is
 * skipped and counted in `unreadable`, never thrown.
 *
 * Bounds: `maxSlow` slow statements and `maxChanges` variable changes (newest kept),
 * `maxProblems` availability / collector-error records (newest kept); one sessions and one
 * blocking snapshot per database (the newest), one variables snapshot per database.
 */
import type { LogRecord } from '../../protocol/records';
import {
	DbAttr,
	DbEvent,
	type AvailabilityBody,
	type BlockingBody,
	type CollectorErrorBody,
	type SessionsBody,
	type SlowStatementBody,
	type VariableChangeBody,
	type VariablesBody
} from './names';
import { variableHistory, type VariableHistoryEntry } from './variables';

export const dbEventNames: readonly string[] = Object.values(DbEvent);

export interface SlowStatementRow extends SlowStatementBody {
	timeMs: number;
	resourceId: string;
	database: string;
	digest: string;
	summary: string;
	/** The sample as executed, with literal values. */
	text: string;
	namespace: string;
}

export interface Snapshot<T> {
	timeMs: number;
	resourceId: string;
	database: string;
	body: T;
}

export interface TimedChange extends VariableChangeBody {
	timeMs: number;
	resourceId: string;
	database: string;
}

export interface ProblemRow {
	timeMs: number;
	resourceId: string;
	database: string;
	kind: 'availability' | 'collector-error';
	state?: 'up' | 'down';
	message: string;
	hint?: string;
}

export interface DbEventsResult {
	/** Newest first. */
	slow: SlowStatementRow[];
	slowTotal: number;
	sessions: Snapshot<SessionsBody>[];
	blocking: Snapshot<BlockingBody>[];
	/** Snapshots of the range in which some session waited, per database. */
	blockingSnapshots: Record<string, number>;
	variables: Snapshot<VariablesBody>[];
	/** Newest first. */
	changes: TimedChange[];
	/** Per database resource id, per variable: values oldest first (see variables.ts). */
	history: Record<string, Record<string, VariableHistoryEntry[]>>;
	problems: ProblemRow[];
	unreadable: number;
}

function parse(body: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(body);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

function str(value: unknown): string {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function pushBounded<T>(list: T[], item: T, max: number): void {
	list.push(item);
	if (list.length > max * 2) list.splice(0, list.length - max);
}

export class DbEventsFold {
	unreadable = 0;
	slowTotal = 0;
	readonly #slow: SlowStatementRow[] = [];
	readonly #changes: TimedChange[] = [];
	readonly #problems: ProblemRow[] = [];
	readonly #sessions = new Map<string, Snapshot<SessionsBody>>();
	readonly #blocking = new Map<string, Snapshot<BlockingBody>>();
	readonly #blockingCount = new Map<string, number>();
	readonly #variables = new Map<string, Snapshot<VariablesBody>>();

	constructor(readonly bounds = { maxSlow: 500, maxChanges: 2_000, maxProblems: 200 }) {}

	add(logs: readonly LogRecord[]): void {
		for (const log of logs) this.addLog(log);
	}

	addLog(log: LogRecord): void {
		if (!log.eventName || !dbEventNames.includes(log.eventName)) return;
		const body = parse(log.body);
		if (!body) {
			this.unreadable++;
			return;
		}
		const timeMs = log.timeUs / 1000;
		const base = { timeMs, resourceId: log.resourceId, database: log.service };
		const latest = <T>(map: Map<string, Snapshot<T>>, value: T) => {
			const held = map.get(log.resourceId);
			if (!held || held.timeMs <= timeMs) map.set(log.resourceId, { ...base, body: value });
		};
		switch (log.eventName) {
			case DbEvent.slowStatement: {
				if (typeof body.durationMs !== 'number') return void this.unreadable++;
				this.slowTotal++;
				const a = log.attrs;
				pushBounded(this.#slow, {
					...(body as unknown as SlowStatementBody),
					...base,
					digest: str(a[DbAttr.digest]),
					summary: str(a[DbAttr.summary]),
					text: str(a[DbAttr.text]),
					namespace: str(a[DbAttr.namespace])
				}, this.bounds.maxSlow);
				return;
			}
			case DbEvent.sessions:
				if (!Array.isArray(body.sessions)) return void this.unreadable++;
				return latest(this.#sessions, body as unknown as SessionsBody);
			case DbEvent.blocking:
				if (!Array.isArray(body.tree) || !Array.isArray(body.waits)) return void this.unreadable++;
				this.#blockingCount.set(log.resourceId, (this.#blockingCount.get(log.resourceId) ?? 0) + 1);
				return latest(this.#blocking, body as unknown as BlockingBody);
			case DbEvent.variables:
				if (typeof body.variables !== 'object' || body.variables === null) return void this.unreadable++;
				return latest(this.#variables, body as unknown as VariablesBody);
			case DbEvent.variableChange:
				if (typeof body.name !== 'string') return void this.unreadable++;
				pushBounded(this.#changes, { ...(body as unknown as VariableChangeBody), ...base }, this.bounds.maxChanges);
				return;
			case DbEvent.availability: {
				const b = body as unknown as AvailabilityBody;
				pushBounded(this.#problems, { ...base, kind: 'availability', state: b.state === 'down' ? 'down' : 'up', message: str(b.error) }, this.bounds.maxProblems);
				return;
			}
			case DbEvent.collectorError: {
				const b = body as unknown as CollectorErrorBody;
				pushBounded(this.#problems, { ...base, kind: 'collector-error', message: `${str(b.source)}: ${str(b.message)}`, hint: b.hint ? str(b.hint) : undefined }, this.bounds.maxProblems);
				return;
			}
		}
	}

	result(): DbEventsResult {
		const newestFirst = <T extends { timeMs: number }>(list: T[], max: number) => [...list].sort((a, b) => b.timeMs - a.timeMs).slice(0, max);
		const changes = newestFirst(this.#changes, this.bounds.maxChanges);
		const history: DbEventsResult['history'] = {};
		const byResource = new Map<string, TimedChange[]>();
		for (const c of changes) {
			const list = byResource.get(c.resourceId) ?? [];
			list.push(c);
			byResource.set(c.resourceId, list);
		}
		for (const [resourceId, list] of byResource) {
			history[resourceId] = Object.fromEntries(variableHistory(list.map((c) => ({ ...c, timeUs: c.timeMs * 1000 }))));
		}
		return {
			slow: newestFirst(this.#slow, this.bounds.maxSlow),
			slowTotal: this.slowTotal,
			sessions: [...this.#sessions.values()],
			blocking: [...this.#blocking.values()],
			blockingSnapshots: Object.fromEntries(this.#blockingCount),
			variables: [...this.#variables.values()],
			changes,
			history,
			problems: newestFirst(this.#problems, this.bounds.maxProblems),
			unreadable: this.unreadable
		};
	}
}
