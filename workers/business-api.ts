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
}

async function openDexie(dbName: string): Promise<TelemetryStore> {
	const { DexieTelemetryStore } = await import('../src/lib/io/dexie-store');
	return new DexieTelemetryStore({ name: dbName });
}

export function createBusinessApi(deps: BusinessApiDeps = {}) {
	let store: TelemetryStore | undefined;
	let newest = 0;
	let live: KpiAccumulator | undefined;
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
			const transactionsOnly = [parsed.value, ...others].every((t) => (t.spans ?? 'transactions') !== 'all');
			for await (const chunk of needStore().spanChunks({ fromMs: req.fromMs, toMs: req.toMs, transactionsOnly })) {
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
			const transactionsOnly = model.transactions.every((t) => (t.spans ?? 'transactions') !== 'all');
			const level = req.level ?? '1m';
			const result = await reevaluateHistory({
				model,
				chunks: needStore().spanChunks({ fromMs: req.fromMs, toMs: req.toMs, transactionsOnly }),
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
