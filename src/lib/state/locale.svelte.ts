import {
	formatDateTime,
	formatDurationMs,
	formatKrw,
	formatNumber,
	formatPercent,
	locales,
	translate,
	type Locale,
	type MessageKey
} from '$lib/i18n/catalogue';

const storageKey = 'meridian.locale';

function initialLocale(): Locale {
	const stored = globalThis.localStorage?.getItem(storageKey);
	if (stored && (locales as readonly string[]).includes(stored)) return stored as Locale;
	const preferred = globalThis.navigator?.language ?? 'en';
	return preferred.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** The UI language. Components call `i18n.t(key)`; reading `locale` makes them re-render on a switch. */
class I18n {
	locale = $state<Locale>(initialLocale());

	set(locale: Locale): void {
		this.locale = locale;
		globalThis.localStorage?.setItem(storageKey, locale);
		if (globalThis.document) document.documentElement.lang = locale;
	}

	t = (key: MessageKey, params?: Record<string, string | number>): string =>
		translate(this.locale, key, params);
	number = (value: number, maxFractionDigits?: number): string =>
		formatNumber(this.locale, value, maxFractionDigits);
	percent = (ratio: number, maxFractionDigits?: number): string =>
		formatPercent(this.locale, ratio, maxFractionDigits);
	krw = (amountKrw: number, compact?: boolean): string => formatKrw(this.locale, amountKrw, compact);
	duration = (durationMs: number): string => formatDurationMs(this.locale, durationMs);
	dateTime = (timeMs: number, style?: 'time' | 'datetime' | 'date'): string =>
		formatDateTime(this.locale, timeMs, style);
}

export const i18n = new I18n();
