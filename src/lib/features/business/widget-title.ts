/** A widget's title (its own, else named after what it shows) and the worst status among its KPIs. */
import type { BusinessDefinitions, KpiStatus } from '$lib/domain/business/types';
import type { Widget } from '$lib/domain/docs/board';

type Translate = (key: string, params?: Record<string, string | number>) => string;

export function domainName(definitions: Pick<BusinessDefinitions, 'domains'>, id: string, locale: string): string {
	const d = definitions.domains.find((x) => x.id === id);
	// an empty name (a language not filled in) falls through to the next
	return d ? d.names[locale] || d.names.en || Object.values(d.names).find((n) => n) || id : id;
}

export function widgetTitle(widget: Widget, definitions: BusinessDefinitions, locale: string, t: Translate): string {
	if (widget.title) return widget.title;
	const kpiNames = (widget.kpiIds ?? []).map((id) => definitions.kpis.find((k) => k.id === id)?.name ?? id);
	if (kpiNames.length > 0) return kpiNames.join(', ');
	const scope = widget.transactionId
		? (definitions.transactions.find((x) => x.id === widget.transactionId)?.name ?? widget.transactionId)
		: widget.domainId
			? domainName(definitions, widget.domainId, locale)
			: '';
	return t(`boards.kind.${widget.kind}`) + (scope ? ' · ' + scope : '');
}

const rank: Record<KpiStatus, number> = { unknown: 0, ok: 1, warn: 2, critical: 3 };

export function worstStatus(statuses: readonly KpiStatus[]): KpiStatus {
	return statuses.reduce<KpiStatus>((worst, s) => (rank[s] > rank[worst] ? s : worst), 'unknown');
}
