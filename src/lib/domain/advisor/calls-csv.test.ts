import { describe, expect, it } from 'vitest';
import { CallsCsvParser, formatCsvError, parseCallsCsv } from './calls-csv';

describe('parseCallsCsv', () => {
	it('reads positional rows without a header', () => {
		const { records, summary } = parseCallsCsv('1700000000000,buy,Root,TradeAction.buy\n1700000000001,buy,TradeAction.buy,Quote.get\n');
		expect(summary).toMatchObject({ rows: 2, accepted: 2, errors: [] });
		expect(records[1]).toEqual({ timeMs: 1700000000001, context: 'buy', caller: 'TradeAction.buy', callee: 'Quote.get' });
	});

	it('reads a header in any column order, with optional duration, tables and trace id', () => {
		const text = [
			'caller,callee,business_context,timestamp,duration_ms,tables,trace_id',
			'Root,Ledger.post,transfer,2024-03-01T09:00:00Z,12.5,ACCOUNT:w;LEDGER_ENTRY:rw;BRANCH:r,abc'
		].join('\n');
		const { records, summary } = parseCallsCsv(text);
		expect(summary.errors).toEqual([]);
		expect(records[0]).toEqual({
			timeMs: Date.parse('2024-03-01T09:00:00Z'),
			context: 'transfer',
			caller: 'Root',
			callee: 'Ledger.post',
			durationMs: 12.5,
			tables: [
				{ table: 'account', read: false, write: true },
				{ table: 'ledger_entry', read: true, write: true },
				{ table: 'branch', read: true, write: false }
			],
			traceId: 'abc'
		});
	});

	it('handles quotes, escaped quotes, CRLF, a byte-order mark and blank or comment lines', () => {
		const text = '\ufefftimestamp,business_context,caller,callee\r\n# exported\r\n\r\n5,"pay, then ship","A.""quoted""",B\r\n';
		const { records, summary } = parseCallsCsv(text);
		expect(summary.errors).toEqual([]);
		expect(records).toEqual([{ timeMs: 5000, context: 'pay, then ship', caller: 'A."quoted"', callee: 'B' }]);
	});

	it('reads timestamps in seconds, milliseconds, microseconds and nanoseconds', () => {
		const rows = ['1700000000', '1700000000000', '1700000000000000', '1700000000000000000'].map((t) => `${t},c,A,B`);
		const { records } = parseCallsCsv(rows.join('\n'));
		expect(records.map((r) => r.timeMs)).toEqual([1.7e12, 1.7e12, 1.7e12, 1.7e12]);
	});

	it('reports bad rows with their line numbers and keeps every good row', () => {
		const text = [
			'timestamp,business_context,caller,callee',
			'1,ctx,A,B',
			'yesterday,ctx,A,B',
			'2,ctx,A',
			'3,ctx,A,',
			'4,ctx,A,B,-1',
			'5,ctx,A,B,1,T:x',
			'6,ctx,A,C'
		].join('\n');
		const { records, summary } = parseCallsCsv(text);
		expect(records.map((r) => r.callee)).toEqual(['B', 'C']);
		expect(summary.errors.map(formatCsvError)).toEqual([
			'line 3: timestamp "yesterday" is neither a number nor an ISO 8601 date',
			'line 4: expected 4 fields as in the header, found 3 (is a comma missing its quotes?)',
			'line 5: the callee is empty',
			'line 6: expected 4 fields as in the header, found 5 (is a comma missing its quotes?)',
			'line 7: expected 4 fields as in the header, found 6 (is a comma missing its quotes?)'
		]);
		expect(summary).toMatchObject({ rows: 7, accepted: 2 });
	});

	it('reports a bad duration and table mode in positional files', () => {
		const { summary } = parseCallsCsv('1,c,A,B,fast\n2,c,A,B,1,ACCOUNT:x\n');
		expect(summary.errors.map(formatCsvError)).toEqual([
			'line 1: duration_ms "fast" is not a non-negative number',
			'line 2: table mode "x" of account is not r, w or rw'
		]);
	});

	it('counts line numbers across newlines inside quoted fields', () => {
		const { summary } = parseCallsCsv('1,"multi\nline",A,B\n2,c,A\n');
		expect(summary.errors).toEqual([{ line: 3, message: expect.stringMatching(/found 3/), code: 'fieldCount', params: { max: 6, found: 3 } }]);
	});

	it('reports an unterminated quote and a header without the required columns', () => {
		expect(parseCallsCsv('1,"open,A,B\n').summary.errors[0]).toEqual({
			line: 1,
			message: 'a quoted field is not closed before the end of the file',
			code: 'unclosedQuote'
		});
		expect(parseCallsCsv('caller,callee\nA,B\n').summary.errors[0]).toMatchObject({ message: expect.stringMatching(/lacks column\(s\) context/), code: 'headerMissing', params: { columns: 'context' } });
		expect(parseCallsCsv('').summary.errors[0].message).toMatch(/no rows/);
	});

	it('skips a row with an overlong field without holding it in memory', () => {
		const { records, summary } = parseCallsCsv(`1,c,A,${'x'.repeat(100_000)}\n2,c,A,B\n`);
		expect(records.map((r) => r.callee)).toEqual(['B']);
		expect(summary.errors).toEqual([{ line: 1, message: 'a field is longer than 65536 characters', code: 'fieldTooLong', params: { max: 65_536 } }]);
	});

	it('lists at most maxErrors errors and counts the rest', () => {
		const text = Array.from({ length: 30 }, () => 'x,c,A').join('\n');
		const { summary } = parseCallsCsv(text, { maxErrors: 10 });
		expect(summary.errors).toHaveLength(10);
		expect(summary.moreErrors).toBe(20);
	});

	it('gives the same records whatever the chunking', () => {
		const text = 'timestamp,business_context,caller,callee,tables\r\n1,"a,b",X.m,"Y.""n""",T:r\r\n2,c,Root,Z\r\n3,d,Z,X\n';
		const whole = parseCallsCsv(text);
		for (let size = 1; size <= 7; size++) {
			const records: unknown[] = [];
			const parser = new CallsCsvParser((r) => records.push(r));
			for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
			const summary = parser.end();
			expect(records).toEqual(whole.records);
			expect(summary).toEqual(whole.summary);
		}
	});
});
