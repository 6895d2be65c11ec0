import type { StorageNotice } from '$lib/domain/telemetry/types';
import type { MessageKey } from '$lib/i18n/catalogue';

/**
 * The storage notice the shell shows as a banner: the newest one the user has not dismissed
 * that reports a loss they did not ask for (quota, budget, memory). Routine retention is
 * shown on the Settings page only.
 */
export function bannerNotice(notices: readonly StorageNotice[], seenUntilMs: number): StorageNotice | undefined {
	let newest: StorageNotice | undefined;
	for (const notice of notices) {
		if (notice.kind === 'retention' || notice.atMs <= seenUntilMs) continue;
		if (!newest || notice.atMs > newest.atMs) newest = notice;
	}
	return newest;
}

export const noticeMessageKey: Readonly<Record<StorageNotice['kind'], MessageKey>> = {
	quota: 'notice.quota',
	budget: 'notice.budget',
	memory: 'notice.memory',
	retention: 'notice.retention'
};
