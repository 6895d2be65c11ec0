import { param, type ViewSchema } from '$lib/state/url-state';

export const insightTabs = ['overview', 'forecasts', 'patterns', 'history', 'rules', 'import'] as const;
export type InsightTab = (typeof insightTabs)[number];

/** The Insights page's state in the query string: `?tab=history&incident=inc-1793761500000`. */
export interface InsightsView {
	tab: InsightTab;
	/** Incident shown in detail on the history tab ('' = the newest). */
	incident: string;
	/** Series whose forecast is shown ('' = the first one). */
	series: string;
}

export const insightsViewSchema: ViewSchema<InsightsView> = {
	tab: param.oneOf(insightTabs, 'overview'),
	incident: param.string(''),
	series: param.string('')
};
