/**
 * The insights host: runs continuously in the writer tab's insight worker and turns what the
 * store holds into bands, anomalies, incidents (with causes and fired rules), breach
 * predictions, forecasts and load patterns, for every tab.
 *
 *   every cycle (10 s)   follow new span chunks and platform events; analyse each complete
 *                        10 s window (span rollups + metric frames + dependency calls) in time
 *                        order; close quiet incidents; predict breaches; analyse the open
 *                        incident (every `analyseEveryMs`); persist changed anomalies and
 *                        incidents; publish the snapshot
 *   every minute         save baselines of service, database and external series
 *   every 15 min         forecasts (next hour and day) of the overall and busiest services' load
 *   every hour           load patterns of the overall load; a changed labelling re-keys baselines
 *
 * A window is complete `settleMs` after its end (late spans merge for ~2 s; the rollup worker
 * checkpoints every 5 s). Start-up restores saved baselines and replays the last `warmupMs` of
 * stored windows (at most `maxWindowsPerCycle` per cycle, so a long catch-up yields). Span
 * chunks stored before the start but not yet in the rollup worker's checkpoint would read as
 * empty windows: cycles analyse no window until the checkpoint covers them (at most
 * `rollupWaitMs` after the start, then the host goes on with what is stored).
 */
import { clusterDays, dayKeyFromPatterns, type PatternResult } from '../../domain/insights/patterns';
import type { Forecaster } from '../../domain/insights/forecast/types';
import type { RuleDocument } from '../../domain/insights/rules/types';
import { analyseIncident } from '../../domain/insights/live/analysis';
import { predictBreaches, type BreachView } from '../../domain/insights/live/breaches';
import { InsightEngine, type EngineUpdate } from '../../domain/insights/live/engine';
import { forecastPlans, forecastSeries } from '../../domain/insights/live/forecast-plan';
import type { AnomalyRecord } from '../../domain/insights/live/incidents';
import { nodeRef, rollupRef, type SeriesRef } from '../../domain/insights/live/series-ref';
import { chartMs, chartOf, snapshotBounds, type ForecastEntry, type IncidentView, type InsightSnapshot, type ModelState, type PatternEntry, type StoredBaseline } from '../../domain/insights/live/snapshot';
import { OVERALL_KEY, serviceKey } from '../../domain/telemetry/series-key';
import type { SeriesFrame } from '../../domain/telemetry/frames';
import type { RollupLevel } from '../../domain/telemetry/levels';
import type { InsightHistoryStore } from './history-store';
import { EventLog, ResourceFacts, SpanFollower, windowObservations, type HostSource } from './host-inputs';

export interface InsightHostSource extends HostSource {
	seriesFrame(query: { fromMs: number; toMs: number; level: RollupLevel; keys: string[] }): Promise<SeriesFrame>;
}

export interface InsightHostOptions {
	source: InsightHostSource;
	history: InsightHistoryStore;
	publish(snapshot: InsightSnapshot): void;
	/** The relay-corrected clock (Unix ms). */
	now(): number;
	/** Rules to evaluate (built-ins and the valid user documents). */
	rules(): Promise<readonly RuleDocument[]>;
	/** Forecasters to backtest per series (with the neural one once loaded). */
	forecasters(): Promise<readonly Forecaster[]>;
	modelState(): ModelState;
	utcOffsetMinutes?: number;
	stepMs?: number;
	settleMs?: number;
	warmupMs?: number;
	rollupWaitMs?: number;
	maxWindowsPerCycle?: number;
	analyseEveryMs?: number;
	saveBaselinesEveryMs?: number;
	forecastEveryMs?: number;
	patternEveryMs?: number;
	/** Services (by load) whose request rate is forecast besides the overall. Default 5. */
	forecastServices?: number;
	maxSeries?: number;
}

const MINUTE = 60_000;
const persistedScopes = new Set(['overall', 'service', 'database', 'external']);

export class InsightHost {
	readonly #o: Required<Omit<InsightHostOptions, 'source' | 'history' | 'publish' | 'now' | 'rules' | 'forecasters' | 'modelState'>> & InsightHostOptions;
	#engine: InsightEngine;
	readonly #spans: SpanFollower;
	readonly #events = new EventLog();
	readonly #facts = new ResourceFacts();
	#processedToMs = NaN;
	#startedMs = 0;
	/** Last span chunk stored when the host started, while rollups may not cover it yet. */
	#awaitRolledChunkId: number | undefined;
	#lastCycleMs = 0;
	#lastAnalysisMs = -Infinity;
	#lastBaselineSaveMs = -Infinity;
	#lastForecastMs = -Infinity;
	#lastPatternMs = -Infinity;
	#lastResourcesMs = -Infinity;
	#breaches: BreachView[] = [];
	#forecasts: ForecastEntry[] = [];
	#patterns: PatternEntry | null = null;
	#incidents = new Map<string, IncidentView>();
	#caughtUp = false;

