/**
 * Builders of the records one database poll produces (names in names.ts, prose in
 * src/lib/server/db/README.md). Pure: time and identity come in as arguments.
 */
import type { Attrs, LogRecord, MetricPoint, ResourceRecord, TelemetryBatch } from '../../protocol/records';
import { stableHash16 } from './digest';
import { DbAttr, DbMetricUnit, type DbEventName, type DbMetricName, type DbSystem } from './names';

/** What a poll hands to the relay's `append`: a batch without sequence and receive time. */
export type DbRecords = Pick<TelemetryBatch, 'resources' | 'spans' | 'metrics' | 'logs'>;

/** What may leave the collector about a database: never user names or passwords. */
export interface DbIdentity {
	label: string;
	system: DbSystem;
	host: string;
	port: number;
	/** Configured database / schema. */
	namespace?: string;
}

export function dbResource(identity: DbIdentity): ResourceRecord {
	const attrs: Attrs = {
		[DbAttr.serviceName]: identity.label,
		[DbAttr.system]: identity.system,
		[DbAttr.serverAddress]: identity.host,
		[DbAttr.serverPort]: identity.port
	};
	if (identity.namespace) attrs[DbAttr.namespace] = identity.namespace;
	const canonical = Object.keys(attrs)
		.sort()
		.map((k) => `${k}=${String(attrs[k])}`)
		.join('\n');
	return {
		id: stableHash16(canonical),
		service: identity.label,
		instance: `${identity.host}:${identity.port}`,
		attrs
	};
}

/** Collects the points and logs of one poll at one time against one resource. */
export class DbRecordBuilder {
	readonly metrics: MetricPoint[] = [];
	readonly logs: LogRecord[] = [];

	constructor(
		readonly resource: ResourceRecord,
		readonly system: DbSystem,
		readonly timeUs: number
	) {}

	private base(name: DbMetricName, attrs: Attrs): Omit<MetricPoint, 'type'> {
		return {
			resourceId: this.resource.id,
			service: this.resource.service,
			instance: this.resource.instance,
			name,
			unit: DbMetricUnit[name],
			timeUs: this.timeUs,
			attrs: { [DbAttr.system]: this.system, ...attrs }
		};
	}

	/** Non-finite values are dropped: a point must carry a number. */
	gauge(name: DbMetricName, value: number | undefined, attrs: Attrs = {}): void {
		if (value === undefined || !Number.isFinite(value)) return;
		this.metrics.push({ ...this.base(name, attrs), type: 'gauge', value });
	}

	/** Increase over [startUs, timeUs]. */
	deltaSum(name: DbMetricName, value: number | undefined, startUs: number, attrs: Attrs = {}): void {
		if (value === undefined || !Number.isFinite(value)) return;
		this.metrics.push({
			...this.base(name, attrs),
			type: 'sum',
			temporality: 'delta',
			monotonic: true,
			startUs,
			value
		});
	}

	event(name: DbEventName, severity: number, body: unknown, attrs: Attrs = {}, timeUs = this.timeUs): void {
		const severityText = severity >= 17 ? 'ERROR' : severity >= 13 ? 'WARN' : 'INFO';
		this.logs.push({
			resourceId: this.resource.id,
			service: this.resource.service,
			instance: this.resource.instance,
			timeUs,
			severity,
			severityText,
			body: JSON.stringify(body),
			attrs: { [DbAttr.system]: this.system, ...attrs },
			traceId: '',
			spanId: '',
			eventName: name
		});
	}

	records(): DbRecords {
		return { resources: [this.resource], spans: [], metrics: this.metrics, logs: this.logs };
	}
}
