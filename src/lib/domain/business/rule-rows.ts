/**
 * Rule rows: what mapping rules and KPIs can read of each transaction span, kept in columns
 * by the KPI engine so that re-evaluating a day after a rule change reads a few typed arrays
 * instead of every span (src/lib/io/kpi keeps them; README "Rule rows").
 *
 * A record holds up to `maxRowsPerRecord` spans. Each span becomes a row: its end time,
 * its duration and the index of its **shape**, the part it shares with many other spans
 * (service, name, kind, status, whether it is a root span, and the attributes whose values
 * repeat). An attribute key stays in shapes while it has at most `maxSharedValues` distinct
 * values in the record; past that (amounts, application ids, account numbers) its values go
 * to a sparse column of their own, from the row that brought the extra value on. A rule
 * that reads only shared fields is therefore decided once per shape, and only rules that
 * read a column are tested row by row (accumulator.ts `addRows`).
 *
 * Not kept: trace and span ids, instances, events and links. Conversions joined by trace,
 * and rules over every span (`spans: 'all'`), read the spans instead (`rowsServe`).
 *
 * Exact: a row gives the accumulator the same end time, duration, status and attribute
 * values as its span, so windows made from rows equal windows made from the spans.
 */
import { StatusCode, type AttrValue, type Attrs, type SpanKindCode, type SpanRecord, type StatusCodeValue } from '../../protocol/records';

/** Rows per record: bounds the record a live engine rewrites as it grows. */
export const maxRowsPerRecord = 8_192;
/** Distinct values of an attribute key in one record before it moves to a column. */
export const maxSharedValues = 256;
/** Shapes per record (row shape indexes are 16-bit). */
export const maxShapes = 0xffff;

/**
 * What rows of a shape share. Span-like: compiled rules read a shape as they read a span
 * (`parentSpanId` is '' for a root span and '-' for any other).
 */
export interface RowShape {
	service: string;
	name: string;
	kind: SpanKindCode;
	status: StatusCodeValue;
	parentSpanId: '' | '-';
	/** The attributes shared by every row of the shape (in the span's order). */
	attrs: Attrs;
}

/** An attribute key with too many values to share: its value in each row that has one. */
export interface RowColumn {
	key: string;
	/** Row indexes, ascending. */
	rows: Uint32Array;
	values: AttrValue[];
}

export interface RuleRows {
	count: number;
	/** Oldest and newest row end time, Unix ms. */
	fromMs: number;
	toMs: number;
	shapes: RowShape[];
	/** Per row: its shape, end time and duration. */
	shape: Uint16Array;
	/**
	 * End time in µs after `endBaseUs` when every row's end is a whole µs within 71 min of
	 * it (4 bytes a row), else undefined and `endMs` holds end times.
	 */
	endOffsetUs?: Uint32Array;
	endBaseUs: number;
	endMs?: Float64Array;
	/** 4 bytes a row when every duration is a whole µs below 71 min, else 8. */
	durationUs: Uint32Array | Float64Array;
	columns: RowColumn[];
}

/** End time of row `i`, Unix ms: the same number as the span's `(startUs + durationUs) / 1000`. */
export function rowEndMs(rows: RuleRows, i: number): number {
	return rows.endOffsetUs ? (rows.endBaseUs + rows.endOffsetUs[i]) / 1000 : (rows.endMs as Float64Array)[i];
}

/** Sets an attribute, also one named __proto__ (an own property, as JSON.parse makes it). */
export function setAttr(attrs: Attrs, key: string, value: AttrValue): void {
	if (key === '__proto__') Object.defineProperty(attrs, key, { value, enumerable: true, writable: true, configurable: true });
	else attrs[key] = value;
}

function token(value: AttrValue): string {
	if (typeof value === 'string') return 's' + value;
	if (typeof value === 'number') return Object.is(value, -0) ? 'n-0' : 'n' + value;
	if (typeof value === 'boolean') return value ? 'T' : 'F';
	return 'j' + JSON.stringify(value);
}

function shapeHead(service: string, name: string, kind: number, status: number, root: boolean): string {
	return service + '\u0000' + name + '\u0000' + kind + '\u0000' + status + (root ? 'r' : 'c');
}

/** Collects rows of one record; `RuleRowsBuilder.reopen` continues a stored record. */
export class RuleRowsBuilder {
	private readonly shapes: RowShape[] = [];
	private readonly shapeIndex = new Map<string, number>();
	private readonly shape: number[] = [];
	/** startUs + durationUs of each row (NaN when only the ms figure is known) and that / 1000. */
	private readonly endUs: number[] = [];
	private readonly endMs: number[] = [];
	private readonly durationUs: number[] = [];
	private readonly columns = new Map<string, { rows: number[]; values: AttrValue[] }>();
	/** Value tokens of the keys still shared. */
	private readonly distinct = new Map<string, Set<string>>();
	private fromMs = Infinity;
	private toMs = -Infinity;

