/**
 * Stored rollup windows are split into parts so that a chart reads only what it shows.
 * Measured in headless Chromium (test/bench/ingest.bench.ts, 300 windows x 300 series):
 * one record per window wrote ~10x faster than one record per series and window, but
 * reading one series over the 300 windows took ~1.2 s against ~9 ms. Parts keep the
 * write advantage (three records per window, one per metric name) and bound what a read
 * deserialises:
 *
 *   span windows    [level, part, startMs]   part = svc (overall + services) | ep | inst
 *   metric windows  [level, name, startMs]   all series of one metric name
 */
import type { SeriesKey, SeriesKind } from './series-key';
import type { MetricRollupRecord, RollupWindowRecord } from './types';

export type RollupPart = 'svc' | 'ep' | 'inst';
export const rollupParts: readonly RollupPart[] = ['svc', 'ep', 'inst'];

export interface RollupPartRecord extends RollupWindowRecord {
	part: RollupPart;
}

export interface MetricRollupPartRecord extends MetricRollupRecord {
	name: string;
}

export function partOfKey(key: SeriesKey): RollupPart {
	if (key.startsWith('ep|')) return 'ep';
	if (key.startsWith('inst|')) return 'inst';
	return 'svc';
}

export function partOfKind(kind: SeriesKind): RollupPart {
	return kind === 'endpoint' ? 'ep' : kind === 'instance' ? 'inst' : 'svc';
}

/** The parts holding `keys`. */
export function partsOfKeys(keys: readonly SeriesKey[]): RollupPart[] {
	return [...new Set(keys.map(partOfKey))];
}

/** One record per non-empty part. */
export function splitWindowRecord(record: RollupWindowRecord): RollupPartRecord[] {
	const parts = new Map<RollupPart, RollupPartRecord>();
	const part = (p: RollupPart) => {
		let r = parts.get(p);
		if (!r) parts.set(p, (r = { level: record.level, startMs: record.startMs, part: p, series: {} }));
		return r;
	};
	for (const key in record.series) part(partOfKey(key)).series[key] = record.series[key];
	for (const key in record.activeMeasured ?? {}) {
		const r = part(partOfKey(key));
		(r.activeMeasured ??= {})[key] = record.activeMeasured![key];
	}
	return [...parts.values()];
}

/** Part records back into window records (one per level and start), ordered by start. */
export function joinPartRecords(parts: readonly RollupWindowRecord[]): RollupWindowRecord[] {
	const windows = new Map<string, RollupWindowRecord>();
	for (const p of parts) {
		const id = p.level + '@' + p.startMs;
		let w = windows.get(id);
		if (!w) windows.set(id, (w = { level: p.level, startMs: p.startMs, series: {} }));
		Object.assign(w.series, p.series);
		if (p.activeMeasured) w.activeMeasured = { ...w.activeMeasured, ...p.activeMeasured };
	}
	return [...windows.values()].sort((a, b) => a.startMs - b.startMs);
}

/** The metric name of a metric series key (`<name>|<resourceId>|<attrs>`, parts escaped). */
export function metricNameOfKey(key: string): string {
	const name = key.slice(0, key.indexOf('|') >>> 0);
	return name.indexOf('%') < 0 ? name : name.replace(/%7C/g, '|').replace(/%25/g, '%');
}

export function splitMetricRecord(record: MetricRollupRecord): MetricRollupPartRecord[] {
	const parts = new Map<string, MetricRollupPartRecord>();
	for (const key in record.series) {
		const name = metricNameOfKey(key);
		let r = parts.get(name);
		if (!r) parts.set(name, (r = { level: record.level, startMs: record.startMs, name, series: {} }));
		r.series[key] = record.series[key];
	}
	return [...parts.values()];
}

export function joinMetricParts(parts: readonly MetricRollupRecord[]): MetricRollupRecord[] {
	const windows = new Map<string, MetricRollupRecord>();
	for (const p of parts) {
		const id = p.level + '@' + p.startMs;
		let w = windows.get(id);
		if (!w) windows.set(id, (w = { level: p.level, startMs: p.startMs, series: {} }));
		Object.assign(w.series, p.series);
	}
	return [...windows.values()].sort((a, b) => a.startMs - b.startMs);
}
