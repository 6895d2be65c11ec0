/**
 * What the business worker exposes (business.worker.ts wraps it with comlink): the
 * designer's live rule preview, re-evaluation of KPI history after a rule or KPI change
 * (with progress), and KPI windows for live spans. Spans come from the telemetry store the
 * worker opens itself (`open(dbName)`, the ingest worker's IndexedDB database), so the main
 * thread never loops over raw spans.
 *
 * Previews and re-evaluations are latest-wins: each call carries the caller's increasing
 * request number; a newer one supersedes (a running re-evaluation stops between chunks and
 * answers `superseded`).
 */
import { BusinessModel } from '../src/lib/domain/business/model';
import { KpiAccumulator } from '../src/lib/domain/business/accumulator';
import { reevaluateHistory, type ReevaluationProgress } from '../src/lib/domain/business/history';
import { RulePreview, type PreviewResult } from '../src/lib/domain/business/preview';
import { parseTransaction, type BusinessIssue } from '../src/lib/domain/business/validate';
import { coarserLevels, type KpiWindowRecord } from '../src/lib/domain/business/windows';
import type { BusinessDefinitions, BusinessTransaction } from '../src/lib/domain/business/types';
import type { AccumulatorCounters } from '../src/lib/domain/business/accumulator';
import type { RollupLevel } from '../src/lib/domain/telemetry/levels';
import type { SpanRecord } from '../src/lib/protocol/records';
import type { TelemetryStore } from '../src/lib/io/telemetry-store';
import type { KpiWindowStore } from '../src/lib/io/kpi/kpi-window-store';
import type { PathSummary } from '../src/lib/domain/business/path-summary';
import { KpiEngine, spansNeeded, type EngineSpans, type EngineStatus } from './business-engine';
import { BoardReader, transactionPath, type BoardAnswer, type BoardQuery, type PathQuery } from './business-board';

export type Superseded = { status: 'superseded' };

export interface PreviewRequest {
	/** The transaction being edited (validated here). */
	draft: unknown;
	/** The saved transactions (invalid ones are ignored). */
	others: unknown[];
	fromMs: number;
	toMs: number;
	maxSamples?: number;
}

export type PreviewReply = { status: 'done'; result: PreviewResult } | { status: 'invalid'; issues: BusinessIssue[] } | Superseded;

export interface ReevaluateRequest {
	definitions: BusinessDefinitions;
	fromMs: number;
	toMs: number;
	/** Finest level to build (default 1 min); every coarser level is merged from it. */
	level?: RollupLevel;
	/**
	 * Only what changing these transactions affects (BusinessModel.subset); the reply's
	 * `affected` says which targets and conversions to replace in stored windows
	 * (windows.ts replaceTargets). Absent: everything.
	 */
	changed?: { transactions: string[]; domains?: string[] };
}

export type ReevaluateReply =
	| {
			status: 'done';
			/** Windows by level, each oldest first. */
			windows: Partial<Record<RollupLevel, KpiWindowRecord[]>>;
			counters: AccumulatorCounters;
			chunks: number;
			/** Definitions left out, and why. */
			issues: BusinessIssue[];
			/** With `changed`: the targets and conversions the windows hold; absent = all of them. */
			affected?: { targets: string[]; conversions: string[] };
	  }
	| Superseded;

export interface BusinessApiDeps {
	/** Opens the telemetry store by database name (default: DexieTelemetryStore, loaded lazily). */
	openStore?: (dbName: string) => Promise<TelemetryStore>;
	/** Opens the KPI window store (default: DexieKpiWindowStore `meridian-kpi`). */
	openKpiStore?: () => Promise<KpiWindowStore>;
	/** Web Locks (default: the worker's navigator.locks; absent = this worker always runs the engine). */
	locks?: Pick<LockManager, 'request'>;
	/** Where engine status goes to every tab (default: BroadcastChannel `meridian-kpi`). */
	channel?: { postMessage(message: unknown): void };
	/** Engine idle wait between steps, ms (default 1,000). */
	idleMs?: number;
}

