/** Pieces both stores use on the write and eviction side. */
import type { LogRecord, MetricPoint, ResourceRecord, SpanRecord } from '../protocol/records';
import { retentionCutoffs, type RetentionCutoffs } from '../domain/telemetry/retention';
import type { Settings } from '../domain/telemetry/settings';
import type { MetricSeriesDescriptor, StorageNotice, StoredResource } from '../domain/telemetry/types';
import type { ChunkKind } from './chunks';
import type { LogChunkQuery, LogQuery, MetricChunkQuery, MetricPointQuery, SpanChunkQuery } from './telemetry-store';

export interface EvictionPlan {
	chunkBeforeMs: Record<ChunkKind, number>;
	rollupStartBeforeMs: RetentionCutoffs['rollupStartBeforeMs'];
	/** Gaps, resources and metric descriptors outlive every kind of data that refers to them. */
	metadataBeforeMs: number;
}

export function evictionPlan(settings: Settings, nowMs: number): EvictionPlan {
	const cut = retentionCutoffs(settings, nowMs);
	const longestHours = Math.max(...Object.values(settings.retentionHours));
	return {
		chunkBeforeMs: { span: cut.spansBeforeMs, metric: cut.metricPointsBeforeMs, log: cut.logsBeforeMs },
		rollupStartBeforeMs: cut.rollupStartBeforeMs,
		metadataBeforeMs: nowMs - longestHours * 3_600_000 - 3_600_000
	};
}

export function emptyRemoved(): StorageNotice['removed'] {
	return { spanChunks: 0, spans: 0, metricChunks: 0, logChunks: 0, rollupWindows: 0 };
}

export function notice(kind: StorageNotice['kind'], atMs: number, removed: StorageNotice['removed'], oldestSpanMs: number): StorageNotice {
	return { kind, atMs, removed, oldestSpanMs };
}

export function mergeResource(existing: StoredResource | undefined, resource: ResourceRecord, seenMs: number): StoredResource {
	if (!existing) return { ...resource, firstSeenMs: seenMs, lastSeenMs: seenMs };
	return {
		...resource,
		firstSeenMs: Math.min(existing.firstSeenMs, seenMs),
		lastSeenMs: Math.max(existing.lastSeenMs, seenMs)
	};
}

export function mergeDescriptor(existing: MetricSeriesDescriptor | undefined, next: MetricSeriesDescriptor): MetricSeriesDescriptor {
	if (!existing) return next;
	return {
		...next,
		firstSeenMs: Math.min(existing.firstSeenMs, next.firstSeenMs),
		lastSeenMs: Math.max(existing.lastSeenMs, next.lastSeenMs)
	};
}

export function filterSpans(spans: readonly SpanRecord[], query: SpanChunkQuery, isTransaction: (s: SpanRecord) => boolean): SpanRecord[] {
	const services = query.services ? new Set(query.services) : undefined;
	return spans.filter((s) => {
		const endMs = (s.startUs + s.durationUs) / 1000;
		if (endMs < query.fromMs || endMs >= query.toMs) return false;
		if (services && !services.has(s.service)) return false;
		if (query.entriesOnly) return s.parentSpanId === '';
		return !query.transactionsOnly || isTransaction(s);
	});
}

export function filterPoints(points: readonly MetricPoint[], query: MetricPointQuery): MetricPoint[] {
	const out = points.filter((p) => {
		const t = p.timeUs / 1000;
		return (
			p.name === query.name &&
			t >= query.fromMs &&
			t < query.toMs &&
			(query.resourceId === undefined || p.resourceId === query.resourceId) &&
			(query.service === undefined || p.service === query.service)
		);
	});
	out.sort((a, b) => a.timeUs - b.timeUs);
	return out.slice(0, query.limit ?? 10_000);
}

/** Points of a chunk in [fromMs, toMs) (and of `names`, when given), in chunk order. */
export function filterChunkPoints(points: readonly MetricPoint[], query: MetricChunkQuery): MetricPoint[] {
	const names = query.names ? new Set(query.names) : undefined;
	return points.filter((p) => {
		const t = p.timeUs / 1000;
		return t >= query.fromMs && t < query.toMs && (!names || names.has(p.name));
	});
}

/** Records of a chunk in [fromMs, toMs) with the event names and services asked for, in chunk order. */
export function filterChunkLogs(logs: readonly LogRecord[], query: LogChunkQuery): LogRecord[] {
	const events = query.eventNames ? new Set(query.eventNames) : undefined;
	const services = query.services ? new Set(query.services) : undefined;
	return logs.filter((l) => {
		const t = l.timeUs / 1000;
		return (
			t >= query.fromMs &&
			t < query.toMs &&
			(!events || (l.eventName !== undefined && events.has(l.eventName))) &&
			(!services || services.has(l.service))
		);
	});
}

export function filterLogs(logs: readonly LogRecord[], query: LogQuery): LogRecord[] {
	const out = logs.filter((l) => {
		const t = l.timeUs / 1000;
		return (
			t >= query.fromMs &&
			t < query.toMs &&
			(query.service === undefined || l.service === query.service) &&
			(query.minSeverity === undefined || l.severity >= query.minSeverity)
		);
	});
	out.sort((a, b) => b.timeUs - a.timeUs);
	return out.slice(0, query.limit ?? 500);
}
