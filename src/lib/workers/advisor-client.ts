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
import type { LayoutApi } from '../../../workers/layout-api';
import type { DecomposeOptions } from '../domain/advisor/decompose';
import type { Layout, LayoutGraph } from '../domain/layout/types';
import { LatestWins, LazyWorker, type Failed } from './latest-wins';

export type { CallSource, CsvLoadReply, CsvProgress, ProposalReply, ReadProgress, WindowQuery, WindowReply, WindowRead } from '../../../workers/advisor-api';

export type { Failed } from './latest-wins';
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
	const advisor = new LazyWorker<AdvisorApi>(workers.advisor);
	const layouter = new LazyWorker<LayoutApi>(workers.layout);
	// reads and CSV loads share the kind 'read': the worker stops either when the other starts
	const requests = new LatestWins<'read' | 'decompose' | 'layout'>();
	const progressProxy = <T>(callback?: (value: T) => void) => (callback ? Comlink.proxy(callback) : undefined);
	return {
		readWindow: (query, onProgress) => requests.call('read', (request) => advisor.api.readWindow(request, query, progressProxy(onProgress))),
		cancelRead() {
			const request = requests.next('read');
			void advisor.running?.cancelRead(request);
		},
		loadCsv: (file, onProgress) => requests.call('read', (request) => advisor.api.loadCsv(request, file, progressProxy(onProgress))),
		decompose: (source, options) => requests.call('decompose', (request) => advisor.api.decomposeSource(request, source, options)),
		async layout(graph) {
			const reply = await requests.call('layout', (request) => layouter.api.layout(request, graph, { strategy: 'full' }));
			return reply.status === 'done' ? { status: 'done', layout: reply.layout } : reply.status === 'failed' ? reply : { status: 'superseded' };
		},
		close() {
			advisor.terminate();
			layouter.terminate();
		}
	};
}
