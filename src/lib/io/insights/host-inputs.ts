/**
 * The insights host's reads from the telemetry store, turned into observations per window:
 * span rollup windows (10 s level), metric frames of the canonical metric names, span chunks
 * followed exactly once (dependency calls, breaker events, the service map) and platform
 * events from logs. Everything here runs in the insight worker of the writer tab.
 */
import type { LogRecord, SpanRecord } from '../../protocol/records';
import type { RollupLevel } from '../../domain/telemetry/levels';
import type { MetricFrame } from '../../domain/telemetry/metric-frame';
import type { RollupPart } from '../../domain/telemetry/rollup-parts';
import type { RollupWindowRecord, StoredResource } from '../../domain/telemetry/types';
import { canonicalMetricNames, metricObservations, spanRollupObservations, type MetricSample } from '../../domain/insights/live/canonical';
import { DependencyFold, type RuleEvent } from '../../domain/insights/live/dependencies';
import { platformEventNames, platformEvents } from '../../domain/insights/live/platform-events';
import { emptyRuleGraph, ruleGraphOf, type RuleGraph } from '../../domain/insights/live/rule-graph';
import type { Observation } from '../../domain/insights/live/series-ref';
import { TopologyBuilder } from '../../domain/topology/builder';

/** What the host reads: a TelemetryStore's reads plus the writer's chunk follower. */
export interface HostSource {
	rollupWindows(query: { fromMs: number; toMs: number; level: RollupLevel; parts?: RollupPart[] }): Promise<RollupWindowRecord[]>;
	metricFrame(query: { fromMs: number; toMs: number; level: RollupLevel; name: string }): Promise<MetricFrame>;
	spanChunks(query: { fromMs: number; toMs: number; maxChunkId?: number }): AsyncIterable<SpanRecord[]>;
	spanChunksAfter(afterChunkId: number): AsyncIterable<{ id: number; spans: SpanRecord[] }>;
	lastSpanChunkId(): Promise<number>;
	/** Chunk id up to which stored rollups are complete; without it the host does not wait for them. */
	readRolledChunkId?(): Promise<number>;
	logChunks(query: { fromMs: number; toMs: number; eventNames?: string[] }): AsyncIterable<LogRecord[]>;
	resources(query?: { sinceMs?: number }): Promise<StoredResource[]>;
}

export const hostReadBounds = {
	/** Span chunks folded per cycle (about 1,000 spans each); the rest wait for the next cycle. */
	maxChunksPerCycle: 2_000,
	/** Platform events kept for rules (oldest dropped). */
	maxEvents: 1_000,
	/** How long the service map accumulates before it starts afresh (old edges fade). */
	topologyEpochMs: 15 * 60_000
};

