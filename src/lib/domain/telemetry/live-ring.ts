/**
 * The last `liveWindowCount` (300) seconds held in memory by the rollup worker, from which
 * the once-a-second LiveSnapshot is built without touching IndexedDB.
 *
 *   ... | frozen detail dropped | per-service detail (last 90 s) | settling (2 s) | now
 *       ^ completeSec - 299                                   completeSec ^
 *
 * Every second keeps its overall stats (one sketch); per-service stats and instance names
 * are kept for the last `detailSeconds` only (the service table needs the last minute).
 * Memory bound: 300 overall sketches + 90 x (services <= SeriesBudget.maxServices) sketches.
 * Late spans for a second still in the ring merge into it; older ones only reach the store.
 */
import type { ConnectionStatus, IngestStatus, LiveColumns, LiveFigures, LiveServiceRow, LiveSnapshot } from './live-snapshot';
import { liveWindowCount } from './live-snapshot';
import type { LevelWindows } from './rollup';
import { OVERALL_KEY, parseSeriesKey } from './series-key';
import { SpanStats, figuresOf } from './span-stats';
import type { GapRecord, RollupWindowRecord, StorageNotice } from './types';

/** A second is complete once the clock is this far past its end (spans export late). */
export const defaultSettleMs = 2_000;
export const detailSeconds = 90;

interface Second {
	overall: SpanStats;
	services: Map<string, SpanStats> | undefined;
	instances: Map<string, Set<string>> | undefined;
	activeOverall?: number;
	activeServices?: Map<string, number>;
}

export interface SnapshotInputs {
	nowMs: number;
	settleMs?: number;
	connection: ConnectionStatus;
	ingest: IngestStatus;
	gaps: GapRecord[];
	notices: StorageNotice[];
}

export class LiveRing {
	private readonly seconds = new Map<number, Second>();
	private collectedFromSec = Infinity;
	/** The clock's second at the last snapshot: the ring keeps the 300 s before it. */
	private clockSec = -Infinity;

	/** Marks the time from which seconds count as collected (zeros, not gaps, when empty). */
	markCollectedFrom(timeMs: number): void {
		this.collectedFromSec = Math.min(this.collectedFromSec, Math.floor(timeMs / 1000));
	}

	/** Merges 1 s deltas (SpanRollup.takeDeltas). Seconds older than the ring are ignored. */
	add(deltas: LevelWindows): void {
		for (const [startMs, series] of deltas) {
			const sec = Math.floor(startMs / 1000);
			if (sec <= this.clockSec - liveWindowCount) continue;
			const second = this.second(sec);
			for (const [key, stats] of series) {
				if (key === OVERALL_KEY) {
					second.overall.merge(stats);
					continue;
				}
				if (!second.services) continue;
				const id = parseSeriesKey(key);
				if (!id?.service) continue;
				if (id.kind === 'service') {
					let s = second.services.get(id.service);
					if (!s) second.services.set(id.service, (s = new SpanStats(stats.alpha)));
					s.merge(stats);
				} else if (id.kind === 'instance' && id.instance !== undefined) {
					let set = second.instances!.get(id.service);
					if (!set) second.instances!.set(id.service, (set = new Set()));
					set.add(id.instance);
				}
			}
		}
	}

	/** Stored 1 s windows (a new writer tab starts with the history others collected). */
	preload(records: readonly RollupWindowRecord[]): void {
		const deltas: LevelWindows = new Map();
		for (const record of records) {
			if (record.level !== '1s') continue;
			const series = new Map<string, SpanStats>();
			for (const key in record.series) series.set(key, SpanStats.fromData(record.series[key]));
			deltas.set(record.startMs, series);
			this.markCollectedFrom(record.startMs);
		}
		this.add(deltas);
	}

