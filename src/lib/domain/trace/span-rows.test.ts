import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../protocol/records';
import { buildTrace } from './span-builder';
import { rowError, rowName, rowOfSpanId, rowRole, rowService, rowSpanId, spanRows } from './span-rows';

describe('span rows', () => {
	it('packs service, name, error and role per span position', () => {
		const spans = buildTrace({
			service: 'gw', name: 'GET /a', kind: SpanKind.Server, startMs: 0, endMs: 10,
			children: [
				{ service: 'gw', name: 'SELECT a', kind: SpanKind.Client, startMs: 1, endMs: 2, error: true, attrs: { 'db.system': 'mysql' } },
				{ service: 'gw', name: 'GET /a', startMs: 2, endMs: 3 }
			]
		});
		const rows = spanRows(spans);
		expect(rows.text).toEqual(['gw', 'GET /a', 'SELECT a']);
		expect([0, 1, 2].map((i) => [rowService(rows, i), rowName(rows, i), rowError(rows, i), rowRole(rows, i)])).toEqual([
			['gw', 'GET /a', false, 'server'],
			['gw', 'SELECT a', true, 'database'],
			['gw', 'GET /a', false, 'internal']
		]);
		expect(rowSpanId(rows, 2)).toBe(spans[2].spanId);
		expect(rowOfSpanId(rows, spans[1].spanId)).toBe(1);
		expect(rowOfSpanId(rows, 'nope')).toBe(-1);
	});
});
