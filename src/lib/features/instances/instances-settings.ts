/**
 * The Instances page's setting: after how many minutes of silence an instance leaves live
 * views. Retired instances stay in history (timelines, counts) and can be shown again with
 * a toggle. Kept as a synced user preference (domain/docs/preferences.ts,
 * `instancesRetireAfterMin`), so every device of the user retires alike.
 */
import { clampRetireAfterMin } from '$lib/domain/docs/preferences';

export { retireAfterBoundsMin } from '$lib/domain/docs/preferences';

export interface InstancesSettings {
	retireAfterMin: number;
}

export function normaliseInstancesSettings(raw: unknown): InstancesSettings {
	const value = typeof raw === 'object' && raw !== null ? (raw as { retireAfterMin?: unknown }).retireAfterMin : undefined;
	return { retireAfterMin: clampRetireAfterMin(value) };
}
