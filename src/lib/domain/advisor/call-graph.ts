/**
 * The class call graph of a monolith, aggregated from call records (a CSV row, or a pair of
 * class-level spans). Classes are the unit of partitioning, as in Mono2Micro; methods are
 * kept on the method-level call list so the calls that would become remote APIs can be
 * named.
 *
 * Invariants of a built graph:
 * - `edges` are directed class pairs with `from !== to`; calls from the entry root and
 *   self-calls are counted apart (`entryCalls`, `selfCalls`), as the Mono2Micro measures
 *   exclude them.
 * - A class's business contexts are those of every call it makes or receives.
 * - Bounded: past `maxClasses` classes, `maxContexts` contexts or `maxMethodCalls` distinct
 *   method pairs, new keys are refused and counted in `dropped` (the proposal shows it).
 */
import { parseCodeRef, type CodeRef } from './code-ref';

export interface TableAccess {
	/** Lower-cased, unquoted; `schema.table` when the source qualified it. */
	table: string;
	read: boolean;
	write: boolean;
}

export interface CallRecord {
	/** Unix ms; absent when the source has no time. */
	timeMs?: number;
	context: string;
	/** `Class`, `Class.method`, or a root name (`Root`, empty) for an entry call. */
	caller: string;
	callee: string;
	/** The callee's execution time for this call, when measured. */
	durationMs?: number;
	/** Tables the callee touched during this call. */
	tables?: TableAccess[];
	traceId?: string;
}

export interface ClassEdge {
	from: number;
	to: number;
	volume: number;
}

export interface MethodCall {
	fromClass: number;
	/** '' when the caller record named the class only. */
	fromMethod: string;
	toClass: number;
	toMethod: string;
	volume: number;
	/** Calls that carried a duration. */
	timedCount: number;
	totalMs: number;
	maxMs: number;
	/** Up to `exampleTraces` trace ids. */
	traceIds: string[];
}

export interface TableUse {
	classIndex: number;
	table: string;
	reads: number;
	writes: number;
}

export interface CallGraph {
	classes: string[];
	contexts: string[];
	/** Sorted context indices per class. */
	classContexts: number[][];
	edges: ClassEdge[];
	/** Calls from the entry root into each class. */
	entryCalls: number[];
	selfCalls: number[];
	methodCalls: MethodCall[];
	tables: TableUse[];
	firstTimeMs?: number;
	lastTimeMs?: number;
	records: number;
	dropped: DroppedCounts;
}

export interface DroppedCounts {
	/** Records refused because a bound was reached (class, context or method-pair table full). */
	overLimit: number;
	/** Records whose callee was a root name or empty. */
	noCallee: number;
	/** Calls kept on the class graph whose method pair did not fit `maxMethodCalls`. */
	methodDetail: number;
	/** Table accesses refused because `maxTables` distinct tables were already known. */
	tableAccesses: number;
}

export interface CallGraphLimits {
	maxClasses: number;
	maxContexts: number;
	maxMethodCalls: number;
	maxTables: number;
	exampleTraces: number;
}

export const defaultCallGraphLimits: CallGraphLimits = {
	maxClasses: 20_000,
	maxContexts: 2_000,
	maxMethodCalls: 200_000,
	maxTables: 5_000,
	exampleTraces: 3
};

interface TableCounter {
	reads: number;
	writes: number;
}

export class CallGraphBuilder {
	private readonly limits: CallGraphLimits;
	private readonly classIndex = new Map<string, number>();
	private readonly classes: string[] = [];
	private readonly contextIndex = new Map<string, number>();
	private readonly contexts: string[] = [];
	private readonly classContexts: Set<number>[] = [];
	private readonly edgeVolume = new Map<number, number>();
	private readonly entryCalls: number[] = [];
	private readonly selfCalls: number[] = [];
	private readonly methodCalls = new Map<string, MethodCall>();
	private readonly tableUse = new Map<number, Map<string, TableCounter>>();
	private readonly tableNames = new Set<string>();
	private firstTimeMs?: number;
	private lastTimeMs?: number;
	private records = 0;
	private readonly dropped: DroppedCounts = { overLimit: 0, noCallee: 0, methodDetail: 0, tableAccesses: 0 };

	constructor(limits: Partial<CallGraphLimits> = {}) {
		this.limits = { ...defaultCallGraphLimits, ...limits };
	}

