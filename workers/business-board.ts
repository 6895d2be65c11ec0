/**
 * Board readings in the business worker: KPI tiles and domain bars from the KPI window
 * store (board-read.ts), and the path of a transaction or domain from sample traces.
 *
 * Window cache: a board asks once a second. Windows of a range are read whole once, then
 * only the last `liveTailMs` (10 min: live merges and late spans land there) is read again
 * each time; everything is read again every `fullRefreshMs` (5 min: conversions credit
 * older windows) and when the stored definitions change (a re-evaluation replaced them).
 * Bound: the cache holds the ranges of the last read only.
 */
import { boardRange, domainBars, kpiTile, neededRanges, seriesLevel, type BoardRange, type DomainBar, type KpiTile } from '../src/lib/domain/business/board-read';
import type { TimeRange } from '../src/lib/domain/business/evaluate';
import { definitionsKey } from '../src/lib/domain/business/changes';
import { BusinessModel } from '../src/lib/domain/business/model';
import { summarisePaths, type PathSummary } from '../src/lib/domain/business/path-summary';
import type { BusinessDefinitions, KpiScope, SimpleMeasure } from '../src/lib/domain/business/types';
import type { KpiWindowRecord } from '../src/lib/domain/business/windows';
import { analyzeTrace } from '../src/lib/domain/trace/analyze';
import type { SpanRecord } from '../src/lib/protocol/records';
import type { KpiWindowStore, StoredKpiLevel } from '../src/lib/io/kpi/kpi-window-store';
import type { SpanFollowOptions } from '../src/lib/io/telemetry-store';
import { spansNeeded } from './business-engine';

export interface BoardQuery {
	definitions: BusinessDefinitions;
	range: BoardRange;
	nowMs: number;
	kpiIds: string[];
	/** Bars by domain, by widget id. */
	bars: { id: string; measure: SimpleMeasure }[];
}

export interface BoardAnswer {
	range: TimeRange;
	tiles: Record<string, KpiTile>;
	bars: Record<string, DomainBar[]>;
	/** Windows exist from this time on (earlier ranges read as not collected). */
	coveredFromMs: number;
	/** The stored windows were computed with other definitions (a re-evaluation is due or running). */
	stale: boolean;
}

const liveTailMs = 600_000;
const fullRefreshMs = 300_000;

interface CachedRange {
	windows: Map<number, KpiWindowRecord>;
	readAtMs: number;
}

export class BoardReader {
	private cache = new Map<string, CachedRange>();
	private cacheKey = '';

	constructor(private readonly store: KpiWindowStore) {}

	private async windowsOf(level: StoredKpiLevel, range: TimeRange, nowMs: number, used: Map<string, CachedRange>): Promise<KpiWindowRecord[]> {
		const key = `${level}:${range.fromMs}:${range.toMs}`;
		let entry = this.cache.get(key);
		if (!entry || nowMs - entry.readAtMs > fullRefreshMs) {
			entry = { windows: new Map((await this.store.windows(level, range.fromMs, range.toMs)).map((w) => [w.startMs, w])), readAtMs: nowMs };
		} else if (range.toMs > nowMs - liveTailMs) {
			const fromMs = Math.max(range.fromMs, nowMs - liveTailMs);
			for (const w of await this.store.windows(level, fromMs, range.toMs)) entry.windows.set(w.startMs, w);
		}
		used.set(key, entry);
		return [...entry.windows.values()];
	}

	async read(query: BoardQuery): Promise<BoardAnswer> {
		const state = await this.store.readState();
		const stateKey = state?.definitionsKey ?? '';
		if (stateKey !== this.cacheKey) {
			this.cache.clear();
			this.cacheKey = stateKey;
		}
		const range = boardRange(query.range, query.nowMs);
		const used = new Map<string, CachedRange>();
		const minutes: KpiWindowRecord[] = [];
		for (const r of neededRanges(range)) minutes.push(...(await this.windowsOf('1m', r, query.nowMs, used)));
		const level = seriesLevel(range).level;
		const seriesWindows = level === '1m' ? minutes : await this.windowsOf('1h', range, query.nowMs, used);
		this.cache = used;
		const coveredFromMs = state?.coveredFromMs ?? Infinity;
		const [, yesterday, lastWeek] = neededRanges(range);
		const comparisons = { yesterday: yesterday.fromMs >= coveredFromMs, lastWeek: lastWeek.fromMs >= coveredFromMs };
		const model = BusinessModel.build(query.definitions);
		const tiles: Record<string, KpiTile> = {};
		for (const id of query.kpiIds) {
			const kpi = model.kpis.find((k) => k.id === id);
			if (kpi) tiles[id] = kpiTile(kpi, range, { minutes, seriesWindows, comparisons });
		}
		const bars: Record<string, DomainBar[]> = {};
		for (const b of query.bars) bars[b.id] = domainBars(model.domains, b.measure, minutes, range);
		return { range, tiles, bars, coveredFromMs, stale: stateKey !== definitionsKey(query.definitions) };
	}
}

export interface PathSource {
	spanChunks(query: { fromMs: number; toMs: number } & SpanFollowOptions): AsyncIterable<SpanRecord[]>;
	traceSpans(traceId: string): Promise<SpanRecord[]>;
}

export interface PathQuery {
	definitions: BusinessDefinitions;
	scope: KpiScope;
	fromMs: number;
	toMs: number;
	/** Default 20 traces: the newest matched ones in the range. */
	maxTraces?: number;
}

/** The scope's path over the newest matched traces in the range (each trace read whole, analysed, averaged). */
export async function transactionPath(source: PathSource, query: PathQuery, isCancelled: () => boolean = () => false): Promise<PathSummary | undefined> {
	const model = BusinessModel.build(query.definitions);
	const wanted = new Set(
		model.transactions
			.map((t, i) => ({ t, i }))
			.filter(({ t }) => (query.scope.kind === 'domain' ? t.domainId === query.scope.domainId : t.id === query.scope.transactionId))
			.map(({ i }) => i)
	);
	if (wanted.size === 0) return summarisePaths([]);
	const max = query.maxTraces ?? 20;
	const out = new Int32Array(model.matcher.size);
	// newest last: a ring of the last `max` matched trace ids
	const traces: string[] = [];
	for await (const chunk of source.spanChunks({ fromMs: query.fromMs, toMs: query.toMs, ...spansNeeded(model.transactions) })) {
		if (isCancelled()) return undefined;
		for (const span of chunk) {
			const n = model.matcher.matchInto(span, out);
			for (let m = 0; m < n; m++) {
				if (!wanted.has(out[m])) continue;
				if (!traces.includes(span.traceId)) {
					traces.push(span.traceId);
					if (traces.length > max) traces.shift();
				}
				break;
			}
		}
	}
	const breakdowns = [];
	for (const id of traces) {
		if (isCancelled()) return undefined;
		const spans = await source.traceSpans(id);
		if (spans.length > 0) breakdowns.push(analyzeTrace(spans).breakdown);
	}
	return summarisePaths(breakdowns);
}
