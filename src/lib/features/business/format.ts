/**
 * KPI figures as a person reads them, per locale: counts as numbers, amounts of an
 * attribute whose name ends in `_krw` (or `.krw`) as ₩ / 원, durations as ms / s, ratios and
 * conversions as percentages, rates per minute.
 */
import { formatDurationMs, formatKrw, formatNumber, formatPercent, translate, type Locale } from '$lib/i18n/catalogue';
import type { KpiDefinition, KpiMeasure } from '$lib/domain/business/types';

export function isKrwAttr(attr: string | undefined): boolean {
	return !!attr && /[._]krw$/i.test(attr);
}

export function formatMeasure(locale: Locale, measure: KpiMeasure, value: number | null, compact = false): string {
	if (value === null || !Number.isFinite(value)) return '–';
	switch (measure.kind) {
		case 'count':
			return formatNumber(locale, value, 0);
		case 'sum':
			return isKrwAttr(measure.attr) ? formatKrw(locale, value, compact) : formatNumber(locale, value, 2);
		case 'mean':
			if (!measure.attr) return formatDurationMs(locale, value);
			return isKrwAttr(measure.attr) ? formatKrw(locale, value, compact) : formatNumber(locale, value, 2);
		case 'rate':
			return translate(locale, 'boards.per-minute', { value: formatNumber(locale, value, 1) });
		case 'success-ratio':
		case 'conversion':
			return formatPercent(locale, value, 1);
		case 'percentile':
			return formatDurationMs(locale, value);
	}
}

export function formatKpi(locale: Locale, kpi: KpiDefinition, value: number | null, compact = false): string {
	return formatMeasure(locale, kpi.measure, value, compact);
}

/** A relative change as "+12.5%" / "−3%"; '–' when unknown. */
export function formatChange(locale: Locale, change: number | null): string {
	if (change === null || !Number.isFinite(change)) return '–';
	const text = formatPercent(locale, Math.abs(change), 1);
	return change > 0 ? '+' + text : change < 0 ? '−' + text : text;
}