	/** Adds one call; false when it was refused (counted in `dropped`). */
	add(record: CallRecord): boolean {
		const callee = parseCodeRef(record.callee);
		if (!callee) {
			this.dropped.noCallee += 1;
			return false;
		}
		const caller = parseCodeRef(record.caller);
		const contextName = record.context.trim() || '(none)';
		if (!this.fits(caller, callee, contextName)) {
			this.dropped.overLimit += 1;
			return false;
		}
		const context = this.internContext(contextName);
		const to = this.internClass(callee.className);
		this.classContexts[to].add(context);
		this.records += 1;
		if (record.timeMs !== undefined && Number.isFinite(record.timeMs)) {
			this.firstTimeMs = Math.min(this.firstTimeMs ?? record.timeMs, record.timeMs);
			this.lastTimeMs = Math.max(this.lastTimeMs ?? record.timeMs, record.timeMs);
		}
		for (const access of record.tables ?? []) this.addTable(to, access);
		if (!caller) {
			this.entryCalls[to] += 1;
			return true;
		}
		const from = this.internClass(caller.className);
		this.classContexts[from].add(context);
		if (from === to) {
			this.selfCalls[to] += 1;
			return true;
		}
		const edgeKey = from * this.limits.maxClasses + to;
		this.edgeVolume.set(edgeKey, (this.edgeVolume.get(edgeKey) ?? 0) + 1);
		this.addMethodCall(from, caller.method ?? '', to, callee.method ?? '', record);
		return true;
	}

	build(): CallGraph {
		const edges: ClassEdge[] = [];
		for (const [key, volume] of this.edgeVolume) {
			edges.push({ from: Math.floor(key / this.limits.maxClasses), to: key % this.limits.maxClasses, volume });
		}
		edges.sort((a, b) => a.from - b.from || a.to - b.to);
		const tables: TableUse[] = [];
		for (const [classIndex, byTable] of this.tableUse) {
			for (const [table, counter] of byTable) tables.push({ classIndex, table, ...counter });
		}
		tables.sort((a, b) => a.classIndex - b.classIndex || a.table.localeCompare(b.table));
		return {
			classes: [...this.classes],
			contexts: [...this.contexts],
			classContexts: this.classContexts.map((set) => [...set].sort((a, b) => a - b)),
			edges,
			entryCalls: [...this.entryCalls],
			selfCalls: [...this.selfCalls],
			methodCalls: [...this.methodCalls.values()].map((call) => ({ ...call, traceIds: [...call.traceIds] })),
			tables,
			firstTimeMs: this.firstTimeMs,
			lastTimeMs: this.lastTimeMs,
			records: this.records,
			dropped: { ...this.dropped }
		};
	}

	private fits(caller: CodeRef | null, callee: CodeRef, context: string): boolean {
		let newClasses = 0;
		if (!this.classIndex.has(callee.className)) newClasses += 1;
		if (caller && caller.className !== callee.className && !this.classIndex.has(caller.className)) {
			newClasses += 1;
		}
		if (this.classes.length + newClasses > this.limits.maxClasses) return false;
		return this.contextIndex.has(context) || this.contexts.length < this.limits.maxContexts;
	}

	private internClass(name: string): number {
		let index = this.classIndex.get(name);
		if (index === undefined) {
			index = this.classes.length;
			this.classIndex.set(name, index);
			this.classes.push(name);
			this.classContexts.push(new Set());
			this.entryCalls.push(0);
			this.selfCalls.push(0);
		}
		return index;
	}

	private internContext(name: string): number {
		let index = this.contextIndex.get(name);
		if (index === undefined) {
			index = this.contexts.length;
			this.contextIndex.set(name, index);
			this.contexts.push(name);
		}
		return index;
	}

	private addMethodCall(from: number, fromMethod: string, to: number, toMethod: string, record: CallRecord): void {
		const key = `${from}\u0000${fromMethod}\u0000${to}\u0000${toMethod}`;
		let call = this.methodCalls.get(key);
		if (!call) {
			if (this.methodCalls.size >= this.limits.maxMethodCalls) {
				this.dropped.methodDetail += 1;
				return;
			}
			call = { fromClass: from, fromMethod, toClass: to, toMethod, volume: 0, timedCount: 0, totalMs: 0, maxMs: 0, traceIds: [] };
			this.methodCalls.set(key, call);
		}
		call.volume += 1;
		const durationMs = record.durationMs;
		if (durationMs !== undefined && Number.isFinite(durationMs) && durationMs >= 0) {
			call.timedCount += 1;
			call.totalMs += durationMs;
			call.maxMs = Math.max(call.maxMs, durationMs);
		}
		if (record.traceId && call.traceIds.length < this.limits.exampleTraces && !call.traceIds.includes(record.traceId)) {
			call.traceIds.push(record.traceId);
		}
	}

	private addTable(classIndex: number, access: TableAccess): void {
		if (!this.tableNames.has(access.table)) {
			if (this.tableNames.size >= this.limits.maxTables) {
				this.dropped.tableAccesses += 1;
				return;
			}
			this.tableNames.add(access.table);
		}
		let byTable = this.tableUse.get(classIndex);
		if (!byTable) {
			byTable = new Map();
			this.tableUse.set(classIndex, byTable);
		}
		const counter = byTable.get(access.table) ?? { reads: 0, writes: 0 };
		if (access.read) counter.reads += 1;
		if (access.write) counter.writes += 1;
		byTable.set(access.table, counter);
	}
}
