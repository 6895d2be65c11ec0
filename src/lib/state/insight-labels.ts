/**
 * Names and values of watched series as people read them, in the current language:
 * "p95 latency · transfer", "Heap used · accounts · accounts-7d9f", "1.2 s", "87 %".
 * Shared by the Insights page and the notifications (series ids: series-ref.ts).
 */
import { en, type MessageKey } from '$lib/i18n/catalogue';
import { parseSeriesKey } from '$lib/domain/telemetry/series-key';
import { specOf } from '$lib/domain/insights/live/series-ref';
import type { i18n as I18nState } from './locale.svelte';

type I18n = Pick<typeof I18nState, 't' | 'number' | 'percent' | 'duration'>;

export function splitSeriesId(id: string): { metric: string; scopeKey: string } {
	const at = id.indexOf('@');
	return at < 0 ? { metric: id, scopeKey: '' } : { metric: id.slice(0, at), scopeKey: id.slice(at + 1) };
}

export function metricLabel(metric: string, i18n: I18n): string {
	const key = `insights.metric.${metric}`;
	return key in en ? i18n.t(key as MessageKey) : metric;
}

/** The scope part: a service, "service · endpoint", a database or host id without its prefix. */
export function scopeLabel(scopeKey: string, i18n: I18n): string {
	if (scopeKey === 'overall') return i18n.t('insights.scope.overall');
	const id = parseSeriesKey(scopeKey);
	if (id?.kind === 'service') return id.service ?? '';
	if (id?.kind === 'endpoint') return `${id.service} · ${id.endpoint}`;
	if (id?.kind === 'instance') return `${id.service} · ${id.instance}`;
	return scopeKey.replace(/^(db|ext|host):/, '');
}

export function seriesLabel(id: string, i18n: I18n): string {
	const { metric, scopeKey } = splitSeriesId(id);
	return scopeKey ? `${metricLabel(metric, i18n)} · ${scopeLabel(scopeKey, i18n)}` : metricLabel(metric, i18n);
}

/** A value in its metric's unit: durations, percentages, rates per second, counts. */
export function formatSeriesValue(metric: string, value: number, i18n: I18n): string {
	if (!Number.isFinite(value)) return '–';
	switch (specOf(metric).unit) {
		case 'ms':
			return i18n.duration(value);
		case 'ratio':
			return i18n.percent(value, value < 0.1 ? 2 : 1);
		case 'perSec':
			return `${i18n.number(value, value < 10 ? 2 : 1)}/s`;
		default:
			return i18n.number(value, Math.abs(value) < 10 ? 2 : 0);
	}
}
