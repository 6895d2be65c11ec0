import { describe, expect, it } from 'vitest';
import type { DocRecord } from '../../protocol/sync';
import { patchChanges, viewOf } from './edits';
import { applyChange } from './merge';
import { clampRetireAfterMin, migratedInstancesPatch, preferencesDocId, preferencesFromBody } from './preferences';
import { changeProblem } from './validate';

const stamp = '000000000000001:000000:d';

describe('preferences document', () => {
	it('reads defaults for absent or invalid fields and the saved value otherwise', () => {
		expect(preferencesFromBody(undefined)).toEqual({ instancesRetireAfterMin: 5 });
		expect(preferencesFromBody({ instancesRetireAfterMin: 12 })).toEqual({ instancesRetireAfterMin: 12 });
		expect(preferencesFromBody({ instancesRetireAfterMin: 0 })).toEqual({ instancesRetireAfterMin: 5 });
	});

	it('refuses values out of range and fields it does not know', () => {
		const problem = (field: string, value: unknown) => changeProblem({ id: preferencesDocId, type: 'preferences', field, value: value as never, hlc: stamp });
		expect(problem('instancesRetireAfterMin', 30)).toBeUndefined();
		expect(problem('instancesRetireAfterMin', 1_441)).toMatch(/whole number in \[1, 1440\]/);
		expect(problem('instancesRetireAfterMin', 2.5)).toMatch(/whole number/);
		expect(problem('relayUrl', 'http://x')).toMatch(/no field "relayUrl"/);
	});

	it('clamps a typed value into range', () => {
		expect(clampRetireAfterMin(0)).toBe(1);
		expect(clampRetireAfterMin(99_999)).toBe(1_440);
		expect(clampRetireAfterMin(7.4)).toBe(7);
		expect(clampRetireAfterMin(Number.NaN)).toBe(5);
	});

	it('migrates the old local setting unless the document already has one', () => {
		const patch = migratedInstancesPatch({ retireAfterMin: 3_000 }, undefined)!;
		expect(patch).toEqual({ instancesRetireAfterMin: 1_440 });
		let record: DocRecord | undefined;
		for (const c of patchChanges({ id: preferencesDocId, type: 'preferences', patch, tick: () => stamp })) record = applyChange(record, c);
		expect(viewOf(record!).body).toEqual({ instancesRetireAfterMin: 1_440 });
		expect(migratedInstancesPatch({ retireAfterMin: 9 }, record)).toBeUndefined();
		expect(migratedInstancesPatch(null, undefined)).toBeUndefined();
	});
});
