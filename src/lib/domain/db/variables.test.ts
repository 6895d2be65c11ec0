import { describe, expect, it } from 'vitest';
import { diffVariables, variableHistory } from './variables';

describe('diffVariables', () => {
	it('reports changed, added and removed variables in name order', () => {
		const prev = { max_connections: '151', long_query_time: '10.000000', old_flag: 'ON' };
		const next = { max_connections: '300', long_query_time: '10.000000', new_flag: 'OFF' };
		expect(diffVariables(prev, next)).toEqual([
			{ name: 'max_connections', before: '151', after: '300' },
			{ name: 'new_flag', before: null, after: 'OFF' },
			{ name: 'old_flag', before: 'ON', after: null }
		]);
	});

	it('has no changes on the first read and ignores volatile variables', () => {
		expect(diffVariables(undefined, { a: '1' })).toEqual([]);
		expect(diffVariables({ gtid_binlog_pos: '0-1-5', a: '1' }, { gtid_binlog_pos: '0-1-9', a: '1' })).toEqual([]);
	});

	it('treats an empty string as a value, distinct from absence', () => {
		expect(diffVariables({ a: '' }, {})).toEqual([{ name: 'a', before: '', after: null }]);
	});
});

describe('variableHistory', () => {
	it('folds change records per variable in time order, whatever the arrival order', () => {
		const history = variableHistory([
			{ timeUs: 300, name: 'work_mem', before: '8MB', after: '16MB' },
			{ timeUs: 100, name: 'work_mem', before: '4MB', after: '8MB' },
			{ timeUs: 200, name: 'max_connections', before: '100', after: '200' }
		]);
		expect(history.get('work_mem')).toEqual([
			{ timeUs: -Infinity, value: '4MB' },
			{ timeUs: 100, value: '8MB' },
			{ timeUs: 300, value: '16MB' }
		]);
		expect(history.get('max_connections')?.map((e) => e.value)).toEqual(['100', '200']);
	});

	it('keeps at most maxPerVariable entries, dropping the oldest', () => {
		const changes = Array.from({ length: 10 }, (_, i) => ({ timeUs: i, name: 'x', before: String(i), after: String(i + 1) }));
		const entries = variableHistory(changes, 3).get('x')!;
		expect(entries.map((e) => e.value)).toEqual(['8', '9', '10']);
	});
});
