/**
 * Widget settings a person picks in the widget dialog, and what they mean: the KPIs a
 * widget shows, the measure of domain bars (`options.measure`: count, rate, success-ratio,
 * p95 or sum of an attribute), and the default size per kind.
 */
import type { SimpleMeasure } from '$lib/domain/business/types';
import type { Widget, WidgetKind } from '$lib/domain/docs/board';

export const barMeasures = ['count', 'rate', 'success-ratio', 'p95', 'amount'] as const;
export type BarMeasure = (typeof barMeasures)[number];

export function barMeasure(widget: Widget): SimpleMeasure {
	switch (widget.options?.measure) {
		case 'rate':
			return { kind: 'rate' };
		case 'success-ratio':
			return { kind: 'success-ratio' };
		case 'p95':
			return { kind: 'percentile', q: 0.95 };
		case 'amount':
			return { kind: 'sum', attr: typeof widget.options?.attr === 'string' ? widget.options.attr : 'biz.amount_krw' };
		default:
			return { kind: 'count' };
	}
}

export const defaultSize: Record<WidgetKind, { w: number; h: number }> = {
	'big-number': { w: 3, h: 2 },
	'time-series': { w: 6, h: 3 },
	'domain-bars': { w: 4, h: 3 },
	'segment-table': { w: 6, h: 3 },
	'transaction-path': { w: 6, h: 3 },
	topology: { w: 6, h: 3 }
};

/** What a kind needs: KPIs (how many), or a domain / transaction. */
export function widgetNeeds(kind: WidgetKind): { kpis: number; scope: boolean; measure: boolean } {
	switch (kind) {
		case 'big-number':
			return { kpis: 1, scope: false, measure: false };
		case 'time-series':
			return { kpis: 4, scope: false, measure: false };
		case 'domain-bars':
			return { kpis: 0, scope: false, measure: true };
		default:
			return { kpis: 0, scope: true, measure: false };
	}
}
