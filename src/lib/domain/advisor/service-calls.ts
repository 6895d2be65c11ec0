/**
 * Class call graphs of every service with class-level spans, from one pass over a window of
 * spans: the advisor screen lets the user pick the monolith after reading, so the graph of
 * each candidate is built at once instead of re-reading the window per choice.
 *
 * One `TraceBuffer` groups all spans into traces (the business context usually sits on the
 * entry span of another service, so no service's spans can be read alone). Per settled
 * trace, each service with class spans in it gets its calls added to its own builder.
 *
 * Bounds: at most `maxServices` services get a builder (the first seen); class spans of
 * further services are counted in `census` with `collected: false`, and `overflow` says how
 * many services that was. Each builder has the `CallGraph` limits.
 */
import type { SpanRecord } from '../../protocol/records';
import { CallGraphBuilder, type CallGraph, type CallGraphLimits } from './call-graph';
import { codeRefOfSpan, collectTraceCalls, traceContext, type SpanCallOptions } from './span-calls';
import { TraceBuffer, type TraceBufferOptions, type TraceBufferStats } from './trace-buffer';

export interface ClassServiceCensus {
	service: string;
	classSpans: number;
	/** Classes in its call graph (0 when not collected). */
	classes: number;
	/** False past `maxServices`: its graph was not built. */
	collected: boolean;
}

export interface ServiceCallOptions extends Pick<SpanCallOptions, 'contextAttribute' | 'contextOf'> {
	maxServices?: number;
	limits?: Partial<CallGraphLimits>;
	buffer?: TraceBufferOptions;
}

export const defaultMaxServices = 8;

export class ServiceCallCollectors {
	private readonly builders = new Map<string, CallGraphBuilder>();
	private readonly classSpans = new Map<string, number>();
	private readonly buffer: TraceBuffer;
	private readonly options: ServiceCallOptions;
	private readonly maxServices: number;
	private graphs: Map<string, CallGraph> | null = null;

	constructor(options: ServiceCallOptions = {}) {
		this.options = options;
		this.maxServices = options.maxServices ?? defaultMaxServices;
		this.buffer = new TraceBuffer((spans) => this.collect(spans), options.buffer);
	}

	addSpans(spans: readonly SpanRecord[]): void {
		this.graphs = null;
		this.buffer.add(spans);
	}

	/** Flushes pending traces; services with class spans, most class spans first. */
	finish(): { census: ClassServiceCensus[]; overflow: number; buffer: TraceBufferStats } {
		this.buffer.flush();
		const census = [...this.classSpans].map(([service, classSpans]) => ({
			service,
			classSpans,
			classes: this.graph(service)?.classes.length ?? 0,
			collected: this.builders.has(service)
		}));
		census.sort((a, b) => b.classSpans - a.classSpans || a.service.localeCompare(b.service));
		return { census, overflow: census.filter((c) => !c.collected).length, buffer: this.buffer.stats() };
	}

	/** The class call graph of `service` (built once per finished input), null when none was collected. */
	graph(service: string): CallGraph | null {
		this.buffer.flush();
		this.graphs ??= new Map();
		let graph = this.graphs.get(service);
		if (!graph) {
			const builder = this.builders.get(service);
			if (!builder) return null;
			graph = builder.build();
			this.graphs.set(service, graph);
		}
		return graph;
	}

	private collect(spans: SpanRecord[]): void {
		const services = new Set<string>();
		for (const span of spans) {
			if (!codeRefOfSpan(span)) continue;
			services.add(span.service);
			this.classSpans.set(span.service, (this.classSpans.get(span.service) ?? 0) + 1);
		}
		if (services.size === 0) return;
		const context = traceContext(spans, this.options);
		for (const service of services) {
			let builder = this.builders.get(service);
			if (!builder) {
				if (this.builders.size >= this.maxServices) continue;
				builder = new CallGraphBuilder(this.options.limits);
				this.builders.set(service, builder);
			}
			collectTraceCalls(spans, builder, { isClassSpan: (span) => span.service === service && codeRefOfSpan(span) !== null, context });
		}
	}
}