/** Only the tab holding this lock runs the KPI engine (and writes KPI windows). */
export const kpiWriterLock = 'meridian-kpi-writer';
export const kpiChannelName = 'meridian-kpi';

async function openDexieKpi(): Promise<KpiWindowStore> {
	const { DexieKpiWindowStore } = await import('../src/lib/io/kpi/dexie-kpi-window-store');
	return new DexieKpiWindowStore();
}

async function openDexie(dbName: string): Promise<TelemetryStore> {
	const { DexieTelemetryStore } = await import('../src/lib/io/dexie-store');
	return new DexieTelemetryStore({ name: dbName });
}

const waiting: EngineStatus = { phase: 'waiting', fraction: 0, transactions: [], chunkId: 0, issues: [] };

/**
 * Steps the KPI engine until `stopped()`, waiting `idleMs` whenever it has nothing to do. A
 * step that fails (a quota refusal, a closed database) is posted as the last status with
 * its `error`, and tried again after the wait; the first step that succeeds posts the
 * status without it.
 */
export async function engineLoop(options: {
	step: () => Promise<boolean>;
	status: () => EngineStatus | undefined;
	post: (status: EngineStatus) => void;
	idleMs: number;
	stopped?: () => boolean;
}): Promise<void> {
	let failing = false;
	while (!options.stopped?.()) {
		let busy = false;
		try {
			busy = await options.step();
			if (failing) {
				failing = false;
				const { error: _cleared, ...status } = options.status() ?? waiting;
				options.post(status);
			}
		} catch (error) {
			failing = true;
			options.post({ ...(options.status() ?? waiting), error: (error as Error).message });
		}
		if (!busy) await new Promise((resolve) => setTimeout(resolve, options.idleMs));
	}
}

