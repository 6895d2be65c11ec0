/** Insight algorithms off the main thread (insight-api.ts): bands, anomalies, forecasts, breaches, patterns, causes, rules. */
import * as Comlink from 'comlink';
import { createInsightApi } from './insight-api';

Comlink.expose(createInsightApi());
export type { InsightApi } from './insight-api';
