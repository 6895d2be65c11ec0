/**
 * An OTLP/JSON file (an ExportMetricsServiceRequest or ExportTraceServiceRequest, or a file of
 * them one per line, as the Collector's file exporter writes) turned into series to analyse:
 *
 *   metrics  one series per metric, service and attribute set: gauges and up-down sums as
 *            values; monotonic sums as a rate per second between consecutive points (a drop
 *            is a counter reset: that interval is left out); histograms as their mean
 *            (sum / count of the interval's observations)
 *   traces   per service, SERVER / CONSUMER / root spans in one-minute windows: requests per
 *            second, p95 latency (ms), error ratio
 * Nothing is stored: the telemetry store is not touched. Bounds: at most `maxSeries` series
 * (more are reported); other limits are the normaliser's.
 */
import { SpanKind, StatusCode, type MetricPoint } from '../../../protocol/records';
import { OtlpDecodeError, normaliseMetrics, normaliseTraces, validateOtlpJson } from '../../otlp/index';
import { quantile } from '../stats';
import type { ImportResult, ImportedSeries } from './import-csv';

function attrLabel(attrs: MetricPoint['attrs']): string {
	const keys = Object.keys(attrs).sort();
	return keys.length ? ` {${keys.map((k) => `${k}=${String(attrs[k])}`).join(', ')}}` : '';
}

function metricSeries(points: MetricPoint[]): Map<string, ImportedSeries> {
	const groups = new Map<string, MetricPoint[]>();
	for (const p of points) {
		const name = `${p.name} · ${p.service}${attrLabel(p.attrs)}`;
		const list = groups.get(name) ?? [];
		list.push(p);
		groups.set(name, list);
	}
	const out = new Map<string, ImportedSeries>();
	for (const [name, list] of groups) {
		list.sort((a, b) => a.timeUs - b.timeUs);
		const s: ImportedSeries = { name, timesMs: [], values: [] };
		const kind = list[0].type;
		const counter = kind === 'sum' && list[0].monotonic === true;
		const cumulative = list[0].temporality !== 'delta';
		for (let i = 0; i < list.length; i++) {
			const p = list[i];
			const prev = list[i - 1];
			const dtSec = prev ? (p.timeUs - prev.timeUs) / 1e6 : NaN;
			let v = NaN;
			if (kind === 'gauge' || (kind === 'sum' && !counter)) v = p.value ?? NaN;
			else if (counter) {
				if (!cumulative) v = dtSec > 0 ? (p.value ?? NaN) / dtSec : NaN;
				else if (prev && dtSec > 0 && (p.value ?? 0) >= (prev.value ?? 0)) v = ((p.value ?? 0) - (prev.value ?? 0)) / dtSec;
				else continue;
			} else if (kind === 'histogram' || kind === 'exponentialHistogram' || kind === 'summary') {
				if (!cumulative) v = (p.count ?? 0) > 0 ? (p.sum ?? NaN) / (p.count as number) : NaN;
				else if (prev && (p.count ?? 0) > (prev.count ?? 0)) v = ((p.sum ?? 0) - (prev.sum ?? 0)) / ((p.count ?? 0) - (prev.count ?? 0));
				else continue;
			}
			s.timesMs.push(p.timeUs / 1000);
			s.values.push(v);
		}
		if (s.values.some(Number.isFinite)) out.set(name, s);
	}
	return out;
}

function traceSeries(spans: ReturnType<typeof normaliseTraces>['spans'], stepMs = 60_000): Map<string, ImportedSeries> {
	const windows = new Map<string, Map<number, { n: number; errors: number; durationsMs: number[] }>>();
	for (const s of spans) {
		if (!(s.kind === SpanKind.Server || s.kind === SpanKind.Consumer || s.parentSpanId === '')) continue;
		const start = Math.floor((s.startUs + s.durationUs) / 1000 / stepMs) * stepMs;
		let perService = windows.get(s.service);
		if (!perService) windows.set(s.service, (perService = new Map()));
		const w = perService.get(start) ?? { n: 0, errors: 0, durationsMs: [] };
		w.n++;
		if (s.status === StatusCode.Error) w.errors++;
		w.durationsMs.push(s.durationUs / 1000);
		perService.set(start, w);
	}
	const out = new Map<string, ImportedSeries>();
	for (const [service, perService] of [...windows].sort((a, b) => a[0].localeCompare(b[0]))) {
		const starts = [...perService.keys()].sort((a, b) => a - b);
		const rate: ImportedSeries = { name: `${service} · requests per second`, timesMs: [], values: [] };
		const p95: ImportedSeries = { name: `${service} · p95 latency (ms)`, timesMs: [], values: [] };
		const errors: ImportedSeries = { name: `${service} · error ratio`, timesMs: [], values: [] };
		// empty windows between the first and last are collected and saw no transaction
		for (let t = starts[0]; t <= starts[starts.length - 1]; t += stepMs) {
			const w = perService.get(t);
			for (const s of [rate, p95, errors]) s.timesMs.push(t);
			rate.values.push((w?.n ?? 0) / (stepMs / 1000));
			p95.values.push(w ? quantile(w.durationsMs, 0.95) : NaN);
			errors.values.push(w ? w.errors / w.n : NaN);
		}
		for (const s of [rate, p95, errors]) out.set(s.name, s);
	}
	return out;
}

export function parseOtlpFile(text: string, options: { nowMs: number; maxSeries?: number }): ImportResult {
	const maxSeries = options.maxSeries ?? 50;
	const result: ImportResult = { format: 'otlp-metrics', series: [], issues: [], moreIssues: 0 };
	const docs: unknown[] = [];
	const trimmed = text.trim();
	try {
		if (trimmed.startsWith('{') && !/}\s*\n\s*{/.test(trimmed)) docs.push(JSON.parse(trimmed));
		else for (const line of trimmed.split(/\r?\n/)) if (line.trim()) docs.push(JSON.parse(line));
	} catch (error) {
		result.issues.push({ code: 'bad-json', detail: `Not JSON: ${(error as Error).message}` });
		return result;
	}
	const points: MetricPoint[] = [];
	const spans: ReturnType<typeof normaliseTraces>['spans'] = [];
	docs.forEach((doc, i) => {
		const line = docs.length > 1 ? i + 1 : undefined;
		const o = doc as Record<string, unknown>;
		try {
			if (o && typeof o === 'object' && 'resourceMetrics' in o) points.push(...normaliseMetrics(validateOtlpJson('metrics', o), { nowMs: options.nowMs }).metrics);
			else if (o && typeof o === 'object' && 'resourceSpans' in o) spans.push(...normaliseTraces(validateOtlpJson('traces', o), { nowMs: options.nowMs }).spans);
			else result.issues.push({ ...(line ? { line } : {}), code: 'not-otlp', detail: 'Neither resourceMetrics nor resourceSpans: not an OTLP metrics or traces export.' });
		} catch (error) {
			result.issues.push({ ...(line ? { line } : {}), code: 'not-otlp', detail: error instanceof OtlpDecodeError ? error.message : String(error) });
		}
	});
	if (spans.length > 0 && points.length === 0) result.format = 'otlp-traces';
	const all = [...metricSeries(points).values(), ...traceSeries(spans).values()];
	if (all.length > maxSeries) result.issues.push({ code: 'too-many-columns', detail: `${all.length} series; the first ${maxSeries} are read.` });
	result.series = all.slice(0, maxSeries);
	if (result.series.length === 0 && result.issues.length === 0) result.issues.push({ code: 'no-series', detail: 'The file holds no metric points or transactions.' });
	return result;
}
