/**
 * Expected ranges for the Live board's charts: the insights host's saved baselines of the
 * overall (or the chosen service's) request rate, p95 latency and error ratio, evaluated at
 * the charts' x values. Baselines are re-read once a minute (the host saves them that often);
 * a series the host has not saved yet has no band.
 */
import type { AlignedData } from '$lib/components/chart/chart-data';
import { bandColumns, type BandColumns } from '$lib/domain/insights/live/band-columns';
import type { StoredBaseline } from '$lib/domain/insights/live/snapshot';
import { dayKeyFromPatterns } from '$lib/domain/insights/patterns';
import { insights } from '$lib/state/insights.svelte';

export interface BoardBands {
	tps?: BandColumns;
	p95Ms?: BandColumns;
	errorRate?: BandColumns;
}

const metrics = { tps: 'requests.rate', p95Ms: 'latency.p95Ms', errorRate: 'errors.rate' } as const;

export class LiveBands {
	baselines = $state.raw<Map<string, StoredBaseline>>(new Map());
	scope = $state('');

	/** Reads the scope's baselines now and every minute; returns the stop function. */
	watch(scopeKey: string): () => void {
		this.scope = scopeKey;
		const ids = Object.values(metrics).map((m) => `${m}@${scopeKey}`);
		const read = () => insights.baselines(ids).then((b) => scopeKey === this.scope && (this.baselines = b), () => undefined);
		void read();
		const timer = setInterval(read, 60_000);
		return () => clearInterval(timer);
	}

	/** Band columns at each chart's x values (all four board charts share one x axis). */
	columns(data: AlignedData): BoardBands {
		const out: BoardBands = {};
		const xsSec = data[0];
		if (xsSec.length === 0) return out;
		for (const [key, metric] of Object.entries(metrics) as [keyof BoardBands, string][]) {
			const saved = this.baselines.get(`${metric}@${this.scope}`);
			if (!saved) continue;
			out[key] = bandColumns({
				state: saved.state,
				metric,
				stepSec: saved.stepMs / 1000,
				xsSec,
				dayKey: dayKeyFromPatterns(saved.patterns, saved.state.utcOffsetMinutes)
			});
		}
		return out;
	}
}
