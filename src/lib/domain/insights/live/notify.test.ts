import { describe, expect, it } from 'vitest';
import { newNotices } from './notify';
import { rollupRef } from './series-ref';
import type { InsightSnapshot } from './snapshot';

const ref = rollupRef('runtime.heap.usage', 'inst|accounts|pod-1')!;

function snapshot(partial: Partial<InsightSnapshot>): InsightSnapshot {
	return { atMs: 0, status: {} as InsightSnapshot['status'], anomalies: [], recentAnomalies: [], incidents: [], breaches: [], forecasts: [], patterns: null, ...partial };
}

describe('insight notifications', () => {
	it('names an open incident once, with its top-ranked cause, and a near breach once', () => {
		const s = snapshot({
			incidents: [
				{ id: 'inc-1', startMs: 0, endMs: null, severity: 'critical', symptom: 'latency.p95Ms@svc|gateway', anomalyIds: [], moreAnomalies: 0, services: ['gateway', 'transfer'], updatedMs: 0, analysis: { causes: [{ node: 'transfer', score: 5, evidence: [] }] } as never },
				{ id: 'inc-0', startMs: 0, endMs: 5, severity: 'warning', symptom: 'x', anomalyIds: [], moreAnomalies: 0, services: [], updatedMs: 0 }
			],
			breaches: [
				{ seriesId: ref.id, ref, limit: 1, current: 0.9, inMinutes: 12, lowMinutes: 10, highMinutes: 15, probability: 0.97, state: 'trending' },
				{ seriesId: 'far', ref, limit: 1, current: 0.5, inMinutes: 45, lowMinutes: 40, highMinutes: 50, probability: 0.6, state: 'trending' }
			]
		});
		const first = newNotices(s, new Set());
		expect(first.map((n) => [n.key, n.severity, n.services])).toEqual([
			['incident:inc-1', 'critical', ['transfer']],
			[`breach:${ref.id}`, 'warning', ['accounts']]
		]);
		expect(newNotices(s, new Set(first.map((n) => n.key)))).toEqual([]);
	});
});
