/**
 * Call-record CSV: `timestamp,business_context,caller,callee`, one call per row, as
 * Mono2Micro-style runtime traces are usually exported. Optional extra columns, recognised
 * by a header row: `duration_ms` (the callee's time), `tables` (`ACCOUNT:w;QUOTE:r`, mode
 * `r`, `w` or `rw`; a table without a mode counts as read and written) and `trace_id`.
 * Without a header the four columns are positional, followed optionally by `duration_ms`
 * and `tables`.
 *
 * RFC 4180 quoting (`"a,b"`, `""` for a quote, newlines inside quotes); CRLF or LF; a UTF-8
 * byte-order mark is ignored. A bad row is reported with its 1-based line number and
 * skipped; every other row is kept. At most `maxErrors` errors are listed (the rest are
 * counted), so a wrong file cannot flood memory.
 *
 * Timestamps: ISO 8601, or a number whose magnitude gives its unit (below 1e11 seconds,
 * below 1e14 milliseconds, below 1e17 microseconds, else nanoseconds).
 */
import type { CallRecord, TableAccess } from './call-graph';

export interface CsvError {
	line: number;
	/** English text, for the command line and logs. */
	message: string;
	/** What went wrong, for a translated message (`advisor.csv.error.<code>` in the catalogue). */
	code?: CsvErrorCode;
	params?: Record<string, string | number>;
}

export type CsvErrorCode =
	| 'unclosedQuote'
	| 'noRows'
	| 'fieldTooLong'
	| 'headerMissing'
	| 'fieldCount'
	| 'headerFieldCount'
	| 'emptyCallee'
	| 'badTimestamp'
	| 'badDuration'
	| 'tableNoName'
	| 'tableMode';

export interface CsvSummary {
	rows: number;
	accepted: number;
	errors: CsvError[];
	/** Errors beyond `maxErrors`, counted but not listed. */
	moreErrors: number;
}

type Column = 'timestamp' | 'context' | 'caller' | 'callee' | 'duration' | 'tables' | 'trace';

const headerAliases: Record<string, Column> = {
	timestamp: 'timestamp',
	time: 'timestamp',
	ts: 'timestamp',
	business_context: 'context',
	businesscontext: 'context',
	context: 'context',
	business_transaction: 'context',
	transaction: 'context',
	caller: 'caller',
	source: 'caller',
	callee: 'callee',
	target: 'callee',
	duration_ms: 'duration',
	durationms: 'duration',
	latency_ms: 'duration',
	tables: 'tables',
	trace_id: 'trace',
	traceid: 'trace'
};

/** A longer field ends its row's chances: the row is reported and skipped, memory stays bounded. */
export const maxFieldChars = 65_536;

const positional: Column[] = ['timestamp', 'context', 'caller', 'callee', 'duration', 'tables'];
const required: Column[] = ['context', 'caller', 'callee'];

export interface CallsCsvOptions {
	maxErrors?: number;
}

/** Incremental parser: feed text in chunks of any size with `push`, then call `end`. */
export class CallsCsvParser {
	private readonly onRecord: (record: CallRecord) => void;
	private readonly maxErrors: number;
	private readonly summary: CsvSummary = { rows: 0, accepted: 0, errors: [], moreErrors: 0 };
	private columns: (Column | undefined)[] | null = null;
	private field = '';
	private fields: string[] = [];
	private inQuotes = false;
	/** The quote just seen inside a quoted field may be the first of an escaped `""`. */
	private quotePending = false;
	private line = 1;
	private rowLine = 1;
	private atStart = true;
	private lastWasCr = false;
	private rowTooLong = false;

	constructor(onRecord: (record: CallRecord) => void, options: CallsCsvOptions = {}) {
		this.onRecord = onRecord;
		this.maxErrors = options.maxErrors ?? 100;
	}