	constructor(options: InsightHostOptions) {
		this.#o = {
			utcOffsetMinutes: 0,
			stepMs: 10_000,
			settleMs: 8_000,
			warmupMs: 2 * 3_600_000,
			rollupWaitMs: 30_000,
			maxWindowsPerCycle: 360,
			analyseEveryMs: 30_000,
			saveBaselinesEveryMs: MINUTE,
			forecastEveryMs: 15 * MINUTE,
			patternEveryMs: 60 * MINUTE,
			forecastServices: 5,
			maxSeries: 1_000,
			...options
		};
		this.#dayKey = dayKeyFromPatterns(noPatterns, this.#o.utcOffsetMinutes);
		this.#engine = this.#newEngine();
		this.#spans = new SpanFollower(this.#o.stepMs);
	}

	/**
	 * Baselines are kept per day type (weekday, weekend, month end): by the calendar until the
	 * load patterns have clustered enough days, then by the patterns' labels (a calendar class
	 * takes the label its days most often had). Both speak the same day keys, so a new
	 * clustering re-labels days without forgetting what the slots learned.
	 */
	#dayKey = dayKeyFromPatterns(noPatterns);

	#newEngine(): InsightEngine {
		return new InsightEngine({
			stepMs: this.#o.stepMs,
			utcOffsetMinutes: this.#o.utcOffsetMinutes,
			maxSeries: this.#o.maxSeries,
			// 10 s points: about 50 points (8 min) of memory per slot once settled
			baseline: { alpha: 0.02, utcOffsetMinutes: this.#o.utcOffsetMinutes },
			dayKey: (timeMs) => this.#dayKey(timeMs)
		});
	}

	get engine(): InsightEngine {
		return this.#engine;
	}

	/** Restores saved baselines and positions the replay; call once before the first cycle. */
	async start(): Promise<void> {
		const nowMs = this.#o.now();
		this.#startedMs = nowMs;
		const step = this.#o.stepMs;
		this.#processedToMs = Math.floor((nowMs - this.#o.warmupMs) / step) * step;
		if (this.#o.source.readRolledChunkId) this.#awaitRolledChunkId = await this.#o.source.lastSpanChunkId();
		const snapshot = await this.#o.history.readSnapshot();
		if (snapshot?.patterns) this.#patterns = snapshot.patterns;
		if (snapshot?.forecasts) this.#forecasts = snapshot.forecasts;
		this.#dayKey = dayKeyFromPatterns(this.#patterns?.result ?? noPatterns, this.#o.utcOffsetMinutes);
		for (const saved of await this.#o.history.allBaselines()) {
			const ref = refOfStored(saved);
			if (ref && saved.stepMs === step) this.#engine.restore(ref, saved.state, saved.learnedToMs);
		}
		for (const inc of await this.#o.history.incidents({ limit: snapshotBounds.incidents })) this.#incidents.set(inc.id, inc);
	}

	/** One pass; never overlaps itself (the worker awaits it before scheduling the next). */
	async cycle(): Promise<InsightSnapshot> {
		const began = Date.now();
		const nowMs = this.#o.now();
		const step = this.#o.stepMs;
		if (nowMs - this.#lastResourcesMs >= 5 * MINUTE) {
			this.#facts.update(await this.#o.source.resources({ sinceMs: nowMs - 3_600_000 }));
			this.#lastResourcesMs = nowMs;
		}
		await this.#spans.follow(this.#o.source, this.#processedToMs - step, nowMs);
		await this.#events.read(this.#o.source, this.#processedToMs - 30 * MINUTE, nowMs - 2_000);
		const graph = this.#spans.refreshGraph(nowMs, this.#facts.hostOfService);

		if (this.#awaitRolledChunkId !== undefined) {
			const rolled = (await this.#o.source.readRolledChunkId?.()) ?? Infinity;
			if (rolled >= this.#awaitRolledChunkId || nowMs - this.#startedMs >= this.#o.rollupWaitMs) this.#awaitRolledChunkId = undefined;
		}
		const lastComplete = Math.floor((nowMs - this.#o.settleMs) / step) * step - step;
		const toMs =
			this.#awaitRolledChunkId !== undefined ? this.#processedToMs : Math.min(lastComplete + step, this.#processedToMs + this.#o.maxWindowsPerCycle * step);
		const anomalies = new Map<string, AnomalyRecord>();
		const changed = new Set<string>();
		if (toMs > this.#processedToMs) {
			this.#spans.fold.dropBefore(this.#processedToMs);
			const windows = await windowObservations({ source: this.#o.source, fromMs: this.#processedToMs, toMs, stepMs: step, facts: this.#facts, fold: this.#spans.fold });
			for (const w of windows) {
				this.#apply(this.#engine.observe(w.observations, w.startMs + step), anomalies, changed);
				this.#apply(this.#engine.tick(w.startMs + step), anomalies, changed);
			}
			this.#processedToMs = toMs;
		}
		this.#caughtUp = this.#processedToMs >= lastComplete;
		const analysisNow = this.#processedToMs;

		// the open incident's analysis, and a last one for incidents that just closed
		const open = this.#engine.incidents.open;
		const due = [...changed].map((id) => this.#incidents.get(id)).filter((i): i is IncidentView => !!i && (i.endMs !== null || !i.analysis));
		if (open && (analysisNow - this.#lastAnalysisMs >= this.#o.analyseEveryMs || !this.#incidents.get(open.id)?.analysis)) due.push(this.#incidents.get(open.id)!);
		if (due.length > 0) {
			const rules = await this.#o.rules();
			const events = [...this.#events.events(analysisNow - 30 * MINUTE), ...this.#spans.fold.events(analysisNow - 30 * MINUTE)];
			for (const inc of new Set(due)) {
				if (!inc) continue;
				const analysis = analyseIncident({ incident: inc, series: this.#engine.series, graph, events, rules, nowMs: inc.endMs ?? analysisNow, stepMs: step });
				this.#incidents.set(inc.id, { ...inc, analysis });
				changed.add(inc.id);
			}
			this.#lastAnalysisMs = analysisNow;
		}
		this.#breaches = predictBreaches(this.#engine.series.values(), { nowMs: analysisNow }).slice(0, snapshotBounds.breaches);

		await this.#o.history.putAnomalies([...anomalies.values()]);
		await this.#o.history.putIncidents([...changed].map((id) => this.#incidents.get(id)!).filter(Boolean));
		this.#trimIncidents();
		if (nowMs - this.#lastBaselineSaveMs >= this.#o.saveBaselinesEveryMs) {
			await this.#saveBaselines(nowMs);
			this.#lastBaselineSaveMs = nowMs;
		}
		if (this.#caughtUp && nowMs - this.#lastPatternMs >= this.#o.patternEveryMs) {
			this.#lastPatternMs = nowMs;
			await this.#updatePatterns(nowMs);
		}
		if (this.#caughtUp && nowMs - this.#lastForecastMs >= this.#o.forecastEveryMs) {
			this.#lastForecastMs = nowMs;
			await this.#updateForecasts(nowMs);
		}
		this.#lastCycleMs = Date.now() - began;
		const snapshot = this.snapshot(nowMs);
		await this.#o.history.writeSnapshot(snapshot);
		this.#o.publish(snapshot);
		return snapshot;
	}

	#apply(update: EngineUpdate, anomalies: Map<string, AnomalyRecord>, changed: Set<string>): void {
		for (const a of [...update.opened, ...update.closed]) anomalies.set(a.id, a);
		for (const inc of [update.incidentOpened, update.incidentChanged, update.incidentClosed]) {
			if (!inc) continue;
			const previous = this.#incidents.get(inc.id);
			this.#incidents.set(inc.id, { ...inc, anomalyIds: [...inc.anomalyIds], services: [...inc.services], ...(previous?.analysis ? { analysis: previous.analysis } : {}) });
			changed.add(inc.id);
		}
	}

	#trimIncidents(): void {
		const keep = [...this.#incidents.values()].sort((a, b) => b.startMs - a.startMs).slice(0, snapshotBounds.incidents);
		this.#incidents = new Map(keep.map((i) => [i.id, i]));
	}

	async #saveBaselines(nowMs: number): Promise<void> {
		const saved: StoredBaseline[] = [];
		for (const s of this.#engine.series.values()) {
			if (!persistedScopes.has(s.ref.scope) || s.learned === 0) continue;
			saved.push({
				id: s.ref.id,
				metric: s.ref.metric,
				stepMs: this.#o.stepMs,
				state: s.baseline.toState(),
				learnedToMs: s.lastMs,
				updatedMs: nowMs,
				patterns: this.#patterns?.result ?? noPatterns
			});
		}
		await this.#o.history.putBaselines(saved);
	}

	async #updatePatterns(nowMs: number): Promise<void> {
		const fromMs = Math.floor((nowMs - 30 * 24 * 3_600_000) / 3_600_000) * 3_600_000;
		const frame = await this.#o.source.seriesFrame({ level: '1h', fromMs, toMs: nowMs, keys: [OVERALL_KEY] });
		const values = frame.series[OVERALL_KEY].tps.map((v) => v ?? NaN);
		const result = clusterDays(frame.xsSec.map((x) => x * 1000), values, { utcOffsetMinutes: this.#o.utcOffsetMinutes });
		this.#patterns = { seriesId: `requests.rate@${OVERALL_KEY}`, computedMs: nowMs, result };
		this.#dayKey = dayKeyFromPatterns(result, this.#o.utcOffsetMinutes);
	}

	async #updateForecasts(nowMs: number): Promise<void> {
		const level: RollupLevel = '1m';
		const fromMs = Math.floor((nowMs - 7 * 24 * 3_600_000) / MINUTE) * MINUTE;
		const toMs = Math.floor(nowMs / MINUTE) * MINUTE;
		const busiest = [...this.#engine.series.values()]
			.filter((s) => s.ref.scope === 'service' && s.ref.metric === 'requests.rate')
			.map((s) => ({ service: s.ref.service!, rate: s.latest()?.expected ?? 0 }))
			.sort((a, b) => b.rate - a.rate || a.service.localeCompare(b.service))
			.slice(0, this.#o.forecastServices);
		const keys = [OVERALL_KEY, ...busiest.map((b) => serviceKey(b.service))];
		const frame = await this.#o.source.seriesFrame({ level, fromMs, toMs, keys });
		const forecasters = await this.#o.forecasters();
		const entries: ForecastEntry[] = [];
		for (const key of keys) {
			const values = frame.series[key].tps.map((v) => v ?? NaN);
			const lastMs = (frame.xsSec[frame.xsSec.length - 1] ?? toMs / 1000) * 1000;
			const outcomes = [];
			for (const plan of forecastPlans(MINUTE)) outcomes.push(await forecastSeries({ values, lastMs, inputStepMs: MINUTE, plan, forecasters }));
			entries.push({ seriesId: `requests.rate@${key}`, computedMs: nowMs, outcomes });
		}
		this.#forecasts = entries.slice(0, snapshotBounds.forecasts);
	}

	/** Forecasts now, instead of waiting for the next quarter hour (after the model loads). */
	requestForecasts(): void {
		this.#lastForecastMs = -Infinity;
	}

	snapshot(nowMs: number): InsightSnapshot {
		const chartFrom = this.#processedToMs - chartMs;
		const open = this.#engine.openAnomalies();
		return {
			atMs: nowMs,
			status: {
				phase: this.#caughtUp ? 'running' : 'warming',
				startedMs: this.#startedMs,
				processedToMs: this.#processedToMs,
				stepMs: this.#o.stepMs,
				series: this.#engine.series.size,
				refusedSeries: this.#engine.refusedSeries,
				model: this.#o.modelState(),
				lastCycleMs: this.#lastCycleMs
			},
			anomalies: open.slice(0, snapshotBounds.anomalies).map((a) => {
				const s = this.#engine.series.get(a.seriesId);
				return s ? { ...a, chart: chartOf(s, chartFrom) } : a;
			}),
			recentAnomalies: [...this.#engine.closedAnomalies()].reverse().slice(0, snapshotBounds.recentAnomalies),
			incidents: [...this.#incidents.values()].sort((a, b) => b.startMs - a.startMs),
			breaches: this.#breaches,
			forecasts: this.#forecasts,
			patterns: this.#patterns
		};
	}
}

/** Load patterns before any day was clustered: day types by the calendar alone. */
export const noPatterns: PatternResult = { k: 0, silhouette: 0, scale: 1, groups: [], days: [] };

/** The series a saved baseline belongs to, from its id. */
export function refOfStored(saved: StoredBaseline): SeriesRef | undefined {
	const at = saved.id.indexOf('@');
	if (at < 0) return undefined;
	const metric = saved.id.slice(0, at);
	const scopeKey = saved.id.slice(at + 1);
	if (scopeKey.startsWith('db:')) return nodeRef(metric, 'database', scopeKey);
	if (scopeKey.startsWith('ext:')) return nodeRef(metric, 'external', scopeKey);
	if (scopeKey.startsWith('host:')) return nodeRef(metric, 'host', scopeKey);
	return rollupRef(metric, scopeKey);
}
