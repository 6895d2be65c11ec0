/**
 * What the findings analyzer keeps between traces: one aggregate per table, call edge,
 * chatty call group, long chain and service. Every map holds at most `maxKeys` entries;
 * new keys beyond that are refused and counted in `dropped` (shown with the findings).
 */
import { newHistogram } from './histogram';

export interface TableAgg {
	system: string;
	namespace: string;
	table: string;
	byService: Map<string, { reads: number; writes: number }>;
	/** Per business context (at most `maxContextsPerTable`). */
	byContext: Map<string, { reads: number; writes: number }>;
	traceIds: string[];
}

export const maxContextsPerTable = 64;

export interface EdgeAgg {
	from: string;
	to: string;
	/** The callee is not instrumented (peer.service / server.address). */
	external: boolean;
	calls: number;
	calleeFailures: number;
	propagated: number;
	absorbed: number;
	breaker: boolean;
	breakerEvents: number;
	fallback: boolean;
	timeouts: number;
	durations: Uint32Array;
	maxUs: number;
	failureTraceIds: string[];
	/** The slowest calls seen, slowest first, at most `exampleTraces`. */
	slowest: { durationUs: number; traceId: string }[];
}

export interface ChattyAgg {
	service: string;
	operation: string;
	target: string;
	occurrences: number;
	maxRun: number;
	runTotal: number;
	traceIds: string[];
}

export interface ChainAgg {
	services: string[];
	traces: number;
	traceIds: string[];
}

export interface ServiceAgg {
	entryDurations: Uint32Array;
	rootEntries: number;
	rootTraceIds: string[];
	traces: number;
	traceIds: string[];
	callers: Set<string>;
	/** Spans with code.namespace / code.function: the service is instrumented at class level. */
	classSpans: number;
}

export interface FindingsState {
	tables: Map<string, TableAgg>;
	edges: Map<string, EdgeAgg>;
	chatty: Map<string, ChattyAgg>;
	chains: Map<string, ChainAgg>;
	services: Map<string, ServiceAgg>;
	traces: number;
	multiServiceTraces: number;
	spans: number;
	dropped: { tables: number; edges: number; chatty: number; chains: number; services: number };
}

export function newFindingsState(): FindingsState {
	return {
		tables: new Map(),
		edges: new Map(),
		chatty: new Map(),
		chains: new Map(),
		services: new Map(),
		traces: 0,
		multiServiceTraces: 0,
		spans: 0,
		dropped: { tables: 0, edges: 0, chatty: 0, chains: 0, services: 0 }
	};
}

/** Gets or creates `key` in a bounded map; undefined (and a dropped count) when full. */
export function bounded<T>(
	state: FindingsState,
	map: Map<string, T>,
	table: keyof FindingsState['dropped'],
	key: string,
	maxKeys: number,
	create: () => T
): T | undefined {
	let value = map.get(key);
	if (value === undefined) {
		if (map.size >= maxKeys) {
			state.dropped[table] += 1;
			return undefined;
		}
		value = create();
		map.set(key, value);
	}
	return value;
}

export function newService(): ServiceAgg {
	return { entryDurations: newHistogram(), rootEntries: 0, rootTraceIds: [], traces: 0, traceIds: [], callers: new Set(), classSpans: 0 };
}

export function newEdge(from: string, to: string, external: boolean): EdgeAgg {
	return {
		from,
		to,
		external,
		calls: 0,
		calleeFailures: 0,
		propagated: 0,
		absorbed: 0,
		breaker: false,
		breakerEvents: 0,
		fallback: false,
		timeouts: 0,
		durations: newHistogram(),
		maxUs: 0,
		failureTraceIds: [],
		slowest: []
	};
}

export function pushExample(list: string[], traceId: string, max: number): void {
	if (list.length < max && !list.includes(traceId)) list.push(traceId);
}
