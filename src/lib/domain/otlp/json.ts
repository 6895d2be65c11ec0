/**
 * OTLP/JSON (the protobuf JSON mapping with OTLP's deviations): lowerCamelCase names, trace
 * and span ids as hex strings (not base64), 64-bit integers as decimal strings or numbers,
 * enums as integers (their proto names are accepted too, as protobuf JSON parsers do),
 * `null` as "absent". Unknown fields are ignored, as OTLP receivers must.
 *
 * `parseOtlpJson` validates types in place and throws an OtlpDecodeError naming the first
 * wrong field (`resourceSpans[0].scopeSpans[2].spans[7].startTimeUnixNano: ...`). Values that
 * have the right type but are semantically invalid (a 5-digit span id, end before start) are
 * left to the normaliser, which rejects the one item and keeps the rest.
 */
import { OtlpDecodeError, maxAnyValueDepth } from './errors';
import type {
	ExportLogsServiceRequest,
	ExportMetricsServiceRequest,
	ExportTraceServiceRequest,
	OtlpSignal
} from './types';

type Json = Record<string, unknown>;

const enumNames: Record<string, Record<string, number>> = {
	kind: {
		SPAN_KIND_UNSPECIFIED: 0,
		SPAN_KIND_INTERNAL: 1,
		SPAN_KIND_SERVER: 2,
		SPAN_KIND_CLIENT: 3,
		SPAN_KIND_PRODUCER: 4,
		SPAN_KIND_CONSUMER: 5
	},
	code: { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 },
	aggregationTemporality: {
		AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
		AGGREGATION_TEMPORALITY_DELTA: 1,
		AGGREGATION_TEMPORALITY_CUMULATIVE: 2
	},
	severityNumber: Object.fromEntries(
		['UNSPECIFIED', 'TRACE', 'TRACE2', 'TRACE3', 'TRACE4', 'DEBUG', 'DEBUG2', 'DEBUG3', 'DEBUG4', 'INFO', 'INFO2', 'INFO3', 'INFO4', 'WARN', 'WARN2', 'WARN3', 'WARN4', 'ERROR', 'ERROR2', 'ERROR3', 'ERROR4', 'FATAL', 'FATAL2', 'FATAL3', 'FATAL4'].map(
			(name, i) => [`SEVERITY_NUMBER_${name}`, i]
		)
	)
};

const int64Pattern = /^-?\d{1,20}$/;

class Validator {
	private path: (string | number)[] = [];

	fail(field: string, expected: string, value: unknown): never {
		let where = '';
		for (const seg of this.path) where += typeof seg === 'number' ? `[${seg}]` : where ? `.${seg}` : seg;
		const shown = JSON.stringify(value) ?? String(value);
		throw new OtlpDecodeError(
			'bad-field',
			`${where}${field ? (where ? '.' : '') + field : ''}: expected ${expected}, got ${shown.length > 60 ? shown.slice(0, 60) + '…' : shown}`
		);
	}

	/** Objects of a repeated field; calls `each` with the path set to `field[i]`. */
	list(o: Json, field: string, each: (item: Json) => void): void {
		const v = o[field];
		if (v == null) {
			if (v === null) delete o[field];
			return;
		}
		if (!Array.isArray(v)) this.fail(field, 'an array', v);
		this.path.push(field, 0);
		const at = this.path.length - 1;
		for (let i = 0; i < v.length; i++) {
			this.path[at] = i;
			const item = v[i];
			if (item === null || typeof item !== 'object' || Array.isArray(item)) this.fail('', 'an object', item);
			each(item as Json);
		}
		this.path.length -= 2;
	}

	object(o: Json, field: string, each: (item: Json) => void): void {
		const v = o[field];
		if (v == null) {
			if (v === null) delete o[field];
			return;
		}
		if (typeof v !== 'object' || Array.isArray(v)) this.fail(field, 'an object', v);
		this.path.push(field);
		each(v as Json);
		this.path.length -= 1;
	}

	string(o: Json, field: string): void {
		const v = o[field];
		if (typeof v === 'string') return;
		if (v === null) delete o[field];
		else if (v !== undefined) this.fail(field, 'a string', v);
	}

	/** Hex ids are lowercased here; their length and digits are checked by the normaliser. */
	id(o: Json, field: string): void {
		const v = o[field];
		if (typeof v === 'string') {
			if (/[A-F]/.test(v)) o[field] = v.toLowerCase();
		} else if (v === null) delete o[field];
		else if (v !== undefined) this.fail(field, 'a hex string', v);
	}