function text(v: unknown): string {
	return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

/** Resource facts the metric mapping needs: host names, and database resources' topology ids. */
export class ResourceFacts {
	readonly #byId = new Map<string, { host?: string; dbNode?: string }>();
	readonly hostOfService = new Map<string, string>();

	update(resources: readonly StoredResource[]): void {
		for (const r of resources) {
			const host = text(r.attrs['host.name']) || undefined;
			const system = text(r.attrs['db.system.name'] ?? r.attrs['db.system']);
			const ns = text(r.attrs['db.namespace'] ?? r.attrs['db.name']);
			this.#byId.set(r.id, { ...(host ? { host } : {}), ...(system ? { dbNode: `db:${system}/${ns}` } : {}) });
			if (host && !system) this.hostOfService.set(r.service, `host:${host}`);
		}
	}

	of(resourceId: string): { host?: string; dbNode?: string } {
		return this.#byId.get(resourceId) ?? {};
	}
}

/** Metric samples of every window start in `starts`, from frames of the canonical names. */
export async function metricSamplesByWindow(source: HostSource, fromMs: number, toMs: number, facts: ResourceFacts): Promise<Map<number, MetricSample[]>> {
	const out = new Map<number, MetricSample[]>();
	const frames = await Promise.all(canonicalMetricNames.map((name) => source.metricFrame({ level: '10s', name, fromMs, toMs })));
	for (const frame of frames) {
		frame.xsSec.forEach((xSec, i) => {
			const startMs = xSec * 1000;
			for (const { descriptor: d, columns: c } of frame.series) {
				const at = (col: (number | null)[] | undefined) => col?.[i] ?? null;
				const mean = at(c.mean);
				const sumPerSec = at(c.sumPerSec);
				if (mean === null && sumPerSec === null && at(c.ratePerSec) === null) continue;
				const facts1 = facts.of(d.resourceId);
				const sample: MetricSample = {
					name: d.name,
					service: d.service,
					instance: d.instance,
					attrs: d.attrs,
					mean: mean ?? at(c.ratePerSec),
					last: at(c.last),
					sumPerSec,
					countPerSec: at(c.countPerSec),
					...facts1
				};
				const list = out.get(startMs) ?? [];
				list.push(sample);
				out.set(startMs, list);
			}
		});
	}
	return out;
}

/** Observations of each window in [fromMs, toMs) (10 s windows), oldest window first. */
export async function windowObservations(options: {
	source: HostSource;
	fromMs: number;
	toMs: number;
	stepMs: number;
	facts: ResourceFacts;
	fold: DependencyFold;
}): Promise<{ startMs: number; observations: Observation[] }[]> {
	const { source, fromMs, toMs, stepMs } = options;
	const [records, samples] = await Promise.all([
		source.rollupWindows({ level: '10s', fromMs, toMs, parts: ['svc', 'ep', 'inst'] }),
		metricSamplesByWindow(source, fromMs, toMs, options.facts)
	]);
	// parts of one window arrive as separate records: merge their series
	const byStart = new Map<number, RollupWindowRecord>();
	for (const r of records) {
		const w = byStart.get(r.startMs);
		if (w) Object.assign(w.series, r.series);
		else byStart.set(r.startMs, { level: r.level, startMs: r.startMs, series: { ...r.series } });
	}
	const out: { startMs: number; observations: Observation[] }[] = [];
	for (let t = fromMs; t < toMs; t += stepMs) {
		const observations: Observation[] = [];
		const rec = byStart.get(t);
		if (rec) observations.push(...spanRollupObservations(rec, { widthSec: stepMs / 1000 }));
		observations.push(...metricObservations(samples.get(t) ?? [], t));
		observations.push(...options.fold.take(t));
		out.push({ startMs: t, observations });
	}
	return out;
}

/** Follows span chunks exactly once: the dependency fold and the service map see every span. */
export class SpanFollower {
	readonly fold: DependencyFold;
	#builder = new TopologyBuilder();
	#builderSinceMs = -Infinity;
	graph: RuleGraph = emptyRuleGraph;
	#externals = new Set<string>();
	#lastChunkId = -1;
	spans = 0;

	constructor(stepMs: number) {
		this.fold = new DependencyFold({ stepMs, isExternal: (id) => this.#externals.has(id) });
	}

	#add(spans: SpanRecord[]): void {
		this.fold.add(spans);
		this.#builder.add(spans);
		this.spans += spans.length;
	}

	/** First call: spans ending in [fromMs, now) already stored; later calls: chunks written since. */
	async follow(source: HostSource, fromMs: number, nowMs: number): Promise<void> {
		let read = 0;
		if (this.#lastChunkId < 0) {
			const last = await source.lastSpanChunkId();
			for await (const spans of source.spanChunks({ fromMs, toMs: nowMs + 60_000, maxChunkId: last })) {
				this.#add(spans);
				if (++read >= hostReadBounds.maxChunksPerCycle) break;
			}
			this.#lastChunkId = last;
			this.#builderSinceMs = nowMs;
			return;
		}
		for await (const { id, spans } of source.spanChunksAfter(this.#lastChunkId)) {
			this.#add(spans);
			this.#lastChunkId = id;
			if (++read >= hostReadBounds.maxChunksPerCycle) break;
		}
	}

	/** Refreshes the rule graph; every `topologyEpochMs` the map starts afresh from the last one's graph. */
	refreshGraph(nowMs: number, hosts: ReadonlyMap<string, string>): RuleGraph {
		const graph = this.#builder.snapshot();
		const next = ruleGraphOf(graph, hosts);
		// keep nodes and edges of the previous epoch until the new one has seen them or longer
		const known = new Set(next.nodes.map((n) => n.id));
		const edges = new Set(next.edges.map(([a, b]) => `${a}\u0000${b}`));
		for (const n of this.graph.nodes) if (!known.has(n.id)) next.nodes.push(n);
		for (const [a, b] of this.graph.edges) if (!edges.has(`${a}\u0000${b}`)) next.edges.push([a, b]);
		this.graph = next;
		this.#externals = new Set(next.nodes.filter((n) => n.kind === 'external').map((n) => n.id));
		if (nowMs - this.#builderSinceMs >= hostReadBounds.topologyEpochMs) {
			this.#builder = new TopologyBuilder();
			this.#builderSinceMs = nowMs;
		}
		return next;
	}
}

/** Platform events (deployments, scaling, OOM kills) read from logs, bounded. */
export class EventLog {
	#events: RuleEvent[] = [];
	#readToMs = -Infinity;

	async read(source: HostSource, fromMs: number, toMs: number): Promise<void> {
		const start = Math.max(fromMs, this.#readToMs);
		if (!(toMs > start)) return;
		for await (const logs of source.logChunks({ fromMs: start, toMs, eventNames: [...platformEventNames] })) this.#events.push(...platformEvents(logs));
		this.#readToMs = toMs;
		if (this.#events.length > hostReadBounds.maxEvents) this.#events = this.#events.slice(-hostReadBounds.maxEvents);
	}

	events(sinceMs: number): RuleEvent[] {
		return this.#events.filter((e) => e.timeMs >= sinceMs);
	}
}
