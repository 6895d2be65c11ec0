/**
 * The Settings form: inputs hold text; saving turns the draft into a SettingsPatch. A field
 * that does not parse is reported and left out of the patch (the stored value stays);
 * numbers out of range are clamped by the data path, and the form says so.
 */
import {
	relayUrlProblem,
	type DemoMode,
	type RetentionHours,
	type Settings,
	type SettingsPatch
} from '$lib/domain/telemetry/settings';

export const retentionFields = [
	'spans',
	'metricPoints',
	'logs',
	'rollup1s',
	'rollup10s',
	'rollup1m',
	'rollup1h'
] as const satisfies readonly (keyof RetentionHours)[];

export interface SettingsDraft {
	relayUrl: string;
	viewToken: string;
	demo: DemoMode;
	retentionHours: Record<keyof RetentionHours, string>;
	storageBudgetMb: string;
}

export type FieldProblem = 'not-a-url' | 'bad-protocol' | 'not-a-number';
export type DraftField = 'relayUrl' | 'storageBudgetMb' | `retention.${keyof RetentionHours}`;

/** Hours shown with at most 3 decimals (5 min = 0.083). */
function hoursText(hours: number): string {
	return String(Math.round(hours * 1000) / 1000);
}

export function draftOf(settings: Settings): SettingsDraft {
	const retentionHours = {} as Record<keyof RetentionHours, string>;
	for (const field of retentionFields) retentionHours[field] = hoursText(settings.retentionHours[field]);
	return {
		relayUrl: settings.relayUrl,
		viewToken: settings.viewToken,
		demo: settings.demo,
		retentionHours,
		storageBudgetMb: String(settings.storageBudgetMb)
	};
}

/** Accepts `12`, `1.5` and `1,5` (a decimal comma); anything else is not a number. */
function parseNumber(text: string): number | undefined {
	const normalised = text.trim().replace(',', '.');
	if (!/^\d+(\.\d+)?$/.test(normalised)) return undefined;
	return Number(normalised);
}

export function patchOf(draft: SettingsDraft): { patch: SettingsPatch; problems: Partial<Record<DraftField, FieldProblem>> } {
	const problems: Partial<Record<DraftField, FieldProblem>> = {};
	const patch: SettingsPatch = { viewToken: draft.viewToken.trim(), demo: draft.demo };

	const relayUrl = draft.relayUrl.trim().replace(/\/+$/, '');
	const urlProblem = relayUrlProblem(relayUrl);
	if (urlProblem) problems.relayUrl = urlProblem;
	else patch.relayUrl = relayUrl;

	const retentionHours: Partial<RetentionHours> = {};
	for (const field of retentionFields) {
		const value = parseNumber(draft.retentionHours[field]);
		if (value === undefined) problems[`retention.${field}`] = 'not-a-number';
		else retentionHours[field] = value;
	}
	patch.retentionHours = retentionHours;

	const budget = parseNumber(draft.storageBudgetMb);
	if (budget === undefined) problems.storageBudgetMb = 'not-a-number';
	else patch.storageBudgetMb = budget;

	return { patch, problems };
}

/** True when the saved settings differ from what the patch asked for (values were clamped). */
export function wasAdjusted(patch: SettingsPatch, saved: Settings): boolean {
	if (patch.storageBudgetMb !== undefined && patch.storageBudgetMb !== saved.storageBudgetMb) return true;
	for (const field of retentionFields) {
		const asked = patch.retentionHours?.[field];
		if (asked !== undefined && asked !== saved.retentionHours[field]) return true;
	}
	return false;
}

/** Connection changes the running app cannot apply in place: the demo starts only at load. */
export function needsReload(before: Settings, after: Settings, mode: 'relay' | 'demo' | 'undecided'): boolean {
	if (before.demo !== after.demo) return true;
	return mode === 'demo' && (before.relayUrl !== after.relayUrl || before.viewToken !== after.viewToken);
}
