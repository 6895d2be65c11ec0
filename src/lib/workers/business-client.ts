/**
 * The business worker from the main thread (workers/business-api.ts): the KPI engine (one
 * tab runs it; every tab hears its status), board readings, transaction paths and the
 * designer's rule preview. Typed and latest-wins: an overtaken preview or path comes back
 * as `undefined`.
 */
import * as Comlink from 'comlink';
import type { BusinessApi } from '../../../workers/business.worker';
import type { BoardAnswer, BoardQuery, PathQuery } from '../../../workers/business-board';
import type { EngineStatus } from '../../../workers/business-engine';
import type { PreviewRequest } from '../../../workers/business-api';
import type { PathSummary } from '../domain/business/path-summary';
import type { PreviewResult } from '../domain/business/preview';
import type { BusinessDefinitions } from '../domain/business/types';
import type { BusinessIssue } from '../domain/business/validate';
import { telemetryDbName } from './store-name';

export type { BoardAnswer, BoardQuery, PathQuery, EngineStatus };

export interface BusinessClient {
	setDefinitions(definitions: BusinessDefinitions): Promise<void>;
	readBoard(query: BoardQuery): Promise<BoardAnswer>;
	path(query: PathQuery): Promise<PathSummary | undefined>;
	preview(request: PreviewRequest): Promise<{ result: PreviewResult } | { issues: BusinessIssue[] } | undefined>;
	/** The KPI engine's latest status, from whichever tab runs it. */
	onEngineStatus(listener: (status: EngineStatus) => void): () => void;
	close(): void;
}

/** The channel and message the engine posts on (workers/business-api.ts kpiChannelName). */
const kpiChannelName = 'meridian-kpi';

export function createBusinessClient(dbName = telemetryDbName): BusinessClient {
	const worker = new Worker(new URL('../../../workers/business.worker.ts', import.meta.url), { type: 'module', name: 'meridian-business' });
	const api = Comlink.wrap<BusinessApi>(worker);
	const opened = api.open(dbName);
	let pathRequest = 0;
	let previewRequest = 0;
	const listeners = new Set<(status: EngineStatus) => void>();
	const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(kpiChannelName) : undefined;
	channel?.addEventListener('message', (event: MessageEvent) => {
		const data = event.data as { type?: string; status?: EngineStatus };
		if (data?.type === 'kpi-engine' && data.status) for (const l of listeners) l(data.status);
	});
	return {
		async setDefinitions(definitions) {
			await opened;
			await api.setDefinitions(definitions);
		},
		async readBoard(query) {
			await opened;
			return api.readBoard(query);
		},
		async path(query) {
			await opened;
			const reply = await api.path(++pathRequest, query);
			return reply.status === 'done' ? reply.path : undefined;
		},
		async preview(request) {
			await opened;
			const reply = await api.preview(++previewRequest, request);
			if (reply.status === 'done') return { result: reply.result };
			if (reply.status === 'invalid') return { issues: reply.issues };
			return undefined;
		},
		onEngineStatus(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		close() {
			channel?.close();
			api[Comlink.releaseProxy]();
			worker.terminate();
		}
	};
}

let shared: BusinessClient | undefined;

/** One business worker per tab, started on first use. */
export function sharedBusinessClient(): BusinessClient {
	return (shared ??= createBusinessClient());
}
