/**
 * A metrics CSV dropped onto the Insights page: a header row, one timestamp column (named
 * time, timestamp, date, datetime or ts, else the first column) and numeric value columns.
 * Timestamps: ISO 8601 (a time without a zone is UTC, as NAB's files are), or Unix seconds /
 * milliseconds. An empty cell is a gap. Quoted fields ("a,b") are read; delimiters are
 * commas, or semicolons / tabs when the header has no comma.
 *
 * Bad input never throws: a row whose time cannot be read is skipped and reported with its
 * line number, as is a cell that is not a number (the row's other values are kept). At most
 * `maxIssues` issues are listed (the rest counted), `maxRows` rows and `maxSeries` value
 * columns are read (more are reported, not read).
 */
export interface ImportedSeries {
	name: string;
	timesMs: number[];
	values: number[];
}

export interface ImportIssue {
	/** 1-based line of the file, when the issue is about one line. */
	line?: number;
	code: 'empty' | 'no-values' | 'bad-time' | 'bad-number' | 'too-many-rows' | 'too-many-columns' | 'unordered' | 'bad-json' | 'not-otlp' | 'no-series';
	detail: string;
}

export interface ImportResult {
	format: 'csv' | 'otlp-metrics' | 'otlp-traces';
	series: ImportedSeries[];
	issues: ImportIssue[];
	/** Issues beyond the listed ones. */
	moreIssues: number;
}

export interface CsvOptions {
	maxRows?: number;
	maxSeries?: number;
	maxIssues?: number;
}

const timeNames = /^(time|timestamp|date|datetime|ts)$/i;

/** Splits one CSV line (RFC 4180 quotes; no newlines inside quotes). */
export function splitCsvLine(line: string, delimiter: string): string[] {
	const out: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (quoted) {
			if (c === '"' && line[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"' && field === '') quoted = true;
		else if (c === delimiter) {
			out.push(field);
			field = '';
		} else field += c;
	}
	out.push(field);
	return out.map((f) => f.trim());
}

/** Unix ms of a timestamp cell, NaN when unreadable. */
export function parseTimestamp(text: string): number {
	const t = text.trim();
	if (t === '') return NaN;
	if (/^-?\d+(\.\d+)?$/.test(t)) {
		const n = Number(t);
		// below 1e11 it is seconds (1e11 s is the year 5138; 1e11 ms is 1973)
		return Math.abs(n) < 1e11 ? n * 1000 : n;
	}
	const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
	if (!iso) return NaN;
	const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = iso;
	let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Math.round(Number(`0.${frac}`) * 1000));
	if (zone && zone !== 'Z') {
		const sign = zone.startsWith('-') ? -1 : 1;
		const digits = zone.replace(/[+:-]/g, '');
		ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
	}
	const check = new Date(ms);
	return check.getUTCMonth() === +mo - 1 || zone ? ms : NaN;
}

export function parseMetricsCsv(text: string, options: CsvOptions = {}): ImportResult {
	const maxRows = options.maxRows ?? 500_000;
	const maxSeries = options.maxSeries ?? 50;
	const maxIssues = options.maxIssues ?? 20;
	const result: ImportResult = { format: 'csv', series: [], issues: [], moreIssues: 0 };
	const issue = (i: ImportIssue) => (result.issues.length < maxIssues ? result.issues.push(i) : result.moreIssues++);
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	const headerIndex = lines.findIndex((l) => l.trim() !== '');
	if (headerIndex < 0) {
		issue({ code: 'empty', detail: 'The file is empty.' });
		return result;
	}
	const headerLine = lines[headerIndex];
	// the delimiter is read outside quoted names ("load, total" is one name)
	const bare = headerLine.replace(/"[^"]*"/g, '');
	const delimiter = bare.includes(',') ? ',' : bare.includes(';') ? ';' : bare.includes('\t') ? '\t' : ',';
	const header = splitCsvLine(headerLine, delimiter);
	const timeColumn = Math.max(0, header.findIndex((h) => timeNames.test(h)));
	let valueColumns = header.map((_, i) => i).filter((i) => i !== timeColumn);
	if (valueColumns.length === 0) {
		issue({ line: headerIndex + 1, code: 'no-values', detail: 'The header names a time column but no value columns.' });
		return result;
	}
	if (valueColumns.length > maxSeries) {
		issue({ line: headerIndex + 1, code: 'too-many-columns', detail: `${valueColumns.length} value columns; the first ${maxSeries} are read.` });
		valueColumns = valueColumns.slice(0, maxSeries);
	}
	const series = valueColumns.map((i) => ({ name: header[i] || `column ${i + 1}`, timesMs: [] as number[], values: [] as number[] }));
	let rows = 0;
	let lastMs = -Infinity;
	let unordered = false;
	for (let li = headerIndex + 1; li < lines.length; li++) {
		const line = lines[li];
		if (line.trim() === '') continue;
		if (rows >= maxRows) {
			issue({ line: li + 1, code: 'too-many-rows', detail: `Only the first ${maxRows} rows are read.` });
			break;
		}
		const cells = splitCsvLine(line, delimiter);
		const timeMs = parseTimestamp(cells[timeColumn] ?? '');
		if (!Number.isFinite(timeMs)) {
			issue({ line: li + 1, code: 'bad-time', detail: `"${(cells[timeColumn] ?? '').slice(0, 40)}" is not a time.` });
			continue;
		}
		if (timeMs < lastMs) unordered = true;
		lastMs = timeMs;
		rows++;
		valueColumns.forEach((col, k) => {
			const cell = cells[col] ?? '';
			const value = cell === '' ? NaN : Number(cell);
			if (cell !== '' && !Number.isFinite(value)) issue({ line: li + 1, code: 'bad-number', detail: `${series[k].name}: "${cell.slice(0, 40)}" is not a number.` });
			series[k].timesMs.push(timeMs);
			series[k].values.push(value);
		});
	}
	if (unordered) {
		issue({ code: 'unordered', detail: 'Rows were not in time order; they were sorted.' });
		for (const s of series) {
			const order = s.timesMs.map((_, i) => i).sort((a, b) => s.timesMs[a] - s.timesMs[b]);
			s.timesMs = order.map((i) => s.timesMs[i]);
			s.values = order.map((i) => s.values[i]);
		}
	}
	result.series = series.filter((s) => s.values.some(Number.isFinite));
	if (result.series.length === 0) issue({ code: 'no-series', detail: 'No column holds a number.' });
	return result;
}
