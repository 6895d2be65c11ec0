/**
 * Keeps the KPI window store (src/lib/io/kpi) in step with the telemetry store and the
 * business definitions. One tab runs it (the business worker holding the Web Lock
 * `meridian-kpi-writer`); every tab reads the windows it writes.
 *
 * Each `step()` does one of:
 * - definitions differ from the ones the windows were computed with: re-evaluate history
 *   (the last `historyMs`, whole hours) from span chunks up to the store's cursor, only the
 *   part the change affects (changes.ts, BusinessModel.subset), and replace those targets
 *   (or the windows whole, when the part is every target: the old windows are not read);
 *   cancelled between chunks when the definitions change again
 * - otherwise: follow span chunks written after the cursor (at most `maxChunksPerStep`),
 *   map them, and merge the 1 min and 1 h deltas with the new cursor in one transaction,
 *   so every chunk counts exactly once across reloads.
 *
 * Rule rows (domain/business/rule-rows.ts): the engine also keeps every transaction span it
 * reads as rule rows in the KPI window store, written with the windows and a rows cursor
 * (`rowsChunkId`) when a record fills, once every `rowsWriteMs` (a minute) and before a
 * re-evaluation reads them: the open records are not rewritten every second. On start the
 * engine reads the chunks after the rows cursor again into its open records. A
 * re-evaluation reads rows instead of spans when they cover its range and the definitions
 * read only what rows hold (`rowsServe`); otherwise it reads spans, and when rows did not
 * cover, builds them from those spans (reading every transaction, not only entries), so
 * the next change reads rows. The first evaluation builds none: the first change does.
 *
 * Limits: windows older than `historyMs` keep the figures of the definitions they were made
 * with (their raw spans are gone); conversion journeys in flight are forgotten when the
 * engine restarts or the definitions change.
 */
import { KpiAccumulator } from '../src/lib/domain/business/accumulator';
import { definitionChange, definitionsKey, isNoChange } from '../src/lib/domain/business/changes';
import { reevaluateHistory } from '../src/lib/domain/business/history';
import { rowsServe } from '../src/lib/domain/business/rows-serve';
import { BusinessModel } from '../src/lib/domain/business/model';
import type { BusinessDefinitions, BusinessTransaction } from '../src/lib/domain/business/types';
import type { BusinessIssue } from '../src/lib/domain/business/validate';
import { coarsenKpiWindows, coarserLevels, type KpiWindowRecord } from '../src/lib/domain/business/windows';
import type { SpanRecord } from '../src/lib/protocol/records';
import type { KpiWindowState, KpiWindowStore, RowKind } from '../src/lib/io/kpi/kpi-window-store';
import { RuleRowsWriter } from '../src/lib/io/kpi/rule-rows-writer';
import type { SpanFollowOptions } from '../src/lib/io/telemetry-store';

export interface EngineSpans {
	spanChunks(query: { fromMs: number; toMs: number; maxChunkId?: number } & SpanFollowOptions): AsyncIterable<SpanRecord[]>;
	spanChunksAfter(afterChunkId: number, options?: SpanFollowOptions): AsyncIterable<{ id: number; spans: SpanRecord[] }>;
	lastSpanChunkId(): Promise<number>;
}

/**
 * The spans mapping rules of these scopes can match: entry spans alone when every rule is
 * entry-scoped (the store's entry chunks, about a twentieth of the spans), transactions when
 * none takes every span, else every span.
 */
export function spansNeeded(transactions: readonly Pick<BusinessTransaction, 'spans'>[]): SpanFollowOptions {
	if (transactions.every((t) => t.spans === 'entry')) return { entriesOnly: true };
	return transactions.every((t) => (t.spans ?? 'transactions') !== 'all') ? { transactionsOnly: true } : {};
}

/** What rows are built from: every transaction (rows serve entry-only and transaction rule sets alike), or every span. */
function spansForRows(needed: SpanFollowOptions): SpanFollowOptions {
	return needed.entriesOnly || needed.transactionsOnly ? { transactionsOnly: true } : {};
}

export interface EngineStatus {
	phase: 'waiting' | 'reevaluating' | 'live';
	/** Re-evaluation progress, 0..1. */
	fraction: number;
	/** Transactions being re-evaluated (empty = all). */
	transactions: string[];
	chunkId: number;
	issues: BusinessIssue[];
	/** What the last re-evaluation read: rule rows or spans. */
	source?: 'rows' | 'spans';
	/** Why the last step failed (set by the worker that runs the engine; cleared by the next status). */
	error?: string;
}

export interface EngineOptions {
	spans: EngineSpans;
	windows: KpiWindowStore;
	now?: () => number;
	/** Default 24 h. */
	historyMs?: number;
	/** Default 100 chunks (100,000 spans) per step. */
	maxChunksPerStep?: number;
	/** How often the open rule-rows records are written; default 60 s. */
	rowsWriteMs?: number;
	onStatus?: (status: EngineStatus) => void;
}

