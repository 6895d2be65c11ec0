import { describe, expect, it } from 'vitest';
import type { LiveFigures, LiveSnapshot } from '$lib/domain/telemetry/live-snapshot';
import type { SeriesSummary } from '$lib/io/telemetry-store';
import {
	chartsFromColumns,
	chartsOfSnapshot,
	figuresOfSnapshot,
	figuresOfSummary,
	littleActive,
	rowsOfSnapshot,
	rowsOfSummaries,
	sortRows,
	type ServiceRow
} from './board-data';

function figures(count: number, meanMs: number | null, errors = 0, seconds = 1): LiveFigures {
	return {
		count,
		errors,
		tps: count / seconds,
		errorRate: count ? errors / count : null,
		meanMs,
		p50Ms: meanMs,
		p95Ms: meanMs === null ? null : meanMs * 2,
		p99Ms: meanMs === null ? null : meanMs * 3,
		maxMs: meanMs === null ? null : meanMs * 4,
		active: meanMs === null ? null : ((count / seconds) * meanMs) / 1000
	};
}

function snapshot(): LiveSnapshot {
	return {
		atMs: 1_000_004_500,
		completeSec: 1_000_002,
		stepSec: 1,
		xsSec: [1_000_000, 1_000_001, 1_000_002, 1_000_003, 1_000_004],
		overall: {
			tps: [null, 10, 20, 30, 5],
			errorRate: [null, 0, 0.1, 0.2, 0],
			meanMs: [null, 5, 6, 7, 8],
			p50Ms: [null, 4, 5, 6, 7],
			p95Ms: [null, 9, 10, 11, 12],
			p99Ms: [null, 19, 20, 21, 22],
			active: [null, 0.05, 0.12, 0.21, 0.04]
		},
		activeEstimated: true,
		services: [
			{ service: 'loans', lastSecond: figures(12, 8, 2), lastMinute: figures(600, 9, 6, 60), instances: 3 },
			{ service: 'auth', lastSecond: figures(8, 3), lastMinute: figures(300, 2, 0, 60), instances: 2 }
		],
		connection: {
			state: 'connected',
			demo: false,
			sinceMs: 0,
			epoch: 'e1',
			lastSeq: 41,
			relayLastSeq: 41
		},
		ingest: {
			queuedBatches: 0,
			queuedRecords: 0,
			maxQueuedRecords: 50_000,
			paused: false,
			spansPerSec: 100,
			writtenSpans: 1_000,
			writtenBatches: 41,
			overflowedEndpoints: 0,
			overflowedInstances: 0
		},
		gaps: [],
		notices: []
	};
}

describe('headline figures', () => {
	it('reads the latest complete second, not the still-filling newest one', () => {
		const f = figuresOfSnapshot(snapshot());
		expect(f).toEqual({ tps: 20, meanMs: 6, p50Ms: 5, p95Ms: 10, p99Ms: 20, errorRate: 0.1, active: 0.12 });
	});

	it('falls back to the newest window before completeSec and to nulls on an empty feed', () => {
		const s = snapshot();
		s.completeSec = 1_000_010;
		expect(figuresOfSnapshot(s).tps).toBe(5);
		const empty = { ...snapshot(), xsSec: [], overall: { ...snapshot().overall, tps: [] } };
		expect(figuresOfSnapshot(empty).tps).toBeNull();
	});

	it('estimates active transactions over a stored range with Little\'s law', () => {
		const summary: SeriesSummary = {
			key: 'overall',
			kind: 'overall',
			count: 3_600,
			errors: 36,
			tps: 1,
			errorRate: 0.01,
			meanMs: 250,
			p50Ms: 200,
			p95Ms: 600,
			p99Ms: 900,
			minMs: 1,
			maxMs: 2_000
		};
		expect(figuresOfSummary(summary).active).toBeCloseTo(0.25, 10);
		expect(figuresOfSummary(undefined).tps).toBeNull();
		expect(littleActive(null, 5)).toBeNull();
	});
});

describe('charts', () => {
	it('shapes one uPlot data set per chart with the same x column', () => {
		const s = snapshot();
		const charts = chartsFromColumns(s.xsSec, s.overall, 1, [{ fromMs: 1, toMs: 2 }]);
		expect(charts.tps).toEqual([s.xsSec, [null, 10, 20, 30, 5]]);
		expect(charts.latency).toHaveLength(5);
		expect(charts.latency[3]).toEqual([null, 9, 10, 11, 12]);
		expect(charts.errorRate[1]).toEqual([null, 0, 0.1, 0.2, 0]);
		expect(charts.gaps).toEqual([{ fromMs: 1, toMs: 2 }]);
	});
});

describe('live charts', () => {
	it('end at the latest complete second', () => {
		const charts = chartsOfSnapshot(snapshot());
		expect(charts.tps).toEqual([
			[1_000_000, 1_000_001, 1_000_002],
			[null, 10, 20]
		]);
		expect(charts.latency[4]).toEqual([null, 19, 20]);
		expect(charts.stepSec).toBe(1);
	});
});

describe('service rows', () => {
	it('takes last-second or last-minute figures per service', () => {
		const second = rowsOfSnapshot(snapshot(), 'second');
		const minute = rowsOfSnapshot(snapshot(), 'minute');
		expect(second.map((r) => [r.service, r.tps, r.errorRate, r.instances])).toEqual([
			['loans', 12, 2 / 12, 3],
			['auth', 8, 0, 2]
		]);
		expect(minute.map((r) => [r.service, r.tps, r.meanMs])).toEqual([
			['loans', 10, 9],
			['auth', 5, 2]
		]);
	});

	it('keeps only service summaries from the store', () => {
		const base = { count: 10, errors: 1, tps: 2, errorRate: 0.1, meanMs: 500, p50Ms: 1, p95Ms: 2, p99Ms: 3, minMs: 1, maxMs: 9 };
		const rows = rowsOfSummaries([
			{ ...base, key: 'overall', kind: 'overall' },
			{ ...base, key: 'svc|cards', kind: 'service', service: 'cards' }
		]);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ service: 'cards', tps: 2, active: 1, instances: null });
	});

	it('sorts by a figure with empty values last in both directions', () => {
		const row = (service: string, p95Ms: number | null): ServiceRow => ({
			service,
			count: 1,
			tps: 1,
			meanMs: 1,
			p50Ms: 1,
			p95Ms,
			p99Ms: 1,
			errorRate: 0,
			active: 0,
			instances: 1
		});
		const rows = [row('b', 5), row('a', null), row('c', 9), row('d', 5)];
		expect(sortRows(rows, 'p95Ms', 'desc').map((r) => r.service)).toEqual(['c', 'b', 'd', 'a']);
		expect(sortRows(rows, 'p95Ms', 'asc').map((r) => r.service)).toEqual(['b', 'd', 'c', 'a']);
		expect(sortRows(rows, 'service', 'desc').map((r) => r.service)).toEqual(['d', 'c', 'b', 'a']);
	});
});
