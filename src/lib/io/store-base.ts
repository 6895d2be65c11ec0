/**
 * The read-side logic both stores share: frames, summaries and settings are built by pure
 * domain functions from a few primitive reads that each store implements.
 */
import type { RollupLevel } from '../domain/telemetry/levels';
import { partOfKind, partsOfKeys, type RollupPart } from '../domain/telemetry/rollup-parts';
import { buildSeriesFrame, summarise, summaryLevel, type SeriesFrame, type SeriesSummary } from '../domain/telemetry/frames';
import { buildMetricFrame, type MetricFrame } from '../domain/telemetry/metric-frame';
import { applySettingsPatch, normaliseSettings, type Settings, type SettingsPatch } from '../domain/telemetry/settings';
import type { GapRecord, MetricRollupRecord, MetricSeriesDescriptor, RollupWindowRecord } from '../domain/telemetry/types';
import type { MetricFrameQuery, RangeQuery, SeriesFrameQuery, SummaryQuery } from './telemetry-store';

export interface StoreClock {
	/** Unix ms; tests pass a fixed clock. */
	now(): number;
}

export abstract class StoreReads {
	protected readonly clock: StoreClock;

	constructor(clock?: StoreClock) {
		this.clock = clock ?? { now: () => Date.now() };
	}

	abstract rollupWindows(query: RangeQuery & { level: RollupLevel; parts?: RollupPart[] }): Promise<RollupWindowRecord[]>;
	abstract gaps(query: RangeQuery): Promise<GapRecord[]>;
	abstract metricSeries(query?: { name?: string; service?: string }): Promise<MetricSeriesDescriptor[]>;
	/** Metric windows of the level; with `name`, only series of that metric need be read. */
	protected abstract metricRollupWindows(query: RangeQuery & { level: RollupLevel; name?: string }): Promise<MetricRollupRecord[]>;
	/** Earliest stored window start of a level, undefined when none. */
	protected abstract firstRollupStartMs(level: RollupLevel): Promise<number | undefined>;
	protected abstract readMeta<T>(key: string): Promise<T | undefined>;
	protected abstract writeMeta(key: string, value: unknown): Promise<void>;

	async seriesFrame(query: SeriesFrameQuery): Promise<SeriesFrame> {
		const [records, gaps, collectedFromMs] = await Promise.all([
			this.rollupWindows({ level: query.level, fromMs: query.fromMs, toMs: query.toMs, parts: partsOfKeys(query.keys) }),
			this.gaps(query),
			this.firstRollupStartMs(query.level)
		]);
		return buildSeriesFrame({ ...query, records, gaps, collectedFromMs, nowMs: this.clock.now() });
	}

	async summaries(query: SummaryQuery): Promise<SeriesSummary[]> {
		const level = query.level ?? summaryLevel(query.fromMs, query.toMs);
		const records = await this.rollupWindows({ level, fromMs: query.fromMs, toMs: query.toMs, parts: [partOfKind(query.kind)] });
		return summarise(records, query);
	}

	async metricFrame(query: MetricFrameQuery): Promise<MetricFrame> {
		const descriptors = (await this.metricSeries({ name: query.name, service: query.service })).filter(
			(d) => query.resourceId === undefined || d.resourceId === query.resourceId
		);
		const records = await this.metricRollupWindows(query);
		return buildMetricFrame({ ...query, records, descriptors });
	}

	async readViewDoc<T>(key: string): Promise<T | undefined> {
		return this.readMeta<T>(`view:${key}`);
	}

	async writeViewDoc(key: string, value: unknown): Promise<void> {
		await this.writeMeta(`view:${key}`, value);
	}

	async getSettings(): Promise<Settings> {
		return normaliseSettings(await this.readMeta('settings'));
	}

	async updateSettings(patch: SettingsPatch): Promise<Settings> {
		const next = applySettingsPatch(await this.getSettings(), patch);
		await this.writeMeta('settings', next);
		return next;
	}
}

/** Notices kept in meta (newest first). */
export const maxStoredNotices = 20;
