/**
 * What the advisor worker exposes (advisor.worker.ts wraps it with comlink): architecture
 * findings and the class-level call graph fed from span chunks, and decompositions of that
 * graph or of a dropped call-record CSV.
 *
 * Two ways in: the app's (`readWindow`, `loadCsv`, `decomposeSource`) keeps the last stored
 * window read and the last CSV in the worker, so changing K or the monolith never re-reads;
 * the older push API (`reset`, `addSpans`, `findings`, `decomposeSpans`, `decomposeCsv`)
 * takes spans or text from the caller.
 *
 * Latest wins, with separate request numbers per kind of work (reads and CSV loads share
 * one, decompositions another): reads stop between chunks once a newer read (or a
 * `cancelRead`) arrives; decompositions yield once before starting and answer `superseded`
 * when a newer request has arrived, so a burst of K changes runs the last only.
 */
import { CallGraphBuilder, type CallGraph } from '../src/lib/domain/advisor/call-graph';
import { CallsCsvParser, parseCallsCsv, type CsvSummary } from '../src/lib/domain/advisor/calls-csv';
import { decompose, type DecomposeOptions, type Decomposition, type GraphSummary } from '../src/lib/domain/advisor/decompose';
import { proposalDrawing, type ProposalDrawing } from '../src/lib/domain/advisor/drawing';
import { FindingsAnalyzer, type FindingsReport } from '../src/lib/domain/advisor/findings/analyzer';
import type { FindingSettings } from '../src/lib/domain/advisor/findings/types';
import { SpanCallCollector } from '../src/lib/domain/advisor/span-calls';
import type { SpanRecord } from '../src/lib/protocol/records';
import { readWindow, sameQuery, type ReadProgress, type WindowQuery, type WindowRead, type WindowSource, type WindowState } from './advisor-window';

export type { ReadProgress, WindowQuery, WindowRead, WindowSource } from './advisor-window';

export interface AdvisorSetup {
	findings?: Partial<FindingSettings>;
	/** Services whose class-level spans form the monolith (default: all). */
	services?: string[];
	contextAttribute?: string;
}

export type Superseded = { status: 'superseded' };
export type DecompositionReply = { status: 'done'; decomposition: Decomposition | null } | Superseded;
export type CsvDecompositionReply = { status: 'done'; csv: CsvSummary; decomposition: Decomposition | null } | Superseded;
export type WindowReply = { status: 'done'; read: WindowRead; cached: boolean } | Superseded | { status: 'failed'; message: string };
export type CsvLoadReply = { status: 'done'; name: string; csv: CsvSummary; graph: GraphSummary } | Superseded | { status: 'failed'; message: string };

/** Where a decomposition's call graph comes from: a monolith service of the last window read, or the last CSV loaded. */
export type CallSource = { kind: 'window'; service: string } | { kind: 'csv' };
export type ProposalReply =
	| { status: 'done'; decomposition: Decomposition | null; drawing: ProposalDrawing | null }
	| Superseded
	| { status: 'missing' };

export interface CsvProgress {
	bytes: number;
	totalBytes: number;
}

/** Bytes of CSV text parsed between two progress reports. */
const csvProgressBytes = 1 << 20;

export function createAdvisorApi(openStore?: (dbName: string) => WindowSource) {
	let analyzer = new FindingsAnalyzer();
	let collector = new SpanCallCollector();
	let newest = 0;
	let newestRead = 0;
	let held: WindowState | null = null;
	let csvGraph: CallGraph | null = null;
	const latest = async (request: number): Promise<boolean> => {
		newest = Math.max(newest, request);
		await new Promise((resolve) => setTimeout(resolve, 0));
		return request >= newest;
	};
	const readSignal = (request: number) => {
		newestRead = Math.max(newestRead, request);
		return { get aborted() { return request < newestRead; } };
	};
	return {
		/**
		 * Reads [fromMs, toMs) of the store `dbName`: findings, monolith candidates and their
		 * call graphs. The same query as the last completed read answers from memory (`cached`).
		 */
		async readWindow(request: number, query: WindowQuery, onProgress?: (progress: ReadProgress) => void): Promise<WindowReply> {
			const signal = readSignal(request);
			if (held && sameQuery(held.read.query, query)) return { status: 'done', read: held.read, cached: true };
			if (!openStore) return { status: 'failed', message: 'this advisor has no store to read' };
			try {
				const state = await readWindow(openStore(query.dbName), query, { signal, onProgress });
				if (!state || signal.aborted) return { status: 'superseded' };
				held = state;
				return { status: 'done', read: state.read, cached: false };
			} catch (error) {
				return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
			}
		},

		/** Stops a read in progress (it answers `superseded`). */
		cancelRead(request: number): void {
			newestRead = Math.max(newestRead, request);
		},

		/** Parses a call-record CSV file (read here, in chunks) into the class call graph kept for `decomposeSource`. */
		async loadCsv(request: number, file: Blob & { name?: string }, onProgress?: (progress: CsvProgress) => void): Promise<CsvLoadReply> {
			const signal = readSignal(request);
			const builder = new CallGraphBuilder();
			const parser = new CallsCsvParser((record) => builder.add(record));
			const totalBytes = file.size;
			let bytes = 0;
			let reported = 0;
			const decoder = new TextDecoder('utf-8');
			try {
				const reader = file.stream().getReader();
				for (;;) {
					const { done, value } = await reader.read();
					if (done) break;
					if (signal.aborted) {
						await reader.cancel();
						return { status: 'superseded' };
					}
					parser.push(decoder.decode(value, { stream: true }));
					bytes += value.byteLength;
					if (bytes - reported >= csvProgressBytes) {
						reported = bytes;
						onProgress?.({ bytes: Math.min(bytes, totalBytes), totalBytes });
					}
				}
			} catch (error) {
				return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
			}
			parser.push(decoder.decode());
			const csv = parser.end();
			const graph = builder.build();
			if (signal.aborted) return { status: 'superseded' };
			csvGraph = graph;
			onProgress?.({ bytes: totalBytes, totalBytes });
			return {
				status: 'done',
				name: file.name ?? '',
				csv,
				graph: { classes: graph.classes.length, contexts: graph.contexts.length, edges: graph.edges.length, records: graph.records, dropped: graph.dropped }
			};
		},

		/** The proposal for the chosen call graph, with what to draw of it; `missing` when that graph is not held. */
		async decomposeSource(request: number, source: CallSource, options: DecomposeOptions = {}): Promise<ProposalReply> {
			if (!(await latest(request))) return { status: 'superseded' };
			const graph = source.kind === 'csv' ? csvGraph : (held?.collectors.graph(source.service) ?? null);
			if (!graph) return { status: 'missing' };
			if (graph.classes.length === 0) return { status: 'done', decomposition: null, drawing: null };
			const decomposition = decompose(graph, options);
			const assignment = graph.classes.map((name) => decomposition.proposal.assignment[name] ?? 0);
			return { status: 'done', decomposition, drawing: proposalDrawing(graph, assignment) };
		},

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
