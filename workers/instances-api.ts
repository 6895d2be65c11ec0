/**
 * What the instances worker exposes (instances.worker.ts wraps it with comlink): the
 * Instances page model built from the stored resources (each one's first and last seen
 * time), the platform events of the range (log chunks read in the worker) and the
 * per-instance figures of the range (rollup instance series).
 *
 *   detail  one unit's transactions per process (rollup instance series) and the runtime
 *           metrics of its current process (metric frames), read in the worker: a metric
 *           frame reads every stored metric window of the range
 *
 * Latest wins per kind: a call overtaken by a newer one of its kind answers `superseded`
 * (the overview stops between chunks). Bounds: at most `maxLogChunks` log chunks and `maxEvents` platform events per
 * call (the newest kept: chunks come oldest first), plus the tracker's own (churn.ts).
 */
import type { LogRecord } from '../src/lib/protocol/records';
import { InstanceTracker } from '../src/lib/domain/instances/churn';
import { buildInstancesOverview, figuresKey, type InstancesOverview } from '../src/lib/domain/instances/overview';
import { platformEventOf, type PlatformEvent } from '../src/lib/domain/instances/platform-events';
import { runtimeColumns, runtimeMetricNames, type RuntimeColumns } from '../src/lib/domain/instances/runtime';
import type { SeriesFrame, SeriesSummary } from '../src/lib/domain/telemetry/frames';
import type { RollupLevel } from '../src/lib/domain/telemetry/levels';
import type { MetricFrame } from '../src/lib/domain/telemetry/metric-frame';
import { instanceKey } from '../src/lib/domain/telemetry/series-key';
import type { StoredResource } from '../src/lib/domain/telemetry/types';

/** The part of TelemetryStore (src/lib/io/telemetry-store.ts) the Instances page reads. */
export interface InstancesSource {
	resources(query?: { sinceMs?: number }): Promise<StoredResource[]>;
	logChunks(query: { fromMs: number; toMs: number }): AsyncIterable<LogRecord[]>;
	summaries(query: { fromMs: number; toMs: number; kind: 'instance' }): Promise<SeriesSummary[]>;
	seriesFrame(query: { fromMs: number; toMs: number; level: RollupLevel; keys: string[] }): Promise<SeriesFrame>;
	metricFrame(query: { fromMs: number; toMs: number; level: RollupLevel; name: string; resourceId?: string }): Promise<MetricFrame>;
}

export interface DetailRequest {
	service: string;
	/** The unit's processes, oldest first: `instance` = service.instance.id, and its resource. */
	processes: { instance: string; resourceId: string }[];
	fromMs: number;
	toMs: number;
	level: RollupLevel;
}

export interface InstanceDetail {
	xsSec: number[];
	stepSec: number;
	/** Per process, in the order asked. */
	transactions: { instance: string; tps: (number | null)[]; p95Ms: (number | null)[]; errorRate: (number | null)[] }[];
	/** Of the newest process. */
	runtime: RuntimeColumns;
}

export type DetailReply = ({ status: 'done' } & InstanceDetail) | { status: 'superseded' };

export const instancesWorkerBounds = { maxLogChunks: 20_000, maxEvents: 5_000 };

export interface InstancesRequest {
	fromMs: number;
	toMs: number;
	/** The relay-corrected clock of the latest snapshot. */
	nowMs: number;
	stepMs: number;
	retireAfterMs: number;
	/** Default 30 s. */
	silentAfterMs?: number;
	/** How long after its last sighting a unit still counts as present (timeline.ts); default 30 s. */
	graceMs?: number;
}

/** Transaction figures of one process over the range (rollup series `inst|service|instance`). */
export interface InstanceFigures {
	count: number;
	errors: number;
	tps: number;
	errorRate: number | null;
	meanMs: number | null;
	p95Ms: number | null;
}

export interface InstancesPage extends InstancesOverview {
	/** Keyed `service|instance` (service.instance.id of the process). */
	figures: Record<string, InstanceFigures>;
	droppedInstances: number;
	eventsRead: number;
	truncatedEvents: boolean;
	/** Earliest first-seen time of any instance held. */
	observedFromMs: number;
}

