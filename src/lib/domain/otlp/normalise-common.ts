/**
 * What the three signal normalisers share: the result shape, rejection bookkeeping and the
 * resource table.
 */
import type { LogRecord, MetricPoint, ResourceRecord, SpanRecord } from '../../protocol/records';
import { defaultAttributeLimits, flattenAttributes, type AttributeLimits, type AttrStats } from './attributes';
import { isHex, isZeroOrEmptyHex } from './hex';
import { resourceId } from './resource-id';
import type { Resource } from './types';

export interface NormaliseOptions {
	/** Relay wall clock; log records with no time at all are stamped with it. */
	nowMs: number;
	limits?: Partial<NormaliseLimits>;
}

export interface NormaliseLimits extends AttributeLimits {
	/** Span events and links per span; more are dropped and counted. */
	maxEventsPerSpan: number;
	maxLinksPerSpan: number;
	/** Histogram buckets per point (explicit or per exponential side); more rejects the point. */
	maxBuckets: number;
	/** Log bodies flattened to text are cut here (UTF-16 units). */
	maxBodyChars: number;
}

export const defaultNormaliseLimits: NormaliseLimits = {
	...defaultAttributeLimits,
	maxEventsPerSpan: 128,
	maxLinksPerSpan: 128,
	maxBuckets: 2048,
	maxBodyChars: 16384
};

export interface NormaliseResult {
	resources: ResourceRecord[];
	spans: SpanRecord[];
	metrics: MetricPoint[];
	logs: LogRecord[];
	/** Items refused by per-item validation; the rest of the request was kept. */
	rejected: { spans: number; metricPoints: number; logRecords: number };
	/** Distinct rejection reasons with their counts, in first-seen order. */
	reasons: { reason: string; count: number }[];
	/** Values cut to their bound and attributes/events/links dropped, over the whole request. */
	truncated: { values: number; attributes: number; events: number; links: number };
}

/** At most this many distinct reasons are kept; further ones are counted under "other". */
const maxReasons = 16;

export class Collector {
	readonly limits: NormaliseLimits;
	readonly stats: AttrStats = { truncatedValues: 0, droppedAttributes: 0 };
	readonly result: NormaliseResult = {
		resources: [],
		spans: [],
		metrics: [],
		logs: [],
		rejected: { spans: 0, metricPoints: 0, logRecords: 0 },
		reasons: [],
		truncated: { values: 0, attributes: 0, events: 0, links: 0 }
	};
	private resourceIds = new Map<string, ResourceRecord>();
	private reasonIndex = new Map<string, { reason: string; count: number }>();

	constructor(options: NormaliseOptions) {
		this.limits = { ...defaultNormaliseLimits, ...options.limits };
	}

	reject(kind: keyof NormaliseResult['rejected'], reason: string, count = 1): void {
		this.result.rejected[kind] += count;
		let entry = this.reasonIndex.get(reason);
		if (!entry) {
			const key = this.reasonIndex.size < maxReasons ? reason : 'other reasons';
			entry = this.reasonIndex.get(key);
			if (!entry) {
				entry = { reason: key, count: 0 };
				this.reasonIndex.set(key, entry);
				this.result.reasons.push(entry);
			}
		}
		entry.count += count;
	}

	/** The record for an OTLP resource; identical resources in one request share one record. */
	resource(resource: Resource | undefined): ResourceRecord {
		const attrs = flattenAttributes(resource?.attributes, this.stats, this.limits);
		const id = resourceId(attrs);
		let record = this.resourceIds.get(id);
		if (!record) {
			const service = typeof attrs['service.name'] === 'string' && attrs['service.name'] ? attrs['service.name'] : 'unknown_service';
			const instance =
				firstString(attrs['service.instance.id'], attrs['k8s.pod.name'], attrs['host.name']) ?? id;
			record = { id, service, instance, attrs };
			const namespace = attrs['service.namespace'];
			if (typeof namespace === 'string' && namespace) record.namespace = namespace;
			this.resourceIds.set(id, record);
			this.result.resources.push(record);
		}
		return record;
	}

	finish(): NormaliseResult {
		this.result.truncated.values = this.stats.truncatedValues;
		this.result.truncated.attributes = this.stats.droppedAttributes;
		return this.result;
	}
}

function firstString(...values: unknown[]): string | undefined {
	for (const v of values) if (typeof v === 'string' && v) return v;
	return undefined;
}

/** Trace ids: 32 lowercase hex digits, not all zero. */
export function isTraceId(id: string | undefined): id is string {
	return id !== undefined && id.length === 32 && isHex(id) && !isZeroOrEmptyHex(id);
}

/** Span ids: 16 lowercase hex digits, not all zero. */
export function isSpanId(id: string | undefined): id is string {
	return id !== undefined && id.length === 16 && isHex(id) && !isZeroOrEmptyHex(id);
}

/** A one-line summary of rejections, for partial_success.error_message. */
export function describeRejections(result: NormaliseResult): string {
	return result.reasons.map((r) => `${r.count} × ${r.reason}`).join('; ');
}