	/** A measured in-flight sample for the second containing `timeMs`. */
	setActive(timeMs: number, overall: number, services: Map<string, number>): void {
		const sec = Math.floor(timeMs / 1000);
		if (sec <= this.clockSec - liveWindowCount) return;
		const second = this.second(sec);
		second.activeOverall = overall;
		second.activeServices = services;
	}

	snapshot(inputs: SnapshotInputs): LiveSnapshot {
		const settleMs = inputs.settleMs ?? 2_000;
		const completeSec = Math.floor((inputs.nowMs - settleMs) / 1000) - 1;
		this.clockSec = completeSec;
		this.prune();
		const firstSec = completeSec - liveWindowCount + 1;
		const xsSec: number[] = [];
		const overall: LiveColumns = { tps: [], errorRate: [], meanMs: [], p50Ms: [], p95Ms: [], p99Ms: [], active: [] };
		for (let sec = firstSec; sec <= completeSec; sec++) {
			xsSec.push(sec);
			const second = this.seconds.get(sec);
			if (!second && sec < this.collectedFromSec) {
				for (const column of Object.values(overall)) column.push(null);
				continue;
			}
			const f = figuresOf(second?.overall, 1, second?.activeOverall);
			overall.tps.push(f.tps);
			overall.errorRate.push(f.errorRate);
			overall.meanMs.push(f.meanMs);
			overall.p50Ms.push(f.p50Ms);
			overall.p95Ms.push(f.p95Ms);
			overall.p99Ms.push(f.p99Ms);
			overall.active.push(f.active);
		}
		const latest = this.seconds.get(completeSec);
		const firstGapMs = firstSec * 1000;
		const lastMs = (completeSec + 1) * 1000;
		return {
			atMs: inputs.nowMs,
			completeSec,
			stepSec: 1,
			xsSec,
			overall,
			activeEstimated: latest?.activeOverall === undefined,
			services: this.serviceRows(completeSec),
			connection: inputs.connection,
			ingest: inputs.ingest,
			gaps: inputs.gaps.filter((g) => g.toMs >= firstGapMs && g.fromMs < lastMs),
			notices: inputs.notices
		};
	}

	private serviceRows(completeSec: number): LiveServiceRow[] {
		const minute = new Map<string, SpanStats>();
		const instances = new Map<string, Set<string>>();
		for (let sec = completeSec - 59; sec <= completeSec; sec++) {
			const second = this.seconds.get(sec);
			if (!second?.services) continue;
			for (const [service, stats] of second.services) {
				let m = minute.get(service);
				if (!m) minute.set(service, (m = new SpanStats(stats.alpha)));
				m.merge(stats);
			}
			for (const [service, names] of second.instances ?? []) {
				let set = instances.get(service);
				if (!set) instances.set(service, (set = new Set()));
				for (const name of names) set.add(name);
			}
		}
		const latest = this.seconds.get(completeSec);
		const names = [...new Set([...minute.keys(), ...instances.keys()])].sort();
		return names.map((service) => {
			const lastSecond: LiveFigures = figuresOf(latest?.services?.get(service), 1, latest?.activeServices?.get(service));
			return {
				service,
				lastSecond,
				lastMinute: figuresOf(minute.get(service), 60, latest?.activeServices?.get(service)),
				instances: instances.get(service)?.size ?? 0
			};
		});
	}

	private second(sec: number): Second {
		let second = this.seconds.get(sec);
		if (!second) {
			const detailed = sec > this.clockSec - detailSeconds;
			second = {
				overall: new SpanStats(),
				services: detailed ? new Map() : undefined,
				instances: detailed ? new Map() : undefined
			};
			this.seconds.set(sec, second);
		}
		return second;
	}

	private prune(): void {
		for (const [sec, second] of this.seconds) {
			if (sec <= this.clockSec - liveWindowCount) this.seconds.delete(sec);
			else if (sec <= this.clockSec - detailSeconds && second.services) {
				second.services = undefined;
				second.instances = undefined;
			}
		}
	}
}
