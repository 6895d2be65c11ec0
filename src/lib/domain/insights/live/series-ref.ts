/**
 * Identities of the series the insights host watches, and what each canonical metric means
 * for scoring (the direction that is bad, the smallest spread worth calling a deviation).
 *
 * A series id is `<metric>@<scope key>`:
 *   latency.p95Ms@svc|transfer        a service (scope keys of rollups: overall, svc|, ep|, inst|)
 *   runtime.heap.usage@inst|accounts|accounts-7d9f-x2k1p
 *   db.latency.p95Ms@db:mysql/deposits  a database node (topology peer ids: db:, ext:)
 *   host.cpu.usage@host:ip-10-0-1-5   a host
 *   db.server.threads.running@db:mysql/deposits   a database server's own metric
 * Metric names are the rule engine's canonical keys (rules/types.ts); ratios are 0..1.
 */
import { parseSeriesKey, type SeriesKey } from '../../telemetry/series-key';

export type SeriesScope = 'overall' | 'service' | 'endpoint' | 'instance' | 'database' | 'external' | 'host';

export interface SeriesRef {
	/** `<metric>@<scopeKey>` */
	id: string;
	metric: string;
	scope: SeriesScope;
	scopeKey: string;
	/** Node of the rule engine and root-cause ranking: a service name, a peer id (db:, ext:), a host id; '' for overall. */
	node: string;
	service?: string;
	endpoint?: string;
	instance?: string;
}

/** One value of one series for the window starting at `timeMs`. */
export interface Observation {
	ref: SeriesRef;
	timeMs: number;
	value: number;
}

export function seriesId(metric: string, scopeKey: string): string {
	return `${metric}@${scopeKey}`;
}

/** A series of a rollup scope (overall, service, endpoint, instance). */
export function rollupRef(metric: string, key: SeriesKey): SeriesRef | undefined {
	const id = parseSeriesKey(key);
	if (!id) return undefined;
	const scope: SeriesScope = id.kind;
	return {
		id: seriesId(metric, key),
		metric,
		scope,
		scopeKey: key,
		node: id.service ?? '',
		...(id.service !== undefined ? { service: id.service } : {}),
		...(id.endpoint !== undefined ? { endpoint: id.endpoint } : {}),
		...(id.instance !== undefined ? { instance: id.instance } : {})
	};
}

/** A series of a peer node (database `db:<system>/<ns>`, external `ext:<host>`) or a host (`host:<name>`). */
export function nodeRef(metric: string, scope: 'database' | 'external' | 'host', node: string): SeriesRef {
	return { id: seriesId(metric, node), metric, scope, scopeKey: node, node };
}

export type Direction = 'up' | 'down' | 'both';

export interface MetricSpec {
	/** Which deviation is bad: latency and errors up; traffic either way. */
	direction: Direction;
	/** Smallest standard deviation a band may have at `expected`, in the metric's unit (step in seconds for rates). */
	minSd(expected: number, stepSec: number): number;
	/** Value at which the resource is exhausted, for breach prediction (ratios: 1). */
	limit?: number;
	/** Shown unit family: durations in ms, ratios as percentages, rates per second, plain counts. */
	unit: 'ms' | 'ratio' | 'perSec' | 'count';
}

const ratio = (floor: number, limit?: number): MetricSpec => ({ direction: 'up', minSd: () => floor, unit: 'ratio', ...(limit !== undefined ? { limit } : {}) });
const duration = (floorMs: number): MetricSpec => ({ direction: 'up', minSd: (e) => Math.max(floorMs, 0.05 * Math.abs(e)), unit: 'ms' });

/**
 * Floors: 1 ms or 5 % of the expected latency; one percentage point of errors; Poisson
 * noise sqrt(n) of the count in a step for request rates; 2 points of CPU; 1 point of heap;
 * half a request queued. Without them a series that was constant (no errors yet, an idle
 * pool) would call its first change infinitely anomalous.
 */
export const metricSpecs: Readonly<Record<string, MetricSpec>> = {
	'requests.rate': { direction: 'both', minSd: (e, stepSec) => Math.sqrt(Math.max(Math.abs(e) * stepSec, 1)) / stepSec, unit: 'perSec' },
	'errors.rate': ratio(0.01),
	'latency.p95Ms': duration(1),
	'dependency.latency.p95Ms': duration(0.5),
	'dependency.errors.rate': ratio(0.01),
	'db.latency.p95Ms': duration(0.5),
	'external.timeout.rate': ratio(0.01),
	'cpu.usage': ratio(0.02),
	'host.cpu.usage': ratio(0.02),
	'runtime.heap.usage': ratio(0.01, 1),
	'runtime.gc.timeRatio': ratio(0.005),
	'db.pool.usage': ratio(0.05, 1),
	'db.pool.waitMs': duration(1),
	'db.pool.pending': { direction: 'up', minSd: () => 0.5, unit: 'count' },
	'instances.count': { direction: 'both', minSd: () => 0.5, unit: 'count' }
};

const genericSpec: MetricSpec = { direction: 'both', minSd: (e) => Math.max(1e-6, 0.05 * Math.abs(e)), unit: 'count' };
/** Database server gauges: rates have Poisson noise (at least 0.1/s), counts of sessions or threads at least one. */
const dbRateSpec: MetricSpec = { direction: 'up', minSd: (e, stepSec) => Math.max(0.1, Math.sqrt(Math.max(Math.abs(e) * stepSec, 1)) / stepSec), unit: 'perSec' };
const dbCountSpec: MetricSpec = { direction: 'up', minSd: (e) => Math.max(1, 0.05 * Math.abs(e)), unit: 'count' };

export function specOf(metric: string): MetricSpec {
	const spec = metricSpecs[metric];
	if (spec) return spec;
	if (metric.startsWith('db.server.')) return metric.endsWith('.rate') ? dbRateSpec : dbCountSpec;
	return genericSpec;
}