export function createBusinessApi(deps: BusinessApiDeps = {}) {
	let store: TelemetryStore | undefined;
	let newest = 0;
	let live: KpiAccumulator | undefined;
	let kpiStore: KpiWindowStore | undefined;
	let engine: KpiEngine | undefined;
	let reader: BoardReader | undefined;
	let newestPath = 0;
	let engineStatus: EngineStatus | undefined;
	const needKpi = async (): Promise<KpiWindowStore> => (kpiStore ??= await (deps.openKpiStore ?? openDexieKpi)());
	const latest = async (request: number): Promise<boolean> => {
		newest = Math.max(newest, request);
		await new Promise((resolve) => setTimeout(resolve, 0));
		return request >= newest;
	};
	const needStore = (): TelemetryStore => {
		if (!store) throw new Error('The business worker has no telemetry store: call open(dbName) first.');
		return store;
	};
	const validTransactions = (items: unknown[]): BusinessTransaction[] =>
		items.flatMap((item) => {
			const parsed = parseTransaction(item);
			return parsed.ok ? [parsed.value] : [];
		});

	return {
		async open(dbName: string): Promise<void> {
			store = await (deps.openStore ?? openDexie)(dbName);
		},

		/** Spans per minute the draft matches in the range, samples, unmatched routes and overlaps. */
		async preview(request: number, req: PreviewRequest): Promise<PreviewReply> {
			if (!(await latest(request))) return { status: 'superseded' };
			const parsed = parseTransaction(req.draft);
			if (!parsed.ok) return { status: 'invalid', issues: parsed.issues };
			const others = validTransactions(req.others);
			const preview = new RulePreview({ draft: parsed.value, others, fromMs: req.fromMs, toMs: req.toMs, maxSamples: req.maxSamples });
			for await (const chunk of needStore().spanChunks({ fromMs: req.fromMs, toMs: req.toMs, ...spansNeeded([parsed.value, ...others]) })) {
				if (request < newest) return { status: 'superseded' };
				preview.addSpans(chunk);
			}
			return { status: 'done', result: preview.result() };
		},

		/** Rebuilds KPI windows over the range from stored spans; `onProgress` hears 0..1. */
		async reevaluate(request: number, req: ReevaluateRequest, onProgress?: (progress: ReevaluationProgress) => void): Promise<ReevaluateReply> {
			if (!(await latest(request))) return { status: 'superseded' };
			const full = BusinessModel.build(req.definitions);
			const part = req.changed ? full.subset(req.changed) : undefined;
			const model = part?.model ?? full;
			const level = req.level ?? '1m';
			const result = await reevaluateHistory({
				model,
				chunks: needStore().spanChunks({ fromMs: req.fromMs, toMs: req.toMs, ...spansNeeded(model.transactions) }),
				fromMs: req.fromMs,
				toMs: req.toMs,
				level,
				onProgress,
				isCancelled: () => request < newest
			});
			if (result.cancelled) return { status: 'superseded' };
			return {
				status: 'done',
				windows: Object.fromEntries(coarserLevels(result.windows, level)),
				counters: result.counters,
				chunks: result.chunks,
				issues: full.issues,
				...(part ? { affected: { targets: part.targets, conversions: part.conversions } } : {})
			};
		},

		/**
		 * Hands the current definitions to the KPI engine, starting it on the first call: it runs
		 * once the Web Lock `meridian-kpi-writer` is held (one tab at a time) until the worker
		 * ends, and posts its status on the BroadcastChannel `meridian-kpi` for every tab.
		 */
		async setDefinitions(definitions: BusinessDefinitions): Promise<void> {
			if (engine) {
				engine.setDefinitions(definitions);
				return;
			}
			const channel = deps.channel ?? (typeof BroadcastChannel === 'function' ? new BroadcastChannel(kpiChannelName) : undefined);
			const post = (status: EngineStatus) => {
				engineStatus = status;
				channel?.postMessage({ type: 'kpi-engine', status });
			};
			engine = new KpiEngine({ spans: needStore() as unknown as EngineSpans, windows: await needKpi(), onStatus: post });
			engine.setDefinitions(definitions);
			const run = () => engineLoop({ step: () => engine!.step(), status: () => engineStatus, post, idleMs: deps.idleMs ?? 1_000 });
			const locks = deps.locks ?? (globalThis.navigator as Navigator | undefined)?.locks;
			if (locks) void locks.request(kpiWriterLock, run);
			else void run();
		},

		/** This worker's engine status (undefined when another tab runs the engine). */
		engineStatus(): EngineStatus | undefined {
			return engineStatus;
		},

		/** KPI tiles and domain bars for a board, from the KPI window store. */
		async readBoard(query: BoardQuery): Promise<BoardAnswer> {
			reader ??= new BoardReader(await needKpi());
			return reader.read(query);
		},

		/** The path of a transaction or domain over sample traces; latest wins. */
		async path(request: number, query: PathQuery): Promise<{ status: 'done'; path: PathSummary } | Superseded> {
			newestPath = Math.max(newestPath, request);
			const path = await transactionPath(needStore(), query, () => request < newestPath);
			return path ? { status: 'done', path } : { status: 'superseded' };
		},

		/** Starts (or restarts, after a definition change) KPI windows for live spans; returns the issues. */
		startLive(definitions: BusinessDefinitions, level: RollupLevel = '1s'): BusinessIssue[] {
			const model = BusinessModel.build(definitions);
			live = new KpiAccumulator(model, { level });
			return model.issues;
		},

		/** Maps live spans; returns how many matched a business transaction. */
		addLiveSpans(spans: SpanRecord[]): number {
			if (!live) throw new Error('Call startLive(definitions) before addLiveSpans.');
			return live.addSpans(spans);
		},

		/** KPI window deltas since the last call (merge them into stored windows: windows.ts mergeInto). */
		takeLiveDeltas(): KpiWindowRecord[] {
			return live ? live.takeDeltas() : [];
		}
	};
}

export type BusinessApi = ReturnType<typeof createBusinessApi>;
