import { describe, expect, it } from 'vitest';
import { corroboratedPeak, expectedMaxOfNormals, referenceScale, seriesDeviation, unexplainedDeviation } from './rca-evidence';
import { rankRootCauses, type RcaInput, type RcaSeries } from './rca';

/** Eight reference points around `v` with a spread of `spread` (no outlier). */
const steady = (v: number, spread: number) => [0, 1, -1, 0.5, -0.5, 0, 1, -1].map((k) => v + k * spread);

describe('tail-aware scale', () => {
	it('expects the largest of n normal draws near the textbook values', () => {
		expect(expectedMaxOfNormals(8)).toBeCloseTo(1.43, 1);
		expect(expectedMaxOfNormals(589)).toBeCloseTo(3.07, 1);
		expect(expectedMaxOfNormals(1)).toBe(1);
	});

	it('floors the scale so the reference’s own spike is no more than the expected largest draw', () => {
		const spiky = [55, 54, 56, 110, 55, 57, 54, 56];
		const robust = referenceScale(spiky, 'up', { tailAware: false })!;
		const aware = referenceScale(spiky, 'up')!;
		expect(aware.median).toBe(robust.median);
		// (110 - 55.5) / 1.43 ~ 38 against an interquartile scale of about 1.5
		expect(aware.scale).toBeCloseTo((110 - 55.5) / expectedMaxOfNormals(8), 6);
		expect(robust.scale).toBeLessThan(3);
		// A spike no larger than the reference's own is ordinary under the tail-aware scale.
		const again = seriesDeviation({ node: 'a', metric: 'latency.p95', reference: spiky, incident: [108], direction: 'up' })!;
		expect(again.incident[0] / again.scale).toBeLessThan(expectedMaxOfNormals(8));
	});

	it('leaves a steady reference on its robust scale', () => {
		const ref = steady(100, 1);
		expect(referenceScale(ref, 'up')!.scale).toBeCloseTo(referenceScale(ref, 'up', { tailAware: false })!.scale, 9);
		expect(referenceScale([1, 2], 'up')).toBeNull();
	});
});

describe('share explained by callees', () => {
	it('subtracts the largest callee deviation in the window from every caller point', () => {
		const caller = { scale: 2, incident: [10, 100, NaN], before: [5] };
		const callees = [
			{ scale: 20, incident: [0, 60, 80], before: [1] },
			{ scale: 1, incident: [30, NaN, -5], before: [-3] }
		];
		const left = unexplainedDeviation(caller, callees);
		expect(left.incident.slice(0, 2)).toEqual([-70, 20]);
		expect(left.incident[2]).toBeNaN();
		expect(left.before).toEqual([4]);
		expect(left.scale).toBe(2);
		expect(unexplainedDeviation(caller, [])).toBe(caller);
	});
});

describe('corroboration', () => {
	it('counts a lone point as the geometric mean of itself and its best witness', () => {
		// one spike, the rest of the series and the other metric quiet: sqrt(40 x 1.5)
		expect(corroboratedPeak([0.5, 40, 0.2], [[1, 1.5, 0.3]])).toBeCloseTo(Math.sqrt(60), 9);
		// persistent: each point witnesses the other, the peak is sqrt(40 x 30)
		expect(corroboratedPeak([0.5, 40, 30], [[0, 0, 0]])).toBeCloseTo(Math.sqrt(1200), 9);
		// another metric of the node at the same instant
		expect(corroboratedPeak([0, 40, 0], [[0, 25, 0]])).toBeCloseTo(Math.sqrt(1000), 9);
		// a witness larger than the point does not raise it
		expect(corroboratedPeak([5, 4], [[50, 50]])).toBe(5);
		// nothing could witness it: counted in full
		expect(corroboratedPeak([40], [])).toBe(40);
		expect(corroboratedPeak([40], [[NaN]])).toBe(40);
		// a witness of another length counts with its largest point
		expect(corroboratedPeak([0, 40], [[3, 7, 1]])).toBeCloseTo(Math.sqrt(280), 9);
		expect(corroboratedPeak([0.5, 40, 0.2], [[1, 1.5, 0.3]], false)).toBe(40);
		expect(corroboratedPeak([], [])).toBe(0);
	});
});