	bool(o: Json, field: string): void {
		const v = o[field];
		if (typeof v === 'boolean') return;
		if (v === null) delete o[field];
		else if (v !== undefined) this.fail(field, 'true or false', v);
	}

	int64(o: Json, field: string): void {
		const v = o[field];
		if (typeof v === 'number' ? Number.isInteger(v) : typeof v === 'string' && int64Pattern.test(v)) return;
		if (v === null) delete o[field];
		else if (v !== undefined) this.fail(field, 'an integer (decimal string or number)', v);
	}

	int64List(o: Json, field: string): void {
		const v = o[field];
		if (v == null) return;
		if (!Array.isArray(v)) this.fail(field, 'an array of integers', v);
		for (const x of v) {
			if (typeof x === 'number' ? !Number.isInteger(x) : !(typeof x === 'string' && int64Pattern.test(x))) {
				this.fail(field, 'an array of integers', x);
			}
		}
	}

	/** Integers and enums; enum names are mapped to their numbers. */
	int(o: Json, field: string): void {
		const v = o[field];
		if (typeof v === 'number' && Number.isInteger(v)) return;
		if (typeof v === 'string') {
			const named = enumNames[field]?.[v];
			if (named !== undefined) {
				o[field] = named;
				return;
			}
			if (/^-?\d{1,10}$/.test(v)) {
				o[field] = Number(v);
				return;
			}
		}
		if (v === null) delete o[field];
		else if (v !== undefined) this.fail(field, 'an integer', v);
	}

	/** Doubles; proto JSON writes non-finite values as the strings "NaN", "Infinity", "-Infinity". */
	double(o: Json, field: string): void {
		const v = o[field];
		if (typeof v === 'number') return;
		if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') o[field] = Number(v);
		else if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) o[field] = Number(v);
		else if (v === null) delete o[field];
		else if (v !== undefined) this.fail(field, 'a number', v);
	}

	doubleList(o: Json, field: string): void {
		const v = o[field];
		if (v == null) return;
		if (!Array.isArray(v) || v.some((x) => typeof x !== 'number')) this.fail(field, 'an array of numbers', v);
	}

	keyValues(o: Json, field: string, depth = 0): void {
		this.list(o, field, (kv) => {
			this.string(kv, 'key');
			this.object(kv, 'value', (value) => this.anyValue(value, depth));
		});
	}

	anyValue(v: Json, depth: number): void {
		if (depth > maxAnyValueDepth) {
			throw new OtlpDecodeError('too-deep', `AnyValue nested deeper than ${maxAnyValueDepth} levels`);
		}
		this.string(v, 'stringValue');
		this.bool(v, 'boolValue');
		this.int64(v, 'intValue');
		this.double(v, 'doubleValue');
		this.string(v, 'bytesValue');
		this.object(v, 'arrayValue', (a) => this.list(a, 'values', (item) => this.anyValue(item, depth + 1)));
		this.object(v, 'kvlistValue', (l) => this.keyValues(l, 'values', depth + 1));
	}

	resource(o: Json): void {
		this.object(o, 'resource', (r) => {
			this.keyValues(r, 'attributes');
			this.int(r, 'droppedAttributesCount');
		});
	}

	scope(o: Json): void {
		this.object(o, 'scope', (s) => {
			this.string(s, 'name');
			this.string(s, 'version');
			this.keyValues(s, 'attributes');
		});
		this.string(o, 'schemaUrl');
	}

	span(s: Json): void {
		this.id(s, 'traceId');
		this.id(s, 'spanId');
		this.id(s, 'parentSpanId');
		this.string(s, 'traceState');
		this.string(s, 'name');
		this.int(s, 'kind');
		this.int(s, 'flags');
		this.int64(s, 'startTimeUnixNano');
		this.int64(s, 'endTimeUnixNano');
		this.keyValues(s, 'attributes');
		this.int(s, 'droppedAttributesCount');
		this.list(s, 'events', (e) => {
			this.int64(e, 'timeUnixNano');
			this.string(e, 'name');
			this.keyValues(e, 'attributes');
		});
		this.list(s, 'links', (l) => {
			this.id(l, 'traceId');
			this.id(l, 'spanId');
			this.string(l, 'traceState');
			this.keyValues(l, 'attributes');
			this.int(l, 'flags');
		});
		this.object(s, 'status', (st) => {
			this.int(st, 'code');
			this.string(st, 'message');
		});
	}

	pointCommon(p: Json): void {
		this.keyValues(p, 'attributes');
		this.int64(p, 'startTimeUnixNano');
		this.int64(p, 'timeUnixNano');
		this.int(p, 'flags');
	}

	metric(m: Json): void {
		this.string(m, 'name');
		this.string(m, 'description');
		this.string(m, 'unit');
		this.keyValues(m, 'metadata');
		const numberPoints = (c: Json) =>
			this.list(c, 'dataPoints', (p) => {
				this.pointCommon(p);
				this.double(p, 'asDouble');
				this.int64(p, 'asInt');
			});
		this.object(m, 'gauge', numberPoints);
		this.object(m, 'sum', (c) => {
			numberPoints(c);
			this.int(c, 'aggregationTemporality');
			this.bool(c, 'isMonotonic');
		});
		this.object(m, 'histogram', (c) => {
			this.int(c, 'aggregationTemporality');
			this.list(c, 'dataPoints', (p) => {
				this.pointCommon(p);
				this.int64(p, 'count');
				this.double(p, 'sum');
				this.int64List(p, 'bucketCounts');
				this.doubleList(p, 'explicitBounds');
				this.double(p, 'min');
				this.double(p, 'max');
			});
		});
		this.object(m, 'exponentialHistogram', (c) => {
			this.int(c, 'aggregationTemporality');
			this.list(c, 'dataPoints', (p) => {
				this.pointCommon(p);
				this.int64(p, 'count');
				this.double(p, 'sum');
				this.int(p, 'scale');
				this.int64(p, 'zeroCount');
				this.double(p, 'min');
				this.double(p, 'max');
				this.double(p, 'zeroThreshold');
				for (const side of ['positive', 'negative']) {
					this.object(p, side, (b) => {
						this.int(b, 'offset');
						this.int64List(b, 'bucketCounts');
					});
				}
			});
		});
		this.object(m, 'summary', (c) => {
			this.list(c, 'dataPoints', (p) => {
				this.pointCommon(p);
				this.int64(p, 'count');
				this.double(p, 'sum');
				this.list(p, 'quantileValues', (q) => {
					this.double(q, 'quantile');
					this.double(q, 'value');
				});
			});
		});
	}

	logRecord(l: Json): void {
		this.int64(l, 'timeUnixNano');
		this.int64(l, 'observedTimeUnixNano');
		this.int(l, 'severityNumber');
		this.string(l, 'severityText');
		this.object(l, 'body', (b) => this.anyValue(b, 0));
		this.keyValues(l, 'attributes');
		this.int(l, 'droppedAttributesCount');
		this.int(l, 'flags');
		this.id(l, 'traceId');
		this.id(l, 'spanId');
		this.string(l, 'eventName');
	}
}

