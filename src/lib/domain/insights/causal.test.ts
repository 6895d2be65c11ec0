import { describe, expect, it } from 'vitest';
import { analyseCauses, bestLagCorrelation, changePoint, grangerTest } from './causal';
import { seededRandom } from './stats';

function noise(n: number, seed: number, amp = 1): number[] {
	const r = seededRandom(seed);
	return Array.from({ length: n }, () => (r() - 0.5) * 2 * amp);
}

describe('causal evidence', () => {
	it('finds the lag at which a driver leads its effect', () => {
		const x = noise(300, 1, 5);
		const y = x.map((_, i) => (i >= 3 ? x[i - 3] : 0) * 2 + noise(1, 1000 + i, 0.5)[0]);
		const best = bestLagCorrelation(y, x, 6);
		expect(best.lag).toBe(3);
		expect(best.r).toBeGreaterThan(0.9);
	});

	it('locates a mean shift and ignores pure noise', () => {
		const x = noise(100, 2).map((v, i) => v + (i >= 60 ? 10 : 0));
		const cp = changePoint(x)!;
		expect(cp.index).toBe(60);
		expect(cp.shift).toBeGreaterThan(9);
		expect(changePoint(noise(100, 3))).toBeNull();
	});

	it('Granger test rejects for a lagged driver and not for an unrelated series', () => {
		const x = noise(300, 4, 3);
		const y = x.map((_, i) => (i >= 1 ? 0.8 * x[i - 1] : 0) + noise(1, 2000 + i, 0.3)[0]);
		expect(grangerTest(y, x, 2).pValue).toBeLessThan(1e-6);
		expect(grangerTest(y, noise(300, 5), 2).pValue).toBeGreaterThan(0.01);
	});

	it('ranks the upstream cause first and drops services outside the topology', () => {
		const n = 120;
		const db = noise(n, 6).map((v, i) => 20 + v + (i >= 80 ? 30 : 0));
		const api = db.map((v, i) => 50 + (i >= 2 ? db[i - 2] : 20) + noise(1, 3000 + i)[0]);
		const unrelated = noise(n, 7).map((v) => 5 + v);
		const elsewhere = db.map((v, i) => v + noise(1, 4000 + i)[0]);
		const findings = analyseCauses({
			target: { id: 'api.latency', service: 'api', values: api },
			candidates: [
				{ id: 'db.latency', service: 'db', values: db },
				{ id: 'cache.hits', service: 'cache', values: unrelated },
				{ id: 'batch.latency', service: 'batch', values: elsewhere }
			],
			edges: [
				['api', 'db'],
				['api', 'cache']
			]
		});
		expect(findings.map((f) => f.id)).toEqual(['db.latency', 'cache.hits']);
		expect(findings[0].aligned).toBe(true);
		expect(findings[0].changeLead).toBe(2);
	});
});
