/**
 * The insight worker (workers/insight.worker.ts) as the app sees it.
 *
 * - `startInsightHost(client)`: the writer tab runs the insights host in its own insight
 *   worker (the worker also takes the browser-wide lock, so a hand-over between writer tabs
 *   never runs two) and keeps the host's clock on the relay's (from the live snapshots).
 * - `subscribeInsights(fn)`: every tab hears the host's snapshots (BroadcastChannel).
 * - `createInsightClient()`: the Insights page's own worker for offline work (import, the
 *   model check); typed and latest-wins per kind: an answer overtaken by a newer request of
 *   its kind comes back `superseded`, a failure as `failed` with the message.
 * - `modelOptions()`: the shipped model's folder as an absolute URL on this origin; the worker
 *   adds the ONNX runtime files it bundles (nothing is fetched from anywhere else).
 */
import * as Comlink from 'comlink';
import { base } from '$app/paths';
import type { InsightApi, ImportSummary, ModelCheckOutcome } from '../../../workers/insight-api';
import type { InsightsMessage } from '../../../workers/insight-runtime';
import type { SeriesAnalysis } from '../domain/insights/live/analyse-series';
import type { InsightSnapshot } from '../domain/insights/live/snapshot';
import type { LiveSnapshot } from '../domain/telemetry/live-snapshot';
import type { TimeSeriesModelOptions } from '../io/time-series-model';
import type { TelemetryClient } from './types';

export type { ImportSummary, ModelCheckOutcome } from '../../../workers/insight-api';

export const insightsChannelName = 'meridian-insights';
export const modelName = 'meridian-patchtst';

const startWorker = () => new Worker(new URL('../../../workers/insight.worker.ts', import.meta.url), { type: 'module', name: 'meridian-insight' });

function absolute(path: string): string {
	return new URL(path, location.href).href;
}

export function modelOptions(): TimeSeriesModelOptions {
	return {
		name: modelName,
		localModelPath: absolute(`${base}/models/`)
	};
}

/** The recorded input and PyTorch's output for the offline model check. */
export function modelCheckUrl(): string {
	return absolute(`${base}/models/${modelName}/model-check.json`);
}

/** Minutes east of UTC of this browser (Korea: 540): days and times of day are local. */
export function localUtcOffsetMinutes(): number {
	return -new Date().getTimezoneOffset();
}

/** Longest wait for the stream to catch up before the host starts anyway (offline, relay gone). */
export const maxCatchUpWaitMs = 30_000;

/** Connected, and everything the relay announced at connection is written with nothing queued. */
export function streamCaughtUp(snapshot: Pick<LiveSnapshot, 'connection' | 'ingest'>): boolean {
	const c = snapshot.connection;
	return c.state === 'connected' && c.lastSeq >= c.relayLastSeq && snapshot.ingest.queuedBatches === 0;
}

/** Starts the host when this tab is (or becomes) the writer and the stream has caught up; returns a stop function. */
export function startInsightHost(client: TelemetryClient, options: { dbName?: string } = {}): () => void {
	let worker: Worker | undefined;
	let api: Comlink.Remote<InsightApi> | undefined;
	let lastOffsetMs = -Infinity;
	let clockOffsetMs = 0;
	// the host's first cycle replays stored windows: it starts once the stream has written what
	// the relay held when this tab connected, or `maxCatchUpWaitMs` after this tab became the writer
	let caughtUp = false;
	let catchUpTimer: ReturnType<typeof setTimeout> | undefined;
	const spawn = () => {
		if (worker) return;
		worker = startWorker();
		api = Comlink.wrap<InsightApi>(worker);
		void api.startHost({ dbName: options.dbName ?? 'meridian', model: modelOptions(), utcOffsetMinutes: localUtcOffsetMinutes(), clockOffsetMs });
	};
	const becomeWriter = () => {
		if (caughtUp) spawn();
		else catchUpTimer ??= setTimeout(spawn, maxCatchUpWaitMs);
	};
	const unsubscribeLive = client.live.subscribe((snapshot) => {
		clockOffsetMs = snapshot.atMs - Date.now();
		if (!caughtUp && streamCaughtUp(snapshot)) {
			caughtUp = true;
			if (client.role() === 'writer') spawn();
		}
		// the offset drifts slowly: tell the worker at most every 10 s
		if (api && Date.now() - lastOffsetMs >= 10_000) {
			lastOffsetMs = Date.now();
			void api.setClockOffset(clockOffsetMs);
		}
	});
	if (client.role() === 'writer') becomeWriter();
	const unsubscribeRole = client.onRole((role) => role === 'writer' && becomeWriter());
	return () => {
		clearTimeout(catchUpTimer);
		unsubscribeLive();
		unsubscribeRole();
		void api?.stopHost().finally(() => worker?.terminate());
		worker = undefined;
		api = undefined;
	};
}

/** Calls `listener` with every snapshot the host publishes (from any tab's host). */
export function subscribeInsights(listener: (snapshot: InsightSnapshot) => void): () => void {
	if (typeof BroadcastChannel !== 'function') return () => {};
	const channel = new BroadcastChannel(insightsChannelName);
	channel.onmessage = (event: MessageEvent<InsightsMessage>) => {
		if (event.data?.type === 'snapshot') listener(event.data.snapshot);
	};
	return () => channel.close();
}

export type Outcome<T> = { status: 'done'; value: T } | { status: 'superseded' } | { status: 'failed'; message: string };

export interface InsightPageClient {
	importFile(fileName: string, text: string): Promise<Outcome<ImportSummary>>;
	importSample(): Promise<Outcome<ImportSummary>>;
	analyseImported(index: number): Promise<Outcome<SeriesAnalysis>>;
	checkModel(): Promise<Outcome<ModelCheckOutcome>>;
	close(): void;
}

export function createInsightClient(
	start: () => Worker = startWorker,
	locate: { model: () => TimeSeriesModelOptions; checkUrl: () => string } = { model: modelOptions, checkUrl: modelCheckUrl }
): InsightPageClient {
	let worker: Worker | undefined;
	let api: Comlink.Remote<InsightApi> | undefined;
	const requests = { import: 0, analyse: 0, model: 0 };
	const remote = () => {
		if (!api) {
			worker = start();
			api = Comlink.wrap<InsightApi>(worker);
		}
		return api;
	};
	async function call<T>(kind: keyof typeof requests, run: () => Promise<T>): Promise<Outcome<T>> {
		const request = ++requests[kind];
		let reply: Outcome<T>;
		try {
			reply = { status: 'done', value: await run() };
		} catch (error) {
			reply = { status: 'failed', message: error instanceof Error ? error.message : String(error) };
		}
		return request === requests[kind] ? reply : { status: 'superseded' };
	}
	return {
		importFile: (fileName, text) => call('import', () => remote().importFile(fileName, text)),
		importSample: () => call('import', () => remote().importSample(Date.now())),
		analyseImported: (index) => call('analyse', () => remote().analyseImported(index, { utcOffsetMinutes: localUtcOffsetMinutes(), model: locate.model() })),
		checkModel: () => call('model', async (): Promise<ModelCheckOutcome> => remote().checkModel(locate.model(), locate.checkUrl())),
		close() {
			worker?.terminate();
			worker = undefined;
			api = undefined;
		}
	};
}
