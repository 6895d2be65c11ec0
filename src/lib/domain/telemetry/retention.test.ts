import { describe, expect, it } from 'vitest';
import { budgetEvictionFraction, retentionCutoffs } from './retention';
import { applySettingsPatch, defaultSettings, normaliseSettings, relayUrlProblem } from './settings';
import { endpointKey, parseSeriesKey, seriesKey } from './series-key';
import { pickLevel, windowStartMs } from './levels';

describe('retention arithmetic', () => {
	it('derives cutoffs per kind and level from the settings', () => {
		const now = 1_700_000_000_000;
		const cut = retentionCutoffs(defaultSettings, now);
		expect(cut.spansBeforeMs).toBe(now - 24 * 3_600_000);
		// a 1 h window is kept until all of it is past 30 days
		expect(cut.rollupStartBeforeMs['1h']).toBe(now - 30 * 24 * 3_600_000 - 3_600_000);
		expect(cut.rollupStartBeforeMs['1s']).toBe(now - 2 * 3_600_000 - 1_000);
	});

	it('evicts enough to get under 90 % of the budget, at most 50 % per pass', () => {
		const mb = 1024 * 1024;
		expect(budgetEvictionFraction(900 * mb, 1000)).toBe(0);
		expect(budgetEvictionFraction(1010 * mb, 1000)).toBeCloseTo(110 / 1010);
		expect(budgetEvictionFraction(5000 * mb, 1000)).toBe(0.5);
	});
});

describe('settings', () => {
	it('turns anything into complete, valid settings', () => {
		expect(normaliseSettings(undefined)).toEqual(defaultSettings);
		const s = normaliseSettings({ relayUrl: ' http://10.0.0.5:3000/ ', demo: 'maybe', retentionHours: { spans: -3, rollup1s: 0.01, logs: 'x' }, storageBudgetMb: 1 });
		expect(s.relayUrl).toBe('http://10.0.0.5:3000');
		expect(s.demo).toBe('auto');
		expect(s.retentionHours.spans).toBe(1);
		expect(s.retentionHours.rollup1s).toBeCloseTo(5 / 60);
		expect(s.retentionHours.logs).toBe(24);
		expect(s.storageBudgetMb).toBe(64);
	});

	it('applies a patch, keeping current values for invalid fields', () => {
		const current = applySettingsPatch(defaultSettings, { retentionHours: { spans: 48 } });
		const next = applySettingsPatch(current, { viewToken: 'abc', retentionHours: { rollup1m: Number.NaN } });
		expect(next.retentionHours.spans).toBe(48);
		expect(next.retentionHours.rollup1m).toBe(720);
		expect(next.viewToken).toBe('abc');
	});

	it('explains unusable relay addresses', () => {
		expect(relayUrlProblem('')).toBeUndefined();
		expect(relayUrlProblem('http://relay:3000')).toBeUndefined();
		expect(relayUrlProblem('relay:3000')).toBe('bad-protocol');
		expect(relayUrlProblem('not a url')).toBe('not-a-url');
	});
});

describe('series keys and levels', () => {
	it('round-trips names containing the separator', () => {
		const key = endpointKey('svc|a', 'GET /x|%y');
		expect(parseSeriesKey(key)).toEqual({ kind: 'endpoint', service: 'svc|a', endpoint: 'GET /x|%y' });
		expect(seriesKey({ kind: 'instance', service: 's', instance: 'p' })).toBe('inst|s|p');
		expect(parseSeriesKey('bogus|x')).toBeUndefined();
	});

	it('aligns windows to the epoch and picks a level for a range', () => {
		expect(windowStartMs('1m', 1_700_000_059_999)).toBe(1_700_000_040_000);
		expect(pickLevel(5 * 60_000)).toBe('1s');
		expect(pickLevel(3_600_000)).toBe('10s');
		expect(pickLevel(24 * 3_600_000)).toBe('1m');
		expect(pickLevel(30 * 24 * 3_600_000)).toBe('1h');
	});
});