	static reopen(record: RuleRows): RuleRowsBuilder {
		const b = new RuleRowsBuilder();
		for (const c of record.columns) b.columns.set(c.key, { rows: Array.from(c.rows), values: [...c.values] });
		for (const shape of record.shapes) {
			let key = shapeHead(shape.service, shape.name, shape.kind, shape.status, shape.parentSpanId === '');
			for (const k in shape.attrs) {
				const t = token(shape.attrs[k]);
				key += '\u0001' + k + '\u0002' + t;
				if (b.columns.has(k)) continue;
				let set = b.distinct.get(k);
				if (!set) b.distinct.set(k, (set = new Set()));
				set.add(t);
			}
			b.shapeIndex.set(key, b.shapes.push(shape) - 1);
		}
		b.shape.push(...record.shape);
		for (let i = 0; i < record.count; i++) {
			b.endUs.push(record.endOffsetUs ? record.endBaseUs + record.endOffsetUs[i] : NaN);
			b.endMs.push(rowEndMs(record, i));
		}
		b.durationUs.push(...record.durationUs);
		b.fromMs = record.fromMs;
		b.toMs = record.toMs;
		return b;
	}

	get count(): number {
		return this.shape.length;
	}

	/** True when the record takes no more rows. */
	get full(): boolean {
		return this.shape.length >= maxRowsPerRecord || this.shapes.length >= maxShapes;
	}

	add(span: SpanRecord): void {
		const row = this.shape.length;
		const root = span.parentSpanId === '';
		let key = shapeHead(span.service, span.name, span.kind, span.status, root);
		let shared: Attrs | undefined;
		const attrs = span.attrs;
		for (const k in attrs) {
			const value = attrs[k];
			let column = this.columns.get(k);
			if (!column) {
				const t = token(value);
				let set = this.distinct.get(k);
				if (!set) this.distinct.set(k, (set = new Set()));
				if (set.has(t) || set.size < maxSharedValues) {
					set.add(t);
					key += '\u0001' + k + '\u0002' + t;
					setAttr((shared ??= {}), k, value);
					continue;
				}
				this.distinct.delete(k);
				this.columns.set(k, (column = { rows: [], values: [] }));
			}
			column.rows.push(row);
			column.values.push(value);
		}
		let index = this.shapeIndex.get(key);
		if (index === undefined) {
			index = this.shapes.push({ service: span.service, name: span.name, kind: span.kind, status: span.status, parentSpanId: root ? '' : '-', attrs: shared ?? {} }) - 1;
			this.shapeIndex.set(key, index);
		}
		const endUs = span.startUs + span.durationUs;
		const endMs = endUs / 1000;
		this.shape.push(index);
		this.endUs.push(endUs);
		this.endMs.push(endMs);
		this.durationUs.push(span.durationUs);
		if (endMs < this.fromMs) this.fromMs = endMs;
		if (endMs > this.toMs) this.toMs = endMs;
	}

	build(): RuleRows {
		const ends = this.endUs;
		let base = Infinity;
		for (const e of ends) if (e < base) base = e;
		const offsets = ends.every((e) => Number.isInteger(e) && e - base < 2 ** 32);
		const durations = this.durationUs.every((d) => Number.isInteger(d) && d >= 0 && d < 2 ** 32);
		return {
			count: this.shape.length,
			fromMs: this.fromMs,
			toMs: this.toMs,
			shapes: [...this.shapes],
			shape: Uint16Array.from(this.shape),
			...(offsets ? { endBaseUs: Number.isFinite(base) ? base : 0, endOffsetUs: Uint32Array.from(ends, (e) => e - base) } : { endBaseUs: 0, endMs: Float64Array.from(this.endMs) }),
			durationUs: durations ? Uint32Array.from(this.durationUs) : Float64Array.from(this.durationUs),
			columns: [...this.columns].map(([key, c]) => ({ key, rows: Uint32Array.from(c.rows), values: c.values }))
		};
	}
}

/** Rows of spans, in records of at most `maxRowsPerRecord` rows. */
export function ruleRowsOf(spans: Iterable<SpanRecord>): RuleRows[] {
	const out: RuleRows[] = [];
	let builder = new RuleRowsBuilder();
	for (const span of spans) {
		if (builder.full) {
			out.push(builder.build());
			builder = new RuleRowsBuilder();
		}
		builder.add(span);
	}
	if (builder.count > 0) out.push(builder.build());
	return out;
}

/** A shape read as a span (for compiled rules: they read no ids or times). */
export function shapeAsSpan(shape: RowShape): SpanRecord {
	return shape as unknown as SpanRecord;
}

/** A span-shaped view of one row, its own copy of the shape's attributes: the object compiled rules and KPI statistics read. */
export function rowView(shape: RowShape): SpanRecord {
	const attrs: Attrs = {};
	for (const k in shape.attrs) setAttr(attrs, k, shape.attrs[k]);
	return {
		traceId: '',
		spanId: '',
		parentSpanId: shape.parentSpanId,
		resourceId: '',
		service: shape.service,
		instance: '',
		name: shape.name,
		kind: shape.kind,
		startUs: 0,
		durationUs: 0,
		status: shape.status ?? StatusCode.Unset,
		attrs
	};
}
