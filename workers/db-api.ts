/**
 * What the database worker exposes (db.worker.ts wraps it with comlink): the Database page's
 * data folded from the store inside the worker, so the main thread never loops over metric
 * points, logs or spans.
 *
 *   overview  databases seen (resources with db.system), top SQL over the range (statement
 *             digest deltas) and the server gauges (one pass over the metric chunks holding
 *             either), and the database events (slow statements, sessions, blocking,
 *             variables, problems)
 *   digest    one digest's series over the range, and the spans that ran it (span chunks of
 *             the span window, matched by sqlDigest of their statement text)
 *
 * Latest wins per kind: each call carries the caller's request number; a fold overtaken by
 * a newer call of its kind stops between chunks and answers `superseded`.
 *
 * Bounds: at most `maxMetricChunks` / `maxLogChunks` / `maxSpanChunks` chunks read per call
 * (the newest beyond are not read and the answer says `truncated`), plus the folds' own.
 */
import type { LogRecord, MetricPoint, SpanRecord } from '../src/lib/protocol/records';
import { DbEventsFold, dbEventNames, type DbEventsResult } from '../src/lib/domain/db/db-events';
import { DbMetric } from '../src/lib/domain/db/names';
import { StatementSpanFold, type StatementSpansResult } from '../src/lib/domain/db/statement-spans';
import { DigestSeriesFold, TopSqlFold, statementMetricNames, type DigestSeries, type TopSqlRow } from '../src/lib/domain/db/top-sql';
import { GaugeSeriesFold, type GaugeFrame } from '../src/lib/domain/db/gauge-series';
import type { StoredResource } from '../src/lib/domain/telemetry/types';

/** The part of TelemetryStore (src/lib/io/telemetry-store.ts) the Database page reads. */
export interface DbSource {
	resources(query?: { sinceMs?: number }): Promise<StoredResource[]>;
	metricChunks(query: { fromMs: number; toMs: number; names?: string[] }): AsyncIterable<MetricPoint[]>;
	logChunks(query: { fromMs: number; toMs: number; eventNames?: string[] }): AsyncIterable<LogRecord[]>;
	spanChunks(query: { fromMs: number; toMs: number }): AsyncIterable<SpanRecord[]>;
	traceSpans(traceId: string): Promise<SpanRecord[]>;
}

export const dbWorkerBounds = { maxMetricChunks: 20_000, maxLogChunks: 20_000, maxSpanChunks: 3_000, maxTraceReads: 20 };

/** Gauges charted on the page, and the server state read from the newest points. */
export const statusMetricNames = [
	DbMetric.queriesRate,
	DbMetric.threadsRunning,
	DbMetric.connections,
	DbMetric.bufferPoolHitRatio,
	DbMetric.rowLockWaitsRate,
	DbMetric.lockWaiting,
	DbMetric.up
] as const;
export type StatusMetricName = (typeof statusMetricNames)[number];

export interface DatabaseInfo {
	resourceId: string;
	/** service.name of the resource: the collector's label or the simulated database's name. */
	label: string;
	system: string;
	namespace: string;
	address: string;
	port: string;
	firstSeenMs: number;
	lastSeenMs: number;
	attrs: StoredResource['attrs'];
}

export interface DbOverviewRequest {
	fromMs: number;
	toMs: number;
	/** Bucket of the gauge charts (grown to fit 2,000 buckets). */
	stepMs: number;
}

export interface DbOverview {
	databases: DatabaseInfo[];
	topSql: TopSqlRow[];
	/** Statement points of digests past the top SQL bound. */
	topSqlDropped: number;
	gauges: GaugeFrame;
	events: DbEventsResult;
	truncated: { metrics: boolean; logs: boolean };
}

export interface DigestRequest {
	resourceId: string;
	digest: string;
	fromMs: number;
	toMs: number;
	/** Bucket of the digest's series (grown to fit 2,000 buckets). */
	stepMs: number;
	/** Spans are searched in [spanFromMs, toMs). */
	spanFromMs: number;
}

