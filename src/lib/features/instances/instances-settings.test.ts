import { describe, expect, it } from 'vitest';
import { normaliseInstancesSettings } from './instances-settings';
import { countStepMs } from './instances-view';

describe('instances settings', () => {
	it('keeps the retirement delay within 1 minute and 1 day, 5 minutes when unreadable', () => {
		expect(normaliseInstancesSettings(undefined)).toEqual({ retireAfterMin: 5 });
		expect(normaliseInstancesSettings({ retireAfterMin: 'x' })).toEqual({ retireAfterMin: 5 });
		expect(normaliseInstancesSettings({ retireAfterMin: 0 })).toEqual({ retireAfterMin: 1 });
		expect(normaliseInstancesSettings({ retireAfterMin: 99_999 })).toEqual({ retireAfterMin: 1_440 });
		expect(normaliseInstancesSettings({ retireAfterMin: 12.4 })).toEqual({ retireAfterMin: 12 });
	});

	it('steps count charts in whole 10 s units, about 120 of them', () => {
		expect(countStepMs(300_000)).toBe(10_000);
		expect(countStepMs(3_600_000)).toBe(30_000);
		expect(countStepMs(86_400_000)).toBe(720_000);
	});
});