	push(chunk: string): void {
		let text = chunk;
		if (this.atStart) {
			if (text.length === 0) return;
			if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
			this.atStart = false;
		}
		for (let i = 0; i < text.length; i++) {
			const ch = text[i];
			const crlfTail = this.lastWasCr && ch === '\n';
			this.lastWasCr = ch === '\r';
			if (crlfTail) continue;
			if (this.inQuotes) {
				if (this.quotePending) {
					this.quotePending = false;
					if (ch === '"') {
						this.field += '"';
						continue;
					}
					this.inQuotes = false;
				} else {
					if (ch === '"') this.quotePending = true;
					else {
						if (ch === '\n' || ch === '\r') this.line += 1;
						this.append(ch);
					}
					continue;
				}
			}
			if (ch === '"' && this.field.length === 0) {
				this.inQuotes = true;
			} else if (ch === ',') {
				this.fields.push(this.field);
				this.field = '';
			} else if (ch === '\n' || ch === '\r') {
				this.endRow();
				this.line += 1;
				this.rowLine = this.line;
			} else {
				this.append(ch);
			}
		}
	}

	private append(ch: string): void {
		if (this.field.length < maxFieldChars) this.field += ch;
		else this.rowTooLong = true;
	}

	end(): CsvSummary {
		if (this.inQuotes && !this.quotePending) {
			this.error(this.rowLine, 'a quoted field is not closed before the end of the file', 'unclosedQuote');
			this.fields = [];
			this.field = '';
		} else if (this.field.length > 0 || this.fields.length > 0) {
			this.endRow();
		}
		this.inQuotes = false;
		this.quotePending = false;
		if (this.columns === null && this.summary.errors.length === 0) {
			this.error(1, 'the file has no rows (expected timestamp,business_context,caller,callee)', 'noRows');
		}
		return { ...this.summary, errors: [...this.summary.errors] };
	}

	private endRow(): void {
		this.fields.push(this.field);
		this.field = '';
		this.inQuotes = false;
		this.quotePending = false;
		const fields = this.fields;
		this.fields = [];
		if (this.rowTooLong) {
			this.rowTooLong = false;
			this.summary.rows += 1;
			this.error(this.rowLine, `a field is longer than ${maxFieldChars} characters`, 'fieldTooLong', { max: maxFieldChars });
			return;
		}
		if (fields.length === 1 && fields[0].trim() === '') return;
		if (fields[0].trimStart().startsWith('#')) return;
		if (this.columns === null && this.readHeader(fields)) return;
		this.columns ??= positional;
		this.summary.rows += 1;
		const record = this.toRecord(fields);
		if (record) {
			this.summary.accepted += 1;
			this.onRecord(record);
		}
	}

	/** True when the row was a header (and is now the column map). */
	private readHeader(fields: string[]): boolean {
		const names = fields.map((f) => f.trim().toLowerCase().replace(/[\s-]+/g, '_'));
		if (!names.includes('caller') && !names.includes('callee')) return false;
		const columns: (Column | undefined)[] = [];
		for (const name of names) {
			columns.push(headerAliases[name] ?? headerAliases[name.replace(/_/g, '')]);
		}
		const missing = required.filter((c) => !columns.includes(c));
		if (missing.length > 0) {
			this.error(this.rowLine, `the header lacks column(s) ${missing.join(', ')}; expected timestamp,business_context,caller,callee`, 'headerMissing', {
				columns: missing.join(', ')
			});
		}
		this.columns = columns;
		return true;
	}

