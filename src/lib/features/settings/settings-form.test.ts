import { describe, expect, it } from 'vitest';
import { applySettingsPatch, defaultSettings } from '$lib/domain/telemetry/settings';
import { draftOf, needsReload, patchOf, wasAdjusted } from './settings-form';

describe('settings draft', () => {
	it('round-trips the defaults without problems or changes', () => {
		const { patch, problems } = patchOf(draftOf(defaultSettings));
		expect(problems).toEqual({});
		expect(applySettingsPatch(defaultSettings, patch)).toEqual(defaultSettings);
	});

	it('shows fractional hours readably', () => {
		const draft = draftOf({ ...defaultSettings, retentionHours: { ...defaultSettings.retentionHours, rollup1s: 5 / 60 } });
		expect(draft.retentionHours.rollup1s).toBe('0.083');
	});

	it('reports unreadable fields and keeps them out of the patch', () => {
		const draft = draftOf(defaultSettings);
		draft.relayUrl = 'relay local';
		draft.retentionHours.spans = 'a day';
		draft.storageBudgetMb = '-5';
		const { patch, problems } = patchOf(draft);
		expect(problems).toEqual({ relayUrl: 'not-a-url', 'retention.spans': 'not-a-number', storageBudgetMb: 'not-a-number' });
		expect(patch.relayUrl).toBeUndefined();
		expect(patch.retentionHours?.spans).toBeUndefined();
		expect(patch.retentionHours?.logs).toBe(24);
		expect(patch.storageBudgetMb).toBeUndefined();
	});

	it('accepts a decimal comma and trims a trailing slash from the relay address', () => {
		const draft = draftOf(defaultSettings);
		draft.retentionHours.spans = '1,5';
		draft.relayUrl = ' https://apm.example:8443/ ';
		const { patch, problems } = patchOf(draft);
		expect(problems).toEqual({});
		expect(patch.retentionHours?.spans).toBe(1.5);
		expect(patch.relayUrl).toBe('https://apm.example:8443');
	});

	it('asks for http(s) when the address has another scheme or none', () => {
		expect(patchOf({ ...draftOf(defaultSettings), relayUrl: 'ftp://relay' }).problems.relayUrl).toBe('bad-protocol');
		expect(patchOf({ ...draftOf(defaultSettings), relayUrl: 'relay.local:3000' }).problems.relayUrl).toBe('bad-protocol');
	});
});

describe('after saving', () => {
	it('notices clamped values', () => {
		const draft = draftOf(defaultSettings);
		draft.retentionHours.spans = '100000';
		const { patch } = patchOf(draft);
		const saved = applySettingsPatch(defaultSettings, patch);
		expect(saved.retentionHours.spans).toBeLessThan(100_000);
		expect(wasAdjusted(patch, saved)).toBe(true);
		expect(wasAdjusted(patchOf(draftOf(defaultSettings)).patch, defaultSettings)).toBe(false);
	});

	it('asks for a reload only for changes the running app cannot apply', () => {
		const demoOn = { ...defaultSettings, demo: 'on' as const };
		const otherRelay = { ...defaultSettings, relayUrl: 'http://10.0.0.5:3000' };
		expect(needsReload(defaultSettings, demoOn, 'relay')).toBe(true);
		expect(needsReload(defaultSettings, otherRelay, 'relay')).toBe(false);
		expect(needsReload(defaultSettings, otherRelay, 'demo')).toBe(true);
	});
});
