/**
 * What the instances worker exposes (instances.worker.ts wraps it with comlink): the
 * Instances page model built from the stored resources (each one's first and last seen
 * time), the platform events of the range (log chunks read in the worker) and the
 * per-instance figures of the range (rollup instance series).
 *
 * Latest wins: a call overtaken by a newer one stops between chunks and answers
 * `superseded`. Bounds: at most `maxLogChunks` log chunks and `maxEvents` platform events per
 * call (the newest kept: chunks come oldest first), plus the tracker's own (churn.ts).
 */
import type { LogRecord } from '../src/lib/protocol/records';
import { InstanceTracker } from '../src/lib/domain/instances/churn';
import { buildInstancesOverview, type InstancesOverview } from '../src/lib/domain/instances/overview';
import { platformEventOf, type PlatformEvent } from '../src/lib/domain/instances/platform-events';
import type { SeriesSummary } from '../src/lib/domain/telemetry/frames';
import type { StoredResource } from '../src/lib/domain/telemetry/types';

/** The part of TelemetryStore (src/lib/io/telemetry-store.ts) the Instances page reads. */
export interface InstancesSource {
	resources(query?: { sinceMs?: number }): Promise<StoredResource[]>;
	logChunks(query: { fromMs: number; toMs: number }): AsyncIterable<LogRecord[]>;
	summaries(query: { fromMs: number; toMs: number; kind: 'instance' }): Promise<SeriesSummary[]>;
}

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

export type InstancesReply = ({ status: 'done' } & InstancesPage) | { status: 'superseded' };

export function figuresKey(service: string, instance: string): string {
	return `${service}|${instance}`;
}

export function createInstancesApi(openStore: (dbName: string) => InstancesSource, bounds = instancesWorkerBounds) {
	let newest = 0;
	return {
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