	private toRecord(fields: string[]): CallRecord | null {
		const columns = this.columns ?? positional;
		const value: Partial<Record<Column, string>> = {};
		for (let i = 0; i < fields.length && i < columns.length; i++) {
			const column = columns[i];
			if (column) value[column] = fields[i].trim();
		}
		if (columns === positional) {
			if (fields.length < 4 || fields.length > positional.length) {
				return this.reject(
					`expected 4 to ${positional.length} fields (timestamp,business_context,caller,callee[,duration_ms][,tables]), found ${fields.length}`,
					'fieldCount',
					{ max: positional.length, found: fields.length }
				);
			}
		} else if (fields.length !== columns.length) {
			return this.reject(`expected ${columns.length} fields as in the header, found ${fields.length} (is a comma missing its quotes?)`, 'headerFieldCount', {
				expected: columns.length,
				found: fields.length
			});
		}
		const callee = value.callee ?? '';
		if (callee === '') return this.reject('the callee is empty', 'emptyCallee');
		const record: CallRecord = { context: value.context ?? '', caller: value.caller ?? '', callee };
		if (value.timestamp) {
			const timeMs = parseTimestamp(value.timestamp);
			if (timeMs === null) {
				return this.reject(`timestamp "${clip(value.timestamp)}" is neither a number nor an ISO 8601 date`, 'badTimestamp', { value: clip(value.timestamp) });
			}
			record.timeMs = timeMs;
		}
		if (value.duration) {
			const durationMs = Number(value.duration);
			if (!Number.isFinite(durationMs) || durationMs < 0) {
				return this.reject(`duration_ms "${clip(value.duration)}" is not a non-negative number`, 'badDuration', { value: clip(value.duration) });
			}
			record.durationMs = durationMs;
		}
		if (value.tables) {
			const tables = parseTables(value.tables);
			if ('code' in tables) return this.reject(tables.message, tables.code, tables.params);
			record.tables = tables;
		}
		if (value.trace) record.traceId = value.trace;
		return record;
	}

	private reject(message: string, code: CsvErrorCode, params?: CsvError['params']): null {
		this.error(this.rowLine, message, code, params);
		return null;
	}

	private error(line: number, message: string, code: CsvErrorCode, params?: CsvError['params']): void {
		if (this.summary.errors.length < this.maxErrors) this.summary.errors.push({ line, message, code, ...(params ? { params } : {}) });
		else this.summary.moreErrors += 1;
	}
}

/** Whole-text convenience over `CallsCsvParser`. */
export function parseCallsCsv(text: string, options: CallsCsvOptions = {}): { records: CallRecord[]; summary: CsvSummary } {
	const records: CallRecord[] = [];
	const parser = new CallsCsvParser((record) => records.push(record), options);
	parser.push(text);
	return { records, summary: parser.end() };
}

export function formatCsvError(error: CsvError): string {
	return `line ${error.line}: ${error.message}`;
}

function parseTimestamp(text: string): number | null {
	if (/^[+-]?\d+(\.\d+)?$/.test(text)) {
		const n = Number(text);
		const magnitude = Math.abs(n);
		if (magnitude < 1e11) return n * 1000;
		if (magnitude < 1e14) return n;
		if (magnitude < 1e17) return n / 1000;
		return n / 1e6;
	}
	const ms = Date.parse(text);
	return Number.isNaN(ms) ? null : ms;
}

function parseTables(text: string): TableAccess[] | Required<Omit<CsvError, 'line' | 'params'>> & Pick<CsvError, 'params'> {
	const tables: TableAccess[] = [];
	for (const part of text.split(';')) {
		const item = part.trim();
		if (item === '') continue;
		const colon = item.lastIndexOf(':');
		const name = (colon > 0 ? item.slice(0, colon) : item).trim().toLowerCase();
		const mode = colon > 0 ? item.slice(colon + 1).trim().toLowerCase() : 'rw';
		if (name === '') return { message: `a table entry "${clip(item)}" has no name`, code: 'tableNoName', params: { item: clip(item) } };
		if (mode !== 'r' && mode !== 'w' && mode !== 'rw') {
			return { message: `table mode "${clip(mode)}" of ${name} is not r, w or rw`, code: 'tableMode', params: { mode: clip(mode), table: name } };
		}
		tables.push({ table: name, read: mode.includes('r'), write: mode.includes('w') });
	}
	return tables;
}

function clip(text: string): string {
	return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
