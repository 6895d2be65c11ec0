/**
 * The migration advisor's workers as the main thread sees them: the advisor worker (reads a
 * stored window itself, parses dropped CSV files, decomposes) and a layout worker of its own
 * (ELK, workers/layout.worker.ts) for the proposal graph. Typed and latest-wins: every call
 * takes the next request number of its kind, and an answer overtaken by a newer request of
 * the same kind comes back as `superseded` (reads and CSV loads share one kind, as the
 * worker stops either when the other starts).
 *
 * Workers start on first use and live until `close()`.
 */
import * as Comlink from 'comlink';
import type {
	AdvisorApi,
	CallSource,
	CsvLoadReply,
	CsvProgress,
	ProposalReply,
	ReadProgress,
	WindowQuery,
	WindowReply
} from '../../../workers/advisor-api';
import type { LayoutApi, LayoutReply as LayoutWorkerReply } from '../../../workers/layout-api';
import type { DecomposeOptions } from '../domain/advisor/decompose';
import type { Layout, LayoutGraph } from '../domain/layout/types';

export type { CallSource, CsvLoadReply, CsvProgress, ProposalReply, ReadProgress, WindowQuery, WindowReply, WindowRead } from '../../../workers/advisor-api';

export type Failed = { status: 'failed'; message: string };
export type LayoutReply = { status: 'done'; layout: Layout } | { status: 'superseded' } | Failed;
export type ProposalOutcome = ProposalReply | Failed;

export interface AdvisorClient {
	/** Findings, monolith candidates and their call graphs for a stored window (see WindowQuery). */
	readWindow(query: WindowQuery, onProgress?: (progress: ReadProgress) => void): Promise<WindowReply>;
	/** Stops the read or CSV load in progress; it answers `superseded`. */
	cancelRead(): void;
	/** Parses a call-record CSV in the worker; the file is passed by reference, not copied. */
	loadCsv(file: File, onProgress?: (progress: CsvProgress) => void): Promise<CsvLoadReply>;
	decompose(source: CallSource, options: DecomposeOptions): Promise<ProposalOutcome>;
	/** ELK layered layout of the proposal graph, in the layout worker. */
	layout(graph: LayoutGraph): Promise<LayoutReply>;
	close(): void;
}

export interface AdvisorWorkers {
	advisor: () => Worker;
	layout: () => Worker;
}

const browserWorkers: AdvisorWorkers = {
	advisor: () => new Worker(new URL('../../../workers/advisor.worker.ts', import.meta.url), { type: 'module', name: 'meridian-advisor' }),
	layout: () => new Worker(new URL('../../../workers/layout.worker.ts', import.meta.url), { type: 'module', name: 'meridian-advisor-layout' })
};

export function createAdvisorClient(workers: AdvisorWorkers = browserWorkers): AdvisorClient {
	let advisorWorker: Worker | undefined;
	let layoutWorker: Worker | undefined;
	let advisor: Comlink.Remote<AdvisorApi> | undefined;
	let layouter: Comlink.Remote<LayoutApi> | undefined;
	let reads = 0;
	let decompositions = 0;
	let layouts = 0;
	const advisorApi = () => {
		if (!advisor) {
			advisorWorker = workers.advisor();
			advisor = Comlink.wrap<AdvisorApi>(advisorWorker);
		}
		return advisor;
	};
	const layoutApi = () => {
		if (!layouter) {
			layoutWorker = workers.layout();
			layouter = Comlink.wrap<LayoutApi>(layoutWorker);
		}
		return layouter;
	};
	const progressProxy = <T>(callback?: (value: T) => void) => (callback ? Comlink.proxy(callback) : undefined);
	/** A worker that failed to load or threw rejects the call: answer in words instead. */
	const guard = async <R>(call: () => Promise<R>): Promise<R | Failed> => {
		try {
			return await call();
		} catch (error) {
			return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
		}
	};
	return {
		async readWindow(query, onProgress) {
			const request = ++reads;
			const reply = await guard<WindowReply>(() => advisorApi().readWindow(request, query, progressProxy(onProgress)));
			return request === reads ? reply : { status: 'superseded' };
		},
		cancelRead() {
			const request = ++reads;
			void advisor?.cancelRead(request);
		},
		async loadCsv(file, onProgress) {
			const request = ++reads;
			const reply = await guard<CsvLoadReply>(() => advisorApi().loadCsv(request, file, progressProxy(onProgress)));
			return request === reads ? reply : { status: 'superseded' };
		},
		async decompose(source, options) {
			const request = ++decompositions;
			const reply = await guard<ProposalReply>(() => advisorApi().decomposeSource(request, source, options));
			return request === decompositions ? reply : { status: 'superseded' };
		},
		async layout(graph) {
			const request = ++layouts;
			const reply = await guard<LayoutWorkerReply>(() => layoutApi().layout(request, graph, { strategy: 'full' }));
			if (reply.status === 'failed') return reply;
			if (reply.status !== 'done' || request !== layouts) return { status: 'superseded' };
			return { status: 'done', layout: reply.layout };
		},
		close() {
			advisorWorker?.terminate();
			layoutWorker?.terminate();
			advisorWorker = layoutWorker = undefined;
			advisor = undefined;
			layouter = undefined;
		}
	};
}