const shape = {
	traces: ['resourceSpans', 'scopeSpans', 'spans'],
	metrics: ['resourceMetrics', 'scopeMetrics', 'metrics'],
	logs: ['resourceLogs', 'scopeLogs', 'logRecords']
} as const;

export function parseOtlpJson(signal: 'traces', text: string): ExportTraceServiceRequest;
export function parseOtlpJson(signal: 'metrics', text: string): ExportMetricsServiceRequest;
export function parseOtlpJson(signal: 'logs', text: string): ExportLogsServiceRequest;
export function parseOtlpJson(
	signal: OtlpSignal,
	text: string
): ExportTraceServiceRequest | ExportMetricsServiceRequest | ExportLogsServiceRequest;
export function parseOtlpJson(signal: OtlpSignal, text: string) {
	let root: unknown;
	try {
		root = text.trim() === '' ? {} : JSON.parse(text);
	} catch (error) {
		throw new OtlpDecodeError('bad-json', `not JSON: ${(error as Error).message}`);
	}
	return validateOtlpJson(signal, root);
}

/** Validates an already parsed OTLP/JSON value in place (see the module comment). */
export function validateOtlpJson(signal: OtlpSignal, root: unknown) {
	if (root === null || typeof root !== 'object' || Array.isArray(root)) {
		throw new OtlpDecodeError('bad-json', `expected a JSON object with ${shape[signal][0]}`);
	}
	const v = new Validator();
	const [outer, middle, inner] = shape[signal];
	const item = signal === 'traces' ? v.span.bind(v) : signal === 'metrics' ? v.metric.bind(v) : v.logRecord.bind(v);
	v.list(root as Json, outer, (r) => {
		v.resource(r);
		v.string(r, 'schemaUrl');
		v.list(r, middle, (s) => {
			v.scope(s);
			v.list(s, inner, item);
		});
	});
	return root as ExportTraceServiceRequest & ExportMetricsServiceRequest & ExportLogsServiceRequest;
}
