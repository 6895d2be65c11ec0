/**
 * Root-cause rules as plain JSON documents (user-editable, synced like other documents).
 * A rule fires for a node when its condition tree holds; the result lists every condition
 * with whether it fired and what was observed, so the user sees why.
 *
 * Metric names are the insight engine's canonical keys (ratios are 0..1):
 *   latency.p95Ms, errors.rate, requests.rate, cpu.usage, host.cpu.usage, instances.count,
 *   runtime.heap.usage, runtime.gc.timeRatio, db.latency.p95Ms, db.pool.usage, db.pool.waitMs,
 *   db.pool.pending, external.timeout.rate, dependency.latency.p95Ms, dependency.errors.rate
 * (src/lib/domain/insights/live/canonical.ts maps rollups and OTLP metrics onto them)
 * Event names: deployment, scale-out, scale-in, circuit.open, k8s.OOMKilled, ...
 */

export type NodeKind = 'service' | 'database' | 'external' | 'queue';
export type Scope = 'self' | 'callee' | 'caller' | 'host';
export type Comparison = '>' | '>=' | '<' | '<=';

export interface MetricCondition {
	kind: 'metric';
	id: string;
	metric: string;
	/** Whose metric: the node itself, any callee / caller of it, or its host. Default self. */
	scope?: Scope;
	/** Restricts callee / caller scope to nodes of this kind. */
	nodeKind?: NodeKind;
	/** 'value' compares the current value; 'ratio' current / baseline; 'z' the anomaly z-score. Default value. */
	measure?: 'value' | 'ratio' | 'z';
	op: Comparison;
	threshold: number;
}

export interface EventCondition {
	kind: 'event';
	id: string;
	event: string;
	scope?: Scope;
	nodeKind?: NodeKind;
	/** The event happened within this many ms before the evaluation time. */
	withinMs: number;
}

export interface RelationCondition {
	kind: 'relation';
	id: string;
	/** 'calls': the node calls a node of `nodeKind`; 'calledBy': is called by one. */
	relation: 'calls' | 'calledBy';
	nodeKind: NodeKind;
}

export interface GroupCondition {
	kind: 'group';
	id: string;
	match: 'all' | 'any';
	conditions: Condition[];
}

export type Condition = (MetricCondition | EventCondition | RelationCondition | GroupCondition) & {
	/** Fires when the inner test does not hold. */
	negate?: boolean;
};

export interface RuleDocument {
	id: string;
	name: string;
	enabled?: boolean;
	/** Shipped with Meridian; users may disable or copy it. */
	builtin?: boolean;
	match: 'all' | 'any';
	conditions: Condition[];
	/** The probable cause and the recommended action, in plain text (English for built-ins). */
	cause: string;
	action: string;
	/** Message-catalogue key prefix for translated texts (`<key>.name`, `<key>.cause`, `<key>.action`). */
	messageKey?: string;
	severity: 'info' | 'warning' | 'critical';
}

export interface MetricSnapshot {
	current: number;
	baseline?: number;
	z?: number;
}

export interface RuleContext {
	nowMs: number;
	nodes: readonly { id: string; kind: NodeKind; host?: string }[];
	edges: readonly (readonly [string, string])[];
	/** node id -> metric key -> snapshot. */
	metrics: Readonly<Record<string, Readonly<Record<string, MetricSnapshot>>>>;
	events: readonly { node: string; name: string; timeMs: number }[];
	/** host id -> metric key -> snapshot (for scope 'host'). */
	hostMetrics?: Readonly<Record<string, Readonly<Record<string, MetricSnapshot>>>>;
}

export interface ConditionResult {
	id: string;
	fired: boolean;
	/** Node whose data made it fire (or the best near-miss). */
	node?: string;
	observed?: number;
	/** Short machine-readable reason: 'no-data', 'no-such-relation', ... when it did not fire. */
	reason?: string;
	children?: ConditionResult[];
}

export interface RuleResult {
	ruleId: string;
	name: string;
	node: string;
	fired: boolean;
	severity: RuleDocument['severity'];
	cause: string;
	action: string;
	messageKey?: string;
	conditions: ConditionResult[];
}