export interface DigestDetail {
	series: DigestSeries;
	spans: StatementSpansResult & { fromMs: number; toMs: number; truncated: boolean };
}

export type Reply<T> = ({ status: 'done' } & T) | { status: 'superseded' };

function text(value: unknown): string {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function databaseInfo(resource: StoredResource): DatabaseInfo {
	const a = resource.attrs;
	return {
		resourceId: resource.id,
		label: resource.service,
		system: text(a['db.system']),
		namespace: text(a['db.namespace']),
		address: text(a['server.address']),
		port: text(a['server.port']),
		firstSeenMs: resource.firstSeenMs,
		lastSeenMs: resource.lastSeenMs,
		attrs: a
	};
}

export function createDbApi(openStore: (dbName: string) => DbSource, bounds = dbWorkerBounds) {
	const newest = { overview: 0, digest: 0 };

	return {
		async overview(request: number, dbName: string, query: DbOverviewRequest): Promise<Reply<DbOverview>> {
			newest.overview = Math.max(newest.overview, request);
			const stale = () => request < newest.overview;
			const store = openStore(dbName);
			const databases = (await store.resources({ sinceMs: query.fromMs })).filter((r) => text(r.attrs['db.system']) !== '').map(databaseInfo);
			const top = new TopSqlFold();
			const gauges = new GaugeSeriesFold(statusMetricNames, query);
			let chunks = 0;
			let metricsTruncated = false;
			const names = [...statementMetricNames, ...statusMetricNames];
			for await (const points of store.metricChunks({ fromMs: query.fromMs, toMs: query.toMs, names })) {
				if (stale()) return { status: 'superseded' };
				if (++chunks > bounds.maxMetricChunks) {
					metricsTruncated = true;
					break;
				}
				top.add(points);
				gauges.add(points);
			}
			const events = new DbEventsFold();
			chunks = 0;
			let logsTruncated = false;
			for await (const logs of store.logChunks({ fromMs: query.fromMs, toMs: query.toMs, eventNames: [...dbEventNames] })) {
				if (stale()) return { status: 'superseded' };
				if (++chunks > bounds.maxLogChunks) {
					logsTruncated = true;
					break;
				}
				events.add(logs);
			}
			return {
				status: 'done',
				databases,
				topSql: top.rows(),
				topSqlDropped: top.droppedPoints,
				gauges: gauges.frame(),
				events: events.result(),
				truncated: { metrics: metricsTruncated, logs: logsTruncated }
			};
		},

		async digest(request: number, dbName: string, query: DigestRequest): Promise<Reply<DigestDetail>> {
			newest.digest = Math.max(newest.digest, request);
			const stale = () => request < newest.digest;
			const store = openStore(dbName);
			const series = new DigestSeriesFold(query.resourceId, query.digest, query);
			for await (const points of store.metricChunks({ fromMs: query.fromMs, toMs: query.toMs, names: [...statementMetricNames] })) {
				if (stale()) return { status: 'superseded' };
				series.add(points);
			}
			const spans = new StatementSpanFold(query.digest);
			let chunks = 0;
			let truncated = false;
			for await (const chunk of store.spanChunks({ fromMs: query.spanFromMs, toMs: query.toMs })) {
				if (stale()) return { status: 'superseded' };
				if (++chunks > bounds.maxSpanChunks) {
					truncated = true;
					break;
				}
				spans.add(chunk);
			}
			// roots that ended outside the window (or after the last chunk read): read those traces
			for (const traceId of spans.unplacedTraceIds(bounds.maxTraceReads)) {
				if (stale()) return { status: 'superseded' };
				spans.addRoots(await store.traceSpans(traceId));
			}
			return {
				status: 'done',
				series: series.series(),
				spans: { ...spans.result(), fromMs: query.spanFromMs, toMs: query.toMs, truncated }
			};
		}
	};
}

export type DbApi = ReturnType<typeof createDbApi>;
