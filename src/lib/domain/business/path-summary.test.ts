import { describe, expect, it } from 'vitest';
import { summarisePaths } from './path-summary';
import type { SegmentBreakdown } from '../trace/types';

function breakdown(totalUs: number, entries: [string, SegmentBreakdown['entries'][number]['tier'], number][], edges: [string, string, number][] = []): SegmentBreakdown {
	return {
		totalUs,
		byTier: {} as SegmentBreakdown['byTier'],
		entries: entries.map(([key, tier, criticalUs]) => ({ key, label: key, tier, criticalUs, selfUs: criticalUs, spanCount: 1, errorCount: 0 })),
		edges: edges.map(([from, to, durationUs]) => ({ from, to, calls: 1, durationUs }))
	};
}

describe('summarisePaths', () => {
	it('averages segment times over every sample so they add up to the mean response time', () => {
		const s = summarisePaths([
			breakdown(100_000, [['svc:web', 'gateway', 20_000], ['svc:was', 'service', 50_000], ['db:main', 'database', 30_000]], [['svc:web', 'svc:was', 80_000]]),
			breakdown(60_000, [['svc:web', 'gateway', 20_000], ['svc:was', 'service', 40_000]], [['svc:web', 'svc:was', 40_000]])
		]);
		expect(s.traces).toBe(2);
		expect(s.meanTotalMs).toBe(80);
		expect(s.segments.map((x) => [x.key, x.meanCriticalMs, x.reach])).toEqual([
			['svc:web', 20, 1],
			['svc:was', 45, 1],
			['db:main', 15, 0.5]
		]);
		expect(s.segments.reduce((sum, x) => sum + x.share, 0)).toBeCloseTo(1, 9);
		expect(s.edges).toEqual([{ from: 'svc:web', to: 'svc:was', calls: 2, meanDurationMs: 60 }]);
	});

	it('reads empty for no samples', () => {
		expect(summarisePaths([])).toEqual({ traces: 0, meanTotalMs: 0, segments: [], edges: [] });
	});
});
