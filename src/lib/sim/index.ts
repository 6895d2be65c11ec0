/**
 * The demo bank simulator (isomorphic: no Node or DOM APIs, no I/O, no wall clock, seeded
 * randomness). See README.md in this folder for what it emits.
 *
 *   const bank = createDemoBank({ seed: 1, startMs: Date.now() });
 *   setInterval(() => post(bank.advance(Date.now())), 1000);
 */
export { createDemoBank, MAX_FOLLOW_UPS, type DemoBank } from './bank';
export type { DemoBankOptions, DemoStats } from './options';
export type { DemoOutput } from './output';
export type { IncidentTruth } from './incidents';
export { INCIDENT_KINDS, DEFAULT_DURATION_MIN, DEFAULT_SERVICE, type IncidentKind, type IncidentSpec } from './incident-schedule';
export type { BankTopology } from './topology';
export { loadShape, loadSeries, expectedTps, monthEndFactor, localTime, PEAK_TPS, KST_OFFSET_MS, type LoadSeriesOptions } from './load';
export { scenarioMsAt, callerMsAt, type ScenarioClock } from './clock';
export type { BizTransaction, BizDomain, Channel } from './transactions';
export type { ServiceName } from './catalogue';
export { collect, flatLogs, flatPoints, flatSpans, type FlatLog, type FlatPoint, type FlatSpan } from './flatten';
