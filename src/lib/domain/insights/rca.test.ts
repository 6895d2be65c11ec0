import { describe, expect, it } from 'vitest';
import { rankNSigma, rankRootCauses, robustDeviation, type RcaInput } from './rca';

const flat = (v: number, n = 50) => Array.from({ length: n }, (_, i) => v + (i % 5) * 0.01 * v);

/** gateway -> api -> db, api -> cache. The database slows down; api and gateway follow. */
function incident(): RcaInput {
	return {
		nodes: ['gateway', 'api', 'db', 'cache', 'batch'],
		edges: [
			['gateway', 'api'],
			['api', 'db'],
			['api', 'cache']
		],
		target: 'gateway',
		targetFamily: 'latency',
		series: [
			{ node: 'gateway', metric: 'latency.p95', reference: flat(100), incident: [400], direction: 'up' },
			{ node: 'api', metric: 'latency.p95', reference: flat(80), incident: [380], direction: 'up' },
			{ node: 'db', metric: 'latency.p95', reference: flat(10), incident: [300], direction: 'up' },
			{ node: 'cache', metric: 'latency.p95', reference: flat(2), incident: [2.01], direction: 'up' },
			// Outside the symptom's call tree: ignored however anomalous.
			{ node: 'batch', metric: 'latency.p95', reference: flat(5), incident: [500], direction: 'up' }
		]
	};
}

describe('rankRootCauses', () => {
	it('puts the deepest anomalous callee first and ignores nodes outside the call tree', () => {
		const ranked = rankRootCauses(incident());
		expect(ranked[0].node).toBe('db');
		expect(ranked.map((r) => r.node)).not.toContain('batch');
		expect(ranked[0].evidence[0].metric).toBe('latency.p95');
	});

	it('does not count a series that was already abnormal before the incident', () => {
		const input = incident();
		input.series = input.series.map((s) => (s.node === 'db' ? { ...s, before: [300] } : s));
		expect(rankRootCauses(input)[0].node).not.toBe('db');
	});

	it('weights caller-observed endpoints down against instrumented services', () => {
		const input = incident();
		input.nodes = [...input.nodes, 'payments.example.com'];
		input.edges = [...input.edges, ['api', 'payments.example.com']];
		input.series = [...input.series, { node: 'payments.example.com', metric: 'latency.p95', reference: flat(10), incident: [300], direction: 'up' }];
		input.observedOnly = ['payments.example.com'];
		expect(rankRootCauses(input)[0].node).toBe('db');
		expect(rankRootCauses(input, { observedOnlyWeight: 1 }).slice(0, 2).map((r) => r.node).sort()).toEqual(['db', 'payments.example.com']);
	});

	it('robust deviation honours the degrading direction and survives empty input', () => {
		expect(robustDeviation(flat(100), [50], 'up')).toBe(0);
		expect(robustDeviation(flat(100), [50], 'down')).toBeGreaterThan(10);
		expect(robustDeviation([], [1], 'up')).toBe(0);
		expect(robustDeviation(flat(1), [NaN], 'both')).toBe(0);
	});
});

describe('load incidents', () => {
	it('ranks the service whose own traffic surged above the services it saturates', () => {
		const input: RcaInput = {
			nodes: ['gateway', 'mobile', 'web', 'accounts'],
			edges: [
				['gateway', 'mobile'],
				['gateway', 'web'],
				['mobile', 'accounts'],
				['web', 'accounts']
			],
			series: [
				{ node: 'gateway', metric: 'requests.count', reference: flat(1000), incident: [2400, 2400, 2400], direction: 'both' },
				{ node: 'mobile', metric: 'requests.count', reference: flat(600), incident: [2000, 2000, 2000], direction: 'both' },
				{ node: 'web', metric: 'requests.count', reference: flat(400), incident: [400, 400, 400], direction: 'both' },
				{ node: 'accounts', metric: 'requests.count', reference: flat(1000), incident: [2400, 2400, 2400], direction: 'both' },
				{ node: 'accounts', metric: 'latency.p95', reference: flat(20), incident: [1500, 2000, 1800], direction: 'up' }
			]
		};
		const ranked = rankRootCauses(input);
		expect(ranked[0].node).toBe('mobile');
		expect(ranked[0].trafficRatio).toBeGreaterThan(3);
		expect(rankRootCauses(input, { surgeRatio: Infinity })[0].node).toBe('accounts');
	});
});

describe('rankNSigma', () => {
	it('ranks by the largest standardised deviation, without topology', () => {
		const ranked = rankNSigma(incident());
		expect(ranked[0].node).toBe('batch');
	});
});
