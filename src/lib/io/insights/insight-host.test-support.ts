/**
 * For tests, benches and evaluations: the insights host as the insight worker runs it, in
 * Node. Built-in rules, the statistical forecasters, no neural model, an in-memory history,
 * and no forecasts or load patterns unless asked (they run on their own cadence).
 */
import { standardForecasters } from '../../domain/insights/forecast/library';
import { builtinRules } from '../../domain/insights/rules/library';
import { InsightHost, type InsightHostOptions } from './insight-host';
import { MemoryInsightHistoryStore } from './memory-history-store';

export function nodeInsightHost(options: Pick<InsightHostOptions, 'source' | 'now'> & Partial<InsightHostOptions>): InsightHost {
	return new InsightHost({
		history: new MemoryInsightHistoryStore(),
		publish: () => {},
		rules: async () => builtinRules,
		forecasters: async () => standardForecasters(),
		modelState: () => ({ state: 'off' }),
		forecastEveryMs: Infinity,
		patternEveryMs: Infinity,
		...options
	});
}
