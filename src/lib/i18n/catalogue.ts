/**
 * The message catalogue. Each screen area keeps its messages in `en/<area>.ts` and
 * `ko/<area>.ts`; the Korean file is typed against the English one, so a missing
 * translation fails `npm run check`. Add an area by importing it in both maps below.
 */
import { common as enCommon } from './en/common';
import { common as koCommon } from './ko/common';
import { shell as enShell } from './en/shell';
import { shell as koShell } from './ko/shell';
import { live as enLive } from './en/live';
import { live as koLive } from './ko/live';
import { settings as enSettings } from './en/settings';
import { settings as koSettings } from './ko/settings';
import { advisor as enAdvisor } from './en/advisor';
import { advisor as koAdvisor } from './ko/advisor';
import { insights as enInsights } from './en/insights';
import { insights as koInsights } from './ko/insights';
import { data as enData } from './en/data';
import { data as koData } from './ko/data';
import { trace as enTrace } from './en/trace';
import { trace as koTrace } from './ko/trace';
import { transactions as enTransactions } from './en/transactions';
import { transactions as koTransactions } from './ko/transactions';
import { topology as enTopology } from './en/topology';
import { topology as koTopology } from './ko/topology';
import { databases as enDatabases } from './en/databases';
import { databases as koDatabases } from './ko/databases';
import { instances as enInstances } from './en/instances';
import { instances as koInstances } from './ko/instances';
import { cloud as enCloud } from './en/cloud';
import { cloud as koCloud } from './ko/cloud';
import { business as enBusiness } from './en/business';
import { business as koBusiness } from './ko/business';
import { boards as enBoards } from './en/boards';
import { boards as koBoards } from './ko/boards';
import { designer as enDesigner } from './en/designer';
import { designer as koDesigner } from './ko/designer';

export const en = { ...enCommon, ...enShell, ...enLive, ...enSettings, ...enAdvisor, ...enInsights, ...enData, ...enTrace, ...enTransactions, ...enTopology, ...enDatabases, ...enInstances, ...enCloud, ...enBusiness, ...enBoards, ...enDesigner };
export type MessageKey = keyof typeof en;
export const ko: Record<MessageKey, string> = { ...koCommon, ...koShell, ...koLive, ...koSettings, ...koAdvisor, ...koInsights, ...koData, ...koTrace, ...koTransactions, ...koTopology, ...koDatabases, ...koInstances, ...koCloud, ...koBusiness, ...koBoards, ...koDesigner };

export const catalogues = { en, ko } as const;
export type Locale = keyof typeof catalogues;
export const locales: readonly Locale[] = ['en', 'ko'];

/** `{name}` placeholders are replaced by `params.name`; numbers are formatted per locale. */
export function translate(
	locale: Locale,
	key: MessageKey,
	params?: Record<string, string | number>
): string {
	const template = catalogues[locale][key] ?? en[key] ?? key;
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
		const value = params[name];
		if (value === undefined) return whole;
		return typeof value === 'number' ? formatNumber(locale, value) : value;
	});
}

const tags: Record<Locale, string> = { en: 'en-GB', ko: 'ko-KR' };
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
	const key = locale + JSON.stringify(options);
	let format = numberFormats.get(key);
	if (!format) {
		format = new Intl.NumberFormat(tags[locale], options);
		numberFormats.set(key, format);
	}
	return format;
}

export function formatNumber(locale: Locale, value: number, maxFractionDigits = 2): string {
	if (!Number.isFinite(value)) return '–';
	return numberFormat(locale, { maximumFractionDigits: maxFractionDigits }).format(value);
}

export function formatPercent(locale: Locale, ratio: number, maxFractionDigits = 1): string {
	if (!Number.isFinite(ratio)) return '–';
	return numberFormat(locale, { style: 'percent', maximumFractionDigits: maxFractionDigits }).format(
		ratio
	);
}

/** Korean Won has no minor unit. Korean shows `₩1,234,000`; `compact` shows `123만 원` / `₩1.2M`. */
export function formatKrw(locale: Locale, amountKrw: number, compact = false): string {
	if (!Number.isFinite(amountKrw)) return '–';
	if (compact && locale === 'ko') {
		return numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(amountKrw) + ' 원';
	}
	return numberFormat(locale, {
		style: 'currency',
		currency: 'KRW',
		currencyDisplay: 'symbol',
		maximumFractionDigits: 0,
		...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {})
	}).format(amountKrw);
}

/** Durations arrive in milliseconds; shown as µs, ms or s with a locale-formatted number. */
export function formatDurationMs(locale: Locale, durationMs: number): string {
	if (!Number.isFinite(durationMs)) return '–';
	if (durationMs < 1) return `${formatNumber(locale, durationMs * 1000, 0)} µs`;
	if (durationMs < 1000) return `${formatNumber(locale, durationMs, durationMs < 10 ? 2 : 1)} ms`;
	return `${formatNumber(locale, durationMs / 1000, 2)} s`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDateTime(
	locale: Locale,
	timeMs: number,
	style: 'time' | 'datetime' | 'date' = 'datetime'
): string {
	const key = locale + style;
	let format = dateFormats.get(key);
	if (!format) {
		const options: Intl.DateTimeFormatOptions =
			style === 'time'
				? { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }
				: style === 'date'
					? { year: 'numeric', month: '2-digit', day: '2-digit' }
					: {
							year: 'numeric',
							month: '2-digit',
							day: '2-digit',
							hour: '2-digit',
							minute: '2-digit',
							second: '2-digit',
							hour12: false
						};
		format = new Intl.DateTimeFormat(tags[locale], options);
		dateFormats.set(key, format);
	}
	return format.format(timeMs);
}
