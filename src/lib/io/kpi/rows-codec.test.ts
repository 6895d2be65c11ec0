import { describe, expect, it } from 'vitest';
import { ruleRowsOf } from '../../domain/business/rule-rows';
import { bizSpan } from '../../domain/business/test-spans';
import type { StoredRuleRows } from './kpi-window-store';
import { packRows, unpackRows } from './rows-codec';

const t0 = Date.UTC(2026, 0, 5, 9);

describe('rule-rows packing', () => {
	it('keeps shapes as JSON text and reads them back', () => {
		const record: StoredRuleRows = { ...ruleRowsOf([bizSpan({ endMs: t0, attrs: { a: 'x', n: 1.5, list: ['p', 'q'], __proto__x: true } }), bizSpan({ endMs: t0 + 1, attrs: { ['__proto__']: 'own' } })])[0], kind: 'entry' };
		const packed = packRows(record);
		expect(typeof packed.shapes).toBe('string');
		const back = unpackRows(structuredClone(packed));
		expect(back).toEqual(record);
		expect(Object.getOwnPropertyNames(back.shapes[1].attrs)).toContain('__proto__');
	});

	it('keeps shapes as objects when JSON would change a number', () => {
		for (const odd of [NaN, -0, Infinity, [1, NaN]]) {
			const record: StoredRuleRows = { ...ruleRowsOf([bizSpan({ endMs: t0, attrs: { odd } })])[0], kind: 'inner' };
			const packed = packRows(record);
			expect(Array.isArray(packed.shapes)).toBe(true);
			expect(unpackRows(structuredClone(packed))).toEqual(record);
		}
	});
});