export { figuresKey };

export type InstancesReply = ({ status: 'done' } & InstancesPage) | { status: 'superseded' };

export function createInstancesApi(openStore: (dbName: string) => InstancesSource, bounds = instancesWorkerBounds) {
	let newest = 0;
	let newestDetail = 0;
	return {
		async detail(request: number, dbName: string, query: DetailRequest): Promise<DetailReply> {
			newestDetail = Math.max(newestDetail, request);
			const store = openStore(dbName);
			const keys = query.processes.map((p) => instanceKey(query.service, p.instance));
			const frame = await store.seriesFrame({ fromMs: query.fromMs, toMs: query.toMs, level: query.level, keys });
			if (request < newestDetail) return { status: 'superseded' };
			const current = query.processes.at(-1);
			const frames: Record<string, MetricFrame> = {};
			for (const name of current ? runtimeMetricNames : []) {
				const f = await store.metricFrame({ fromMs: query.fromMs, toMs: query.toMs, level: query.level, name, resourceId: current!.resourceId });
				if (request < newestDetail) return { status: 'superseded' };
				if (f.series.length) frames[name] = f;
			}
			return {
				status: 'done',
				xsSec: frame.xsSec,
				stepSec: frame.stepSec,
				transactions: query.processes.map((p, i) => {
					const c = frame.series[keys[i]];
					return { instance: p.instance, tps: c?.tps ?? [], p95Ms: c?.p95Ms ?? [], errorRate: c?.errorRate ?? [] };
				}),
				runtime: runtimeColumns(frames)
			};
		},

		async overview(request: number, dbName: string, query: InstancesRequest): Promise<InstancesReply> {
			newest = Math.max(newest, request);
			const stale = () => request < newest;
			const store = openStore(dbName);
			const tracker = new InstanceTracker();
			let observedFromMs = Infinity;
			for (const r of await store.resources()) {
				if (tracker.observeInterval(r, r.firstSeenMs, r.lastSeenMs)) observedFromMs = Math.min(observedFromMs, r.firstSeenMs);
			}
			const events: PlatformEvent[] = [];
			let chunks = 0;
			let eventsRead = 0;
			let truncatedEvents = false;
			for await (const logs of store.logChunks({ fromMs: query.fromMs, toMs: query.toMs })) {
				if (stale()) return { status: 'superseded' };
				if (++chunks > bounds.maxLogChunks) {
					truncatedEvents = true;
					break;
				}
				for (const log of logs) {
					const event = platformEventOf(log);
					if (!event) continue;
					eventsRead++;
					events.push(event);
				}
				if (events.length > bounds.maxEvents * 2) {
					events.splice(0, events.length - bounds.maxEvents);
					truncatedEvents = true;
				}
			}
			const summaries = await store.summaries({ fromMs: query.fromMs, toMs: query.toMs, kind: 'instance' });
			if (stale()) return { status: 'superseded' };
			const figures: Record<string, InstanceFigures> = {};
			for (const s of summaries) {
				if (!s.service || !s.instance) continue;
				figures[figuresKey(s.service, s.instance)] = { count: s.count, errors: s.errors, tps: s.tps, errorRate: s.errorRate, meanMs: s.meanMs, p95Ms: s.p95Ms };
			}
			const observed = Number.isFinite(observedFromMs) ? observedFromMs : query.fromMs;
			const overview = buildInstancesOverview({
				lives: tracker.instances(),
				events: events.slice(-bounds.maxEvents),
				nowMs: query.nowMs,
				fromMs: query.fromMs,
				toMs: query.toMs,
				stepMs: query.stepMs,
				observedFromMs: observed,
				silentAfterMs: query.silentAfterMs ?? 30_000,
				retireAfterMs: query.retireAfterMs,
				graceMs: query.graceMs
			});
			return { status: 'done', ...overview, figures, droppedInstances: tracker.dropped, eventsRead, truncatedEvents, observedFromMs: observed };
		}
	};
}

export type InstancesApi = ReturnType<typeof createInstancesApi>;
