/**
 * User preferences that follow the user to every device, as one synced `preferences`
 * document, `preferences`: one field per preference, so changing two preferences on two
 * devices keeps both. Device settings (relay URL, view token, retention) are not here: they
 * describe the device and stay in its local store.
 *
 *   instancesRetireAfterMin  minutes of silence after which an instance leaves live views
 *                            (kept in history); whole minutes in [1, 1440], default 5
 */
import type { DocRecord, Json } from '../../protocol/sync';
import { isJsonObject } from './json';

export const preferencesDocId = 'preferences';
export const preferencesDocType = 'preferences' as const;

export const retireAfterBoundsMin = { min: 1, max: 1_440, fallback: 5 } as const;

export interface Preferences {
	instancesRetireAfterMin: number;
}

export const defaultPreferences: Readonly<Preferences> = Object.freeze({ instancesRetireAfterMin: retireAfterBoundsMin.fallback });

const wholeIn = (min: number, max: number) => (v: Json) =>
	typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? undefined : `must be a whole number in [${min}, ${max}]`;

const checks: Record<keyof Preferences, (v: Json) => string | undefined> = {
	instancesRetireAfterMin: wholeIn(retireAfterBoundsMin.min, retireAfterBoundsMin.max)
};

/** Field checks of a `preferences` document (domain/docs/schemas.ts). */
export function preferencesFieldProblem(key: string, value: Json): string | undefined {
	const check = checks[key as keyof Preferences];
	if (!check) return `the preferences have no field "${key}"`;
	const problem = check(value);
	return problem ? `${key} ${problem}` : undefined;
}

/** Preferences from a document body: absent or invalid fields read their default. */
export function preferencesFromBody(body: Readonly<Record<string, Json>> | undefined): Preferences {
	const out: Preferences = { ...defaultPreferences };
	for (const key of Object.keys(checks) as (keyof Preferences)[]) {
		const value = body?.[key];
		if (value !== undefined && value !== null && checks[key](value) === undefined) out[key] = value as Preferences[typeof key];
	}
	return out;
}

/** A typed retirement setting into range: rounded, clamped, the default when not a number. */
export function clampRetireAfterMin(raw: unknown): number {
	const n = typeof raw === 'number' && Number.isFinite(raw) ? Math.round(raw) : retireAfterBoundsMin.fallback;
	return Math.min(retireAfterBoundsMin.max, Math.max(retireAfterBoundsMin.min, n));
}

/**
 * The patch that moves the Instances page's old local setting (`{ retireAfterMin }`) into
 * the document, or undefined when there is none or the document already has the field (a
 * value saved on any device wins over an old local one).
 */
export function migratedInstancesPatch(legacy: unknown, record: DocRecord | undefined): Record<string, Json> | undefined {
	if (!isJsonObject(legacy) || typeof legacy.retireAfterMin !== 'number') return undefined;
	if (record?.fields.instancesRetireAfterMin !== undefined) return undefined;
	return { instancesRetireAfterMin: clampRetireAfterMin(legacy.retireAfterMin) };
}
