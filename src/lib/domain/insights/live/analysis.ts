/**
 * What Meridian says about an incident while it runs, from the engine's recent points:
 *
 * - causes: culprit services ranked by rankRootCauses (rca.ts) over each service's latency,
 *   errors, traffic, dependency latency and errors, heap and CPU, with the reference window
 *   `referenceMs` before the incident and the incident's first `incidentWindowMs` ("while the
 *   incident is still young"), the service call graph discounting victims of slow callees;
 * - causal: related series ranked by evidence against the symptom series (causal.ts: lagged
 *   correlation, aligned change points, Granger test), restricted to services the symptom's
 *   service reaches;
 * - rules: the rule engine over the current figures (mean of the last `currentPoints`
 *   points against the baseline there), the call graph and recent events; fired rules, and
 *   for the top-ranked culprit the rules that nearly fired.
 */
import { analyseCauses, type CausalFinding } from '../causal';
import { rankRootCauses, type RcaSeries } from '../rca';
import { evaluateRules } from '../rules/evaluate';
import type { MetricSnapshot, RuleContext, RuleDocument, RuleResult } from '../rules/types';
import { fillGaps } from '../forecast/statistical';
import type { RuleEvent } from './dependencies';
import type { IncidentRecord } from './incidents';
import { serviceEdges, type RuleGraph } from './rule-graph';
import { specOf } from './series-ref';
import type { TrackedSeries } from './tracked-series';

export interface CauseView {
	node: string;
	score: number;
	evidence: { metric: string; z: number }[];
}

export interface CausalView {
	seriesId: string;
	score: number;
	lag: number;
	r: number;
	/** Time of the candidate's change point, and by how many steps it led the symptom's (positive = earlier). */
	changeMs: number | null;
	changeLead: number | null;
	aligned: boolean;
	grangerP: number;
	/** Values on the analysis grid (xsMs of the analysis), for drawing beside the symptom. */
	values: number[];
}

export interface IncidentAnalysis {
	analysedMs: number;
	referenceFromMs: number;
	incidentToMs: number;
	causes: CauseView[];
	symptom: { seriesId: string; values: number[] };
	xsMs: number[];
	causal: CausalView[];
	rules: RuleResult[];
}

export interface AnalyseOptions {
	incident: IncidentRecord;
	series: ReadonlyMap<string, TrackedSeries>;
	graph: RuleGraph;
	events: readonly RuleEvent[];
	rules: readonly RuleDocument[];
	nowMs: number;
	stepMs: number;
	referenceMs?: number;
	incidentWindowMs?: number;
	currentPoints?: number;
	maxCandidates?: number;
}

/** RCA metrics per service, with the scale floors of the demo-bank evaluation (test/eval/demo-bank.ts). */
const rcaMetrics: readonly { metric: string; direction: RcaSeries['direction'] }[] = [
	{ metric: 'latency.p95Ms', direction: 'up' },
	{ metric: 'errors.rate', direction: 'up' },
	{ metric: 'requests.rate', direction: 'both' },
	{ metric: 'dependency.latency.p95Ms', direction: 'up' },
	{ metric: 'dependency.errors.rate', direction: 'up' },
	{ metric: 'runtime.heap.usage', direction: 'up' },
	{ metric: 'cpu.usage', direction: 'up' }
];

function mean(xs: readonly number[]): number {
	const v = xs.filter(Number.isFinite);
	return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
}

export function ruleContext(options: Pick<AnalyseOptions, 'series' | 'graph' | 'events' | 'nowMs' | 'currentPoints'>): RuleContext {
	const metrics: Record<string, Record<string, MetricSnapshot>> = {};
	const hostMetrics: Record<string, Record<string, MetricSnapshot>> = {};
	const n = options.currentPoints ?? 3;
	for (const s of options.series.values()) {
		const scope = s.ref.scope;
		if (scope !== 'service' && scope !== 'database' && scope !== 'external' && scope !== 'host') continue;
		// a series silent for a minute says nothing about now
		if (options.nowMs - s.lastMs > 60_000) continue;
		const recent = s.points(s.lastMs - 60_000).slice(-n);
		const current = mean(recent.map((p) => p.value));
		if (!Number.isFinite(current)) continue;
		const baseline = mean(recent.map((p) => p.expected));
		const sd = mean(recent.map((p) => p.sd));
		const snap: MetricSnapshot = { current, ...(Number.isFinite(baseline) ? { baseline } : {}), ...(Number.isFinite(baseline) && sd > 0 ? { z: (current - baseline) / sd } : {}) };
		const target = scope === 'host' ? hostMetrics : metrics;
		(target[s.ref.node] ??= {})[s.ref.metric] = snap;
	}
	return { nowMs: options.nowMs, nodes: options.graph.nodes, edges: options.graph.edges, metrics, events: options.events, hostMetrics };
}