function series(node: string, metric: string, reference: number[], incident: number[], minScale?: number): RcaSeries {
	return { node, metric, reference, incident, direction: 'up', ...(minScale ? { minScale } : {}) };
}

describe('rankRootCauses with the new evidence', () => {
	it('ranks a sustained heap rise above a one-point latency spike in a tight series', () => {
		// heap z 15 witnessed by 12 counts 13.4; the spike's z 93 witnessed by about 1 counts about 10
		const input: RcaInput = {
			nodes: ['front', 'accounts', 'auth'],
			edges: [
				['front', 'accounts'],
				['front', 'auth']
			],
			series: [
				series('front', 'latency.p95', steady(60, 1), [60, 61, 59, 60, 61], 1),
				series('accounts', 'latency.p95', steady(3, 0.2), [3, 3.1, 2.9, 3, 3.2], 1),
				series('accounts', 'saturation.heap', steady(0.4, 0.004), [0.43, 0.46, 0.49, 0.52, 0.55], 0.01),
				series('auth', 'latency.p95', steady(55, 1), [55, 150, 56, 55, 54], 1),
				series('auth', 'saturation.heap', steady(0.42, 0.004), [0.42, 0.421, 0.419, 0.42, 0.422], 0.01)
			]
		};
		expect(rankRootCauses(input)[0].node).toBe('accounts');
		expect(rankRootCauses(input, { corroborate: false })[0].node).toBe('auth');
	});

	it('takes out of a caller’s latency what its slow callee explains in milliseconds', () => {
		// The callee's p95 is noisy, so +70 ms is a modest z there; the caller's is tight, so
		// the same +70 ms it waits for would be a large z of its own.
		const input: RcaInput = {
			nodes: ['gateway', 'mobile'],
			edges: [['gateway', 'mobile']],
			series: [
				series('gateway', 'latency.p95', steady(62, 2), [62, 130, 135, 132, 128], 1),
				series('mobile', 'latency.p95', [55, 60, 48, 95, 52, 58, 66, 50], [56, 125, 130, 127, 124], 1)
			]
		};
		expect(rankRootCauses(input)[0].node).toBe('mobile');
		expect(rankRootCauses(input, { inheritedFamilies: [] })[0].node).toBe('gateway');
		const gateway = rankRootCauses(input).find((r) => r.node === 'gateway')!;
		// 135 - 62 = 73 ms of which mobile explains 130 - 56 = 74: nothing left
		expect(gateway.evidence[0].z).toBe(0);
	});

	it('does not discount evidence in the node’s own resources by its callees’ anomaly', () => {
		const input: RcaInput = {
			nodes: ['a', 'b', 'c'],
			edges: [['a', 'b']],
			series: [
				series('a', 'saturation.heap', steady(0.4, 0.004), [0.45, 0.5, 0.55, 0.6, 0.65], 0.01),
				series('b', 'latency.p95', steady(10, 0.5), [20, 30, 40, 50, 60], 1),
				series('c', 'saturation.heap', steady(0.4, 0.004), [0.43, 0.46, 0.49, 0.52, 0.55], 0.01)
			]
		};
		const ranked = rankRootCauses(input);
		const a = ranked.find((r) => r.node === 'a')!;
		expect(a.score).toBeCloseTo(a.anomaly, 9);
		expect(ranked.findIndex((r) => r.node === 'a')).toBeLessThan(ranked.findIndex((r) => r.node === 'c'));
	});

	it('does not let a spike the reference already showed outrank a new, smaller change', () => {
		const input: RcaInput = {
			nodes: ['spiky', 'db'],
			edges: [],
			series: [
				series('spiky', 'latency.p95', [55, 54, 56, 110, 55, 57, 54, 56], [56, 112, 55, 113, 54], 1),
				series('db', 'latency.p95', steady(20, 0.5), [24, 25, 24, 26, 25], 1)
			]
		};
		expect(rankRootCauses(input)[0].node).toBe('db');
		expect(rankRootCauses(input, { tailAwareScale: false })[0].node).toBe('spiky');
	});
});
