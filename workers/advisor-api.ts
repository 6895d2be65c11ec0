/**
 * What the advisor worker exposes (advisor.worker.ts wraps it with comlink): architecture
 * findings and the class-level call graph fed from span chunks, and decompositions of that
 * graph or of a dropped call-record CSV.
 *
 * Decompositions take up to seconds on large graphs, so they are latest-wins: each call
 * carries the caller's increasing request number, yields once before starting, and answers
 * `superseded` when a newer request has arrived, so a burst of K changes runs the last only.
 */
import { CallGraphBuilder } from '../src/lib/domain/advisor/call-graph';
import { parseCallsCsv, type CsvSummary } from '../src/lib/domain/advisor/calls-csv';
import { decompose, type DecomposeOptions, type Decomposition } from '../src/lib/domain/advisor/decompose';
import { FindingsAnalyzer, type FindingsReport } from '../src/lib/domain/advisor/findings/analyzer';
import type { FindingSettings } from '../src/lib/domain/advisor/findings/types';
import { SpanCallCollector } from '../src/lib/domain/advisor/span-calls';
import type { SpanRecord } from '../src/lib/protocol/records';

export interface AdvisorSetup {
	findings?: Partial<FindingSettings>;
	/** Services whose class-level spans form the monolith (default: all). */
	services?: string[];
	contextAttribute?: string;
}

export type Superseded = { status: 'superseded' };
export type DecompositionReply = { status: 'done'; decomposition: Decomposition | null } | Superseded;
export type CsvDecompositionReply = { status: 'done'; csv: CsvSummary; decomposition: Decomposition | null } | Superseded;

export function createAdvisorApi() {
	let analyzer = new FindingsAnalyzer();
	let collector = new SpanCallCollector();
	let newest = 0;
	const latest = async (request: number): Promise<boolean> => {
		newest = Math.max(newest, request);
		await new Promise((resolve) => setTimeout(resolve, 0));
		return request >= newest;
	};
	return {
		reset(setup: AdvisorSetup = {}): void {
			analyzer = new FindingsAnalyzer({ ...setup.findings, ...(setup.contextAttribute ? { contextAttribute: setup.contextAttribute } : {}) });
			collector = new SpanCallCollector({ services: setup.services, contextAttribute: setup.contextAttribute });
		},
		addSpans(spans: SpanRecord[]): void {
			analyzer.addSpans(spans);
			collector.addSpans(spans);
		},
		/** `flush`: fold in traces still arriving (end of a stored window); live views pass false. */
		findings(flush = true): FindingsReport {
			return analyzer.report({ flush });
		},
		async decomposeSpans(request: number, options: DecomposeOptions = {}): Promise<DecompositionReply> {
			if (!(await latest(request))) return { status: 'superseded' };
			const { graph } = collector.finish();
			return { status: 'done', decomposition: graph.classes.length > 0 ? decompose(graph, options) : null };
		},
		async decomposeCsv(request: number, text: string, options: DecomposeOptions = {}): Promise<CsvDecompositionReply> {
			if (!(await latest(request))) return { status: 'superseded' };
			const builder = new CallGraphBuilder();
			const { records, summary } = parseCallsCsv(text);
			for (const record of records) builder.add(record);
			const graph = builder.build();
			return { status: 'done', csv: summary, decomposition: graph.classes.length > 0 ? decompose(graph, options) : null };
		}
	};
}

export type AdvisorApi = ReturnType<typeof createAdvisorApi>;