const hourMs = 3_600_000;

export class KpiEngine {
	private pending: BusinessDefinitions | undefined;
	private generation = 0;
	private live: { key: string; acc: KpiAccumulator; spans: SpanFollowOptions; rows: boolean } | undefined;
	private readonly rows = new RuleRowsWriter();
	/** True once the open rows records hold every chunk after the stored rows cursor. */
	private rowsCurrent = false;
	private rowsWrittenMs = -Infinity;
	private status: EngineStatus = { phase: 'waiting', fraction: 0, transactions: [], chunkId: 0, issues: [] };

	constructor(private readonly options: EngineOptions) {}

	setDefinitions(defs: BusinessDefinitions): void {
		this.pending = defs;
		this.generation++;
	}

	private publish(patch: Partial<EngineStatus>): void {
		this.status = { ...this.status, ...patch };
		this.options.onStatus?.(this.status);
	}

	/** One step; true when it did work (call again at once), false when idle. */
	async step(): Promise<boolean> {
		const defs = this.pending;
		if (!defs) return false;
		const key = definitionsKey(defs);
		const state = await this.options.windows.readState();
		if (!state || state.definitionsKey !== key) {
			await this.reevaluate(defs, key, state);
			return true;
		}
		if (this.live?.key !== key) {
			const model = BusinessModel.build(defs);
			const needed = spansNeeded(model.transactions);
			// rows are kept while they cover from somewhere: then every transaction is read
			const rows = state.rowsFromMs !== undefined;
			this.live = { key, acc: new KpiAccumulator(model, { level: '1m' }), spans: rows ? spansForRows(needed) : needed, rows };
			this.publish({ issues: model.issues });
		}
		if (this.live.rows && !this.rowsCurrent) await this.readRowsAgain(state);
		const acc = this.live.acc;
		const max = this.options.maxChunksPerStep ?? 100;
		let last = state.chunkId;
		let n = 0;
		// chunks without spans of the needed kind are skipped: `last` may stay below the newest id
		for await (const chunk of this.options.spans.spanChunksAfter(state.chunkId, this.live.spans)) {
			acc.addSpans(chunk.spans);
			if (this.live.rows) this.rows.add(chunk.spans);
			last = chunk.id;
			if (++n >= max) break;
		}
		if (last === state.chunkId) {
			if (this.status.phase !== 'live') this.publish({ phase: 'live', fraction: 1, transactions: [], chunkId: last });
			return false;
		}
		const minutes = acc.takeDeltas();
		const writeRows = this.live.rows && (this.rows.pendingFull > 0 || this.now() - this.rowsWrittenMs >= (this.options.rowsWriteMs ?? 60_000));
		await this.commit([...minutes, ...coarsenKpiWindows(minutes, '1h')], { ...state, chunkId: last }, writeRows);
		this.publish({ phase: 'live', fraction: 1, transactions: [], chunkId: last });
		return n >= max;
	}

	/** After a start: the chunks counted in the windows but not yet in stored rows go into the open rows records. */
	private async readRowsAgain(state: KpiWindowState): Promise<void> {
		const from = state.rowsChunkId ?? state.chunkId;
		if (from < state.chunkId) {
			for await (const chunk of this.options.spans.spanChunksAfter(from, { transactionsOnly: true })) {
				if (chunk.id > state.chunkId) break;
				this.rows.add(chunk.spans);
			}
		}
		this.rowsCurrent = true;
	}

	/** Writes the open rows records, so the stored rows hold every chunk up to the windows' cursor. */
	private async writeRows(state: KpiWindowState): Promise<void> {
		if (!this.rowsCurrent) await this.readRowsAgain(state);
		await this.commit([], state, true);
	}

	/** Merges window deltas with the state; with `withRows`, also the rows records, moving the rows cursor to the state's. */
	private async commit(deltas: KpiWindowRecord[], state: KpiWindowState, withRows: boolean): Promise<void> {
		const nowMs = this.now();
		const rows = withRows ? this.rows.take(true) : [];
		this.rows.written(await this.options.windows.merge(deltas, withRows ? { ...state, rowsChunkId: state.chunkId } : state, nowMs, rows));
		if (withRows) this.rowsWrittenMs = nowMs;
	}

	/** Passes chunks through, telling `seen` the end time of each chunk's first span (chunks come oldest first). */
	private async *firstSeen(chunks: AsyncIterable<SpanRecord[]>, seen: (endMs: number) => void): AsyncIterable<SpanRecord[]> {
		for await (const chunk of chunks) {
			if (chunk.length > 0) seen((chunk[0].startUs + chunk[0].durationUs) / 1000);
			yield chunk;
		}
	}

