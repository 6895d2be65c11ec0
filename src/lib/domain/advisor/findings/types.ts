/**
 * Architecture findings: what a set of traces says about a system's structure, each with a
 * severity, the evidence (counts and example trace ids) and the principle it breaks.
 *
 * `counts` keys per kind (all plain counts unless the name gives a unit):
 * - shared-table: services, reads, writes, writers (services that write); for a table
 *   inside one class-level instrumented service (a monolith): contexts, writingContexts
 * - cyclic-dependency: services, edges, calls (on the cycle's edges)
 * - chatty-calls: occurrences (spans that made the run), maxRun, meanRun, traces
 * - long-chain: depth (services on the chain), traces
 * - failure-propagation: calls, calleeFailures, propagated, absorbed, breakerEvents
 * - missing-timeout: calls, slowCalls, budgetMs, maxMs, p99Ms, timeouts
 * - gateway-bypass: entries (root requests into the service), entriesTotal
 * - hidden-hub: traces (traces through it), tracesTotal, callers (distinct callers)
 */

export type Severity = 'high' | 'medium' | 'low';

export type FindingKind =
	| 'shared-table'
	| 'cyclic-dependency'
	| 'chatty-calls'
	| 'long-chain'
	| 'failure-propagation'
	| 'missing-timeout'
	| 'gateway-bypass'
	| 'hidden-hub';

/** The microservice principle a finding breaks (message catalogue keys `advisor.principle.*`). */
export type Principle =
	| 'database-per-service'
	| 'acyclic-dependencies'
	| 'coarse-grained-interfaces'
	| 'short-synchronous-paths'
	| 'fail-fast-with-fallback'
	| 'timeouts-within-budget'
	| 'single-entry-through-gateway'
	| 'loose-coupling';

export const principleOf: Record<FindingKind, Principle> = {
	'shared-table': 'database-per-service',
	'cyclic-dependency': 'acyclic-dependencies',
	'chatty-calls': 'coarse-grained-interfaces',
	'long-chain': 'short-synchronous-paths',
	'failure-propagation': 'fail-fast-with-fallback',
	'missing-timeout': 'timeouts-within-budget',
	'gateway-bypass': 'single-entry-through-gateway',
	'hidden-hub': 'loose-coupling'
};

export interface Finding {
	/** Stable across runs for the same subject: `${kind}:${subject}`. */
	id: string;
	kind: FindingKind;
	severity: Severity;
	principle: Principle;
	/** What the finding is about: a table, a cycle, a call, a chain, a service. */
	subject: string;
	services: string[];
	counts: Record<string, number>;
	/** Up to `exampleTraces` trace ids, one click away in the UI. */
	traceIds: string[];
	/** Kind-specific facts that are not counts (e.g. `breaker: true`, the chain's services). */
	detail: Record<string, string | number | boolean | string[]>;
}

export interface FindingSettings {
	/** Span attribute naming the business transaction of a trace (earliest span carrying it). */
	contextAttribute: string;
	/** A span calling the same downstream operation at least this many times in sequence is chatty. */
	chattyMinCalls: number;
	/** Synchronous chains with more services than this are long. */
	maxSyncDepth: number;
	/** Failure propagation needs at least this many callee failures on an edge... */
	minFailures: number;
	/** ...of which at least this share failed the caller too. */
	propagationShare: number;
	/** A caller's budget: explicit `budgetsMs[service]`, else max(minBudgetMs, budgetFactor · median entry time). */
	budgetFactor: number;
	minBudgetMs: number;
	budgetsMs: Record<string, number>;
	/** Missing-timeout needs at least this many calls slower than the budget. */
	minSlowCalls: number;
	/** API gateway services; empty: recognised by name (gateway, ingress, edge, proxy…). */
	gatewayServices: string[];
	minBypassEntries: number;
	/** A service on at least this share of multi-service traces, with at least hubMinCallers callers, is a hub. */
	hubShare: number;
	hubMinCallers: number;
	/** Hub analysis needs at least this many multi-service traces. */
	hubMinTraces: number;
	exampleTraces: number;
	/** Bound on every aggregate table (tables, edges, call groups, chains). */
	maxKeys: number;
}

export const defaultFindingSettings: FindingSettings = {
	contextAttribute: 'biz.transaction',
	chattyMinCalls: 10,
	maxSyncDepth: 5,
	minFailures: 5,
	propagationShare: 0.9,
	budgetFactor: 5,
	minBudgetMs: 1000,
	budgetsMs: {},
	minSlowCalls: 5,
	gatewayServices: [],
	minBypassEntries: 5,
	hubShare: 0.6,
	hubMinCallers: 2,
	hubMinTraces: 20,
	exampleTraces: 3,
	maxKeys: 10_000
};
