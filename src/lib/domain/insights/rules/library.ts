/**
 * Built-in rules. Thresholds are conventional operating limits, stated per rule; users can
 * disable a rule or copy and edit it (rules are documents). Durations in ms.
 */
import type { Condition, RuleDocument } from './types';

const MIN = 60_000;

/** The service's latency or errors are abnormal now (shared by most rules). */
const degraded: Condition = {
	kind: 'group',
	id: 'degraded',
	match: 'any',
	conditions: [
		{ kind: 'metric', id: 'latency-anomalous', metric: 'latency.p95Ms', measure: 'z', op: '>=', threshold: 3 },
		{ kind: 'metric', id: 'errors-anomalous', metric: 'errors.rate', measure: 'z', op: '>=', threshold: 3 }
	]
};

export const builtinRules: readonly RuleDocument[] = [
	{
		id: 'builtin.slow-sql',
		name: 'Slow SQL',
		builtin: true,
		match: 'all',
		severity: 'warning',
		messageKey: 'insights.rule.slowSql',
		conditions: [
			{ kind: 'relation', id: 'calls-database', relation: 'calls', nodeKind: 'database' },
			// Database time at least twice its baseline.
			{ kind: 'metric', id: 'db-latency-up', metric: 'db.latency.p95Ms', scope: 'callee', nodeKind: 'database', measure: 'ratio', op: '>=', threshold: 2 },
			{ kind: 'metric', id: 'latency-anomalous', metric: 'latency.p95Ms', measure: 'z', op: '>=', threshold: 3 }
		],
		cause: 'Database statements called by this service became slow, and its response time followed.',
		action: 'Open the top SQL of the database for this window, check the plan of the slowest digest (missing index, full scan, lock waits).'
	},
	{
		id: 'builtin.pool-exhausted',
		name: 'Connection pool exhausted',
		builtin: true,
		match: 'all',
		severity: 'critical',
		messageKey: 'insights.rule.poolExhausted',
		conditions: [
			// 95 % of the pool in use: new requests queue for a connection.
			{ kind: 'metric', id: 'pool-full', metric: 'db.pool.usage', op: '>=', threshold: 0.95 },
			// Requests wait for a connection: measured wait time (db.client.connection.wait_time)
			// or requests queued for one (db.client.connection.pending_requests), whichever is sent.
			{
				kind: 'group',
				id: 'pool-wait',
				match: 'any',
				conditions: [
					{ kind: 'metric', id: 'pool-wait-time', metric: 'db.pool.waitMs', op: '>', threshold: 0 },
					{ kind: 'metric', id: 'pool-pending', metric: 'db.pool.pending', op: '>', threshold: 0 }
				]
			},
			degraded
		],
		cause: 'The connection pool is (nearly) full, so requests wait for a database connection.',
		action: 'Look for long transactions or leaked connections; raise the pool maximum only if the database has headroom.'
	},
	{
		id: 'builtin.gc-pressure',
		name: 'GC pressure',
		builtin: true,
		match: 'all',
		severity: 'warning',
		messageKey: 'insights.rule.gcPressure',
		conditions: [
			// More than 10 % of wall time in garbage collection, with the heap above 85 % of its limit.
			{ kind: 'metric', id: 'gc-time', metric: 'runtime.gc.timeRatio', op: '>=', threshold: 0.1 },
			{ kind: 'metric', id: 'heap-high', metric: 'runtime.heap.usage', op: '>=', threshold: 0.85 },
			degraded
		],
		cause: 'The runtime spends a large share of its time collecting garbage with a nearly full heap (leak or undersized heap).',
		action: 'Compare heap growth with the failure prediction; take a heap dump, or raise the heap limit and restart the instance.'
	},
	{
		id: 'builtin.external-timeout',
		name: 'External dependency timeout or open circuit breaker',
		builtin: true,
		match: 'all',
		severity: 'critical',
		messageKey: 'insights.rule.externalTimeout',
		conditions: [
			{ kind: 'relation', id: 'calls-external', relation: 'calls', nodeKind: 'external' },
			{
				kind: 'group',
				id: 'external-failing',
				match: 'any',
				conditions: [
					{ kind: 'metric', id: 'external-timeouts', metric: 'external.timeout.rate', op: '>=', threshold: 0.05 },
					{ kind: 'metric', id: 'external-latency', metric: 'latency.p95Ms', scope: 'callee', nodeKind: 'external', measure: 'ratio', op: '>=', threshold: 3 },
					{ kind: 'metric', id: 'external-errors', metric: 'errors.rate', scope: 'callee', nodeKind: 'external', op: '>=', threshold: 0.05 },
					{ kind: 'event', id: 'circuit-open', event: 'circuit.open', withinMs: 15 * MIN }
				]
			},
			degraded
		],
		cause: 'An external dependency is timing out or failing (or the circuit breaker to it opened).',
		action: 'Check the provider status; make sure calls have a timeout below the caller budget and a fallback while the breaker is open.'
	},
	{
		id: 'builtin.bad-deployment',
		name: 'Bad deployment',
		builtin: true,
		match: 'all',
		severity: 'critical',
		messageKey: 'insights.rule.badDeployment',
		conditions: [
			{ kind: 'event', id: 'deployed', event: 'deployment', withinMs: 30 * MIN },
			degraded
		],
		cause: 'The service got worse shortly after a new version was deployed.',
		action: 'Compare the new version with the previous one (errors, slow operations); roll back if the regression is confirmed.'
	},
	{
		id: 'builtin.scale-out-lag',
		name: 'Scale-out lag',
		builtin: true,
		match: 'all',
		severity: 'warning',
		messageKey: 'insights.rule.scaleOutLag',
		conditions: [
			// Load 50 % above baseline with CPU above 85 % and no more instances than usual.
			{ kind: 'metric', id: 'traffic-up', metric: 'requests.rate', measure: 'ratio', op: '>=', threshold: 1.5 },
			{ kind: 'metric', id: 'cpu-high', metric: 'cpu.usage', op: '>=', threshold: 0.85 },
			{ kind: 'metric', id: 'instances-flat', metric: 'instances.count', measure: 'ratio', op: '<=', threshold: 1.05 },
			degraded
		],
		cause: 'Traffic grew faster than the service scaled out; the instances that exist are saturated.',
		action: 'Check the auto-scaling policy (target, cooldown, maximum) and pre-scale before known peaks such as month end.'
	},
	{
		id: 'builtin.noisy-neighbour',
		name: 'Noisy neighbour',
		builtin: true,
		match: 'all',
		severity: 'warning',
		messageKey: 'insights.rule.noisyNeighbour',
		conditions: [
			// The host is saturated (90 % CPU) while this service's own traffic is normal.
			{ kind: 'metric', id: 'host-cpu-high', metric: 'host.cpu.usage', scope: 'host', op: '>=', threshold: 0.9 },
			{ kind: 'metric', id: 'own-traffic-normal', metric: 'requests.rate', measure: 'ratio', op: '<=', threshold: 1.2 },
			degraded
		],
		cause: 'Another workload on the same host is using its resources; this service slows down without more traffic of its own.',
		action: 'Find the busiest workload on the host; move this service or set resource requests and limits.'
	}
];