export function analyseIncident(options: AnalyseOptions): IncidentAnalysis {
	const { incident, series, nowMs, stepMs } = options;
	const referenceMs = options.referenceMs ?? 10 * 60_000;
	const windowMs = options.incidentWindowMs ?? 10 * 60_000;
	const startMs = incident.startMs;
	const referenceFromMs = startMs - referenceMs;
	const incidentToMs = Math.min(nowMs, startMs + windowMs) + 1;

	// Root-cause ranking over services
	const services = new Set<string>();
	const rca: RcaSeries[] = [];
	for (const s of series.values()) {
		if (s.ref.scope !== 'service' || !s.ref.service) continue;
		const m = rcaMetrics.find((x) => x.metric === s.ref.metric);
		if (!m) continue;
		const reference = s.points(referenceFromMs, startMs).map((p) => p.value);
		const during = s.points(startMs, incidentToMs).map((p) => p.value);
		if (during.length === 0) continue;
		services.add(s.ref.service);
		const refMean = mean(reference);
		const minScale = m.metric === 'requests.rate' ? Math.sqrt(Math.max(1, refMean * (stepMs / 1000))) / (stepMs / 1000) : m.metric.endsWith('Ms') ? 1 : 0.01;
		rca.push({ node: s.ref.service, metric: m.metric, reference, incident: during, direction: m.direction, minScale });
	}
	const edges = serviceEdges(options.graph);
	const ranked = rankRootCauses({ nodes: [...services], edges, series: rca });
	const causes: CauseView[] = ranked.slice(0, 5).map((r) => ({ node: r.node, score: r.score, evidence: r.evidence.filter((e) => e.z > 0).slice(0, 4) }));

	// Causal evidence against the symptom, on one time grid from the reference window's start
	// (or the symptom's first kept point, when the host has not watched that long)
	const target = series.get(incident.symptom);
	const xsMs: number[] = [];
	const first = Math.max(Math.ceil(referenceFromMs / stepMs) * stepMs, target?.points()[0]?.timeMs ?? -Infinity);
	for (let t = first; t <= nowMs && xsMs.length < 2_000; t += stepMs) xsMs.push(t);
	const onGrid = (s: TrackedSeries) => {
		const byTime = new Map(s.points(first, nowMs + 1).map((p) => [p.timeMs, p.value]));
		return xsMs.map((t) => byTime.get(t) ?? NaN);
	};
	const targetValues = target ? onGrid(target) : [];
	const candidates: { id: string; service?: string; values: number[] }[] = [];
	if (target) {
		for (const s of series.values()) {
			if (s === target || (s.ref.scope !== 'service' && s.ref.scope !== 'database' && s.ref.scope !== 'external')) continue;
			const values = onGrid(s);
			if (values.filter(Number.isFinite).length < 0.7 * xsMs.length) continue;
			candidates.push({ id: s.ref.id, ...(s.ref.service ? { service: s.ref.service } : {}), values: fillGaps(values) });
		}
		candidates.sort((a, b) => a.id.localeCompare(b.id));
	}
	let causal: CausalView[] = [];
	if (target && xsMs.length >= 12) {
		const findings: CausalFinding[] = analyseCauses({
			target: { id: target.ref.id, ...(target.ref.service ? { service: target.ref.service } : {}), values: fillGaps(targetValues) },
			candidates: candidates.slice(0, options.maxCandidates ?? 120),
			edges
		});
		const byId = new Map(candidates.map((c) => [c.id, c.values]));
		causal = findings.slice(0, 8).map((f) => ({
			seriesId: f.id,
			score: f.score,
			lag: f.lagCorrelation.lag,
			r: f.lagCorrelation.r,
			changeMs: f.changePoint ? (xsMs[f.changePoint.index] ?? null) : null,
			changeLead: f.changeLead,
			aligned: f.aligned,
			grangerP: f.granger.pValue,
			values: byId.get(f.id) ?? []
		}));
	}

	// Rules over the current figures
	const ctx = ruleContext(options);
	const nodes = [...new Set([...incident.services, ...causes.slice(0, 3).map((c) => c.node)])];
	const results = evaluateRules(options.rules, ctx, nodes);
	const fired = results.filter((r) => r.fired).slice(0, 10);
	const top = causes[0]?.node;
	const near = results.filter((r) => !r.fired && r.node === top && r.conditions.some((c) => c.fired)).slice(0, 3);

	return {
		analysedMs: nowMs,
		referenceFromMs,
		incidentToMs: incidentToMs - 1,
		causes,
		symptom: { seriesId: incident.symptom, values: targetValues },
		xsMs,
		causal,
		rules: [...fired, ...near]
	};
}

/** The spec's unit of a series id's metric (for views formatting values). */
export function unitOfSeries(seriesIdValue: string): ReturnType<typeof specOf>['unit'] {
	return specOf(seriesIdValue.slice(0, seriesIdValue.indexOf('@'))).unit;
}