	private now(): number {
		return (this.options.now ?? Date.now)();
	}

	private async reevaluate(defs: BusinessDefinitions, key: string, state: KpiWindowState | undefined): Promise<void> {
		const generation = this.generation;
		const nowMs = this.now();
		const fromMs = Math.floor((nowMs - (this.options.historyMs ?? 24 * hourMs)) / hourMs) * hourMs;
		// whole hours, so the 1 h windows of the range are complete
		const toMs = Math.floor(nowMs / hourMs) * hourMs + 2 * hourMs;
		const full = BusinessModel.build(defs);
		const change = state ? definitionChange(state.definitions, defs) : undefined;
		const next: KpiWindowState = { definitionsKey: key, definitions: defs, chunkId: state?.chunkId ?? 0, coveredFromMs: state?.coveredFromMs ?? fromMs, ...(state?.rowsFromMs !== undefined ? { rowsFromMs: state.rowsFromMs, rowsChunkId: state.rowsChunkId } : {}) };
		this.live = undefined;
		if (state && change && isNoChange(change)) {
			await this.options.windows.merge([], next, nowMs);
			this.publish({ issues: full.issues });
			return;
		}
		const maxChunkId = state ? state.chunkId : await this.options.spans.lastSpanChunkId();
		next.chunkId = maxChunkId;
		const part = change ? full.subset(change) : undefined;
		const model = part?.model ?? full;
		this.publish({ phase: 'reevaluating', fraction: 0, transactions: change?.transactions ?? [], issues: full.issues });
		let firstSpanMs = nowMs;
		const needed = spansNeeded(model.transactions);
		const fromRows = state?.rowsFromMs !== undefined && state.rowsFromMs <= fromMs && rowsServe(model) && (needed.entriesOnly || needed.transactionsOnly);
		// the rows read must hold every chunk up to the cursor
		if (fromRows && state && (state.rowsChunkId ?? -1) < state.chunkId) {
			await this.writeRows(state);
			next.rowsChunkId = state.chunkId;
		}
		// rows that do not cover are built from the spans this run reads; not by the first
		// evaluation, which then reads no more than the definitions need while a fresh device
		// fills its stores: the first definition change builds them
		const buildRows = !fromRows && state !== undefined && state.rowsFromMs === undefined;
		if (buildRows) {
			await this.options.windows.clearRows();
			this.rows.reset();
			this.rowsCurrent = true;
		}
		const kinds: RowKind[] = needed.entriesOnly ? ['entry'] : ['entry', 'inner'];
		const spans = () => this.firstSeen(this.options.spans.spanChunks({ fromMs, toMs, ...(buildRows ? spansForRows(needed) : needed), maxChunkId }), (ms) => (firstSpanMs = Math.min(firstSpanMs, ms)));
		const result = await reevaluateHistory({
			model,
			...(fromRows ? { rows: this.options.windows.ruleRows(kinds, fromMs) } : { chunks: buildRows ? this.writingRows(spans()) : spans() }),
			fromMs,
			toMs,
			level: '1m',
			onProgress: (p) => this.publish({ fraction: p.fraction }),
			isCancelled: () => this.generation !== generation
		});
		if (buildRows && !result.cancelled) {
			this.rows.written(await this.options.windows.putRows(this.rows.take(true)));
			this.rowsWrittenMs = this.now();
			next.rowsFromMs = fromMs;
			next.rowsChunkId = maxChunkId;
		}
		if (result.cancelled) return;
		// a first evaluation covers from the oldest span held: earlier windows were never collected
		if (!state) next.coveredFromMs = Math.max(fromMs, Math.floor(firstSpanMs / 60_000) * 60_000);
		const levels = coarserLevels(result.windows, '1m');
		await this.options.windows.replace({
			fresh: { '1m': levels.get('1m') ?? [], '1h': levels.get('1h') ?? [] },
			fromMs,
			toMs,
			// a change that re-evaluates every target replaces the stored windows whole: none of
			// them is read, and targets of definitions no longer there go with them
			affected: part && !part.all ? { targets: part.targets, conversions: part.conversions } : undefined,
			state: next
		});
		this.publish({ phase: 'live', fraction: 1, chunkId: maxChunkId, source: fromRows ? 'rows' : 'spans' });
	}

	/** Passes chunks through, writing the rule-rows records they fill as they fill. */
	private async *writingRows(chunks: AsyncIterable<SpanRecord[]>): AsyncIterable<SpanRecord[]> {
		for await (const chunk of chunks) {
			this.rows.add(chunk);
			if (this.rows.pendingFull > 0) await this.options.windows.putRows(this.rows.take(false));
			yield chunk;
		}
	}
}
