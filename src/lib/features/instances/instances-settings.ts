/**
 * The Instances page's setting, kept as a user document beside the data (store view doc
 * `instances`): after how many minutes of silence an instance leaves live views. Retired
 * instances stay in history (timelines, counts) and can be shown again with a toggle.
 */
export const instancesDocKey = 'instances';

export interface InstancesSettings {
	retireAfterMin: number;
}

export const retireAfterBoundsMin = { min: 1, max: 1_440, fallback: 5 } as const;

export function normaliseInstancesSettings(raw: unknown): InstancesSettings {
	const value = typeof raw === 'object' && raw !== null ? (raw as { retireAfterMin?: unknown }).retireAfterMin : undefined;
	const n = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : retireAfterBoundsMin.fallback;
	return { retireAfterMin: Math.min(retireAfterBoundsMin.max, Math.max(retireAfterBoundsMin.min, n)) };
}
