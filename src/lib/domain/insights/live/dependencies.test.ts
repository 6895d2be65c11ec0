import { describe, expect, it } from 'vitest';
import { SpanKind, type LogRecord, type SpanRecord } from '../../../protocol/records';
import { makeSpan } from '../../telemetry/test-spans';
import { DependencyFold } from './dependencies';
import { platformEvents } from './platform-events';

function client(service: string, endMs: number, durationMs: number, attrs: SpanRecord['attrs'], error = false): SpanRecord {
	return { ...makeSpan({ service, endMs, durationMs, kind: SpanKind.Client, error }), attrs };
}

const byId = (obs: { ref: { id: string }; value: number }[]) => Object.fromEntries(obs.map((o) => [o.ref.id, o.value]));

describe('dependency fold', () => {
	it('buckets database and external calls by end time into per-service and per-peer series', () => {
		const fold = new DependencyFold({ stepMs: 10_000, minCount: 3 });
		const db = { 'db.system.name': 'mysql', 'db.namespace': 'deposits' };
		const bureau = { 'peer.service': 'credit-bureau', 'server.address': 'api.kcb.example' };
		fold.add([
			...[...Array<number>(18).fill(2), 400, 400].map((d, i) => client('transfer', 10_000 + i, d, db)),
			client('scoring', 15_000, 3000, { ...bureau, 'error.type': 'java.net.http.HttpTimeoutException' }, true),
			client('scoring', 15_500, 3000, { ...bureau, 'error.type': 'java.net.http.HttpTimeoutException' }, true),
			client('scoring', 16_000, 20, bureau),
			client('scoring', 16_500, 20, bureau),
			// the next window
			client('transfer', 21_000, 2, db),
			// a call between services (no peer.service, unknown host) is not a dependency
			client('transfer', 12_000, 50, { 'server.address': 'accounts' })
		]);
		const v = byId(fold.take(10_000));
		// 20 calls, two of them slow: the p95 (rank 18 of 0..19) is a slow one, within the sketch's 1 %
		expect(v['db.latency.p95Ms@db:mysql/deposits']).toBeCloseTo(400, -1);
		expect(v['dependency.latency.p95Ms@svc|transfer']).toBeCloseTo(400, -1);
		expect(v['dependency.errors.rate@svc|transfer']).toBe(0);
		expect(v['external.timeout.rate@svc|scoring']).toBe(0.5);
		expect(v['errors.rate@ext:credit-bureau']).toBe(0.5);
		expect(Object.keys(v).some((k) => k.includes('accounts'))).toBe(false);
		// taken windows are forgotten; the next one has a single call, below minCount
		expect(fold.take(10_000)).toEqual([]);
		expect(fold.take(20_000)).toEqual([]);
	});

	it('keeps a bounded number of windows and turns an open breaker into one event per minute', () => {
		const fold = new DependencyFold({ stepMs: 1_000, maxBuckets: 3 });
		const db = { 'db.system': 'postgresql', 'db.namespace': 'lending' };
		for (let t = 0; t < 5; t++) fold.add([client('loan', t * 1000 + 500, 1, db)]);
		expect(fold.droppedBuckets).toBe(2);
		const open = (endMs: number): SpanRecord => ({ ...makeSpan({ service: 'credit-scoring', endMs }), attrs: { 'circuit_breaker.state': 'open' } });
		fold.add([open(1_000), open(2_000), open(70_000)]);
		expect(fold.events().map((e) => [e.node, e.name, e.timeMs])).toEqual([
			['credit-scoring', 'circuit.open', 1_000],
			['credit-scoring', 'circuit.open', 70_000]
		]);
	});
});

describe('platform events', () => {
	const log = (reason: string, body: string, service = 'accounts'): LogRecord => ({
		resourceId: 'r',
		service: 'k8s-events',
		instance: 'c',
		timeUs: 5_000_000,
		severity: 9,
		body,
		attrs: { 'k8s.event.reason': reason, 'service.name': service },
		traceId: '',
		spanId: '',
		eventName: 'k8s.event'
	});
	it('names deployments, scale steps in either direction and OOM kills', () => {
		const events = platformEvents([
			log('DeploymentRollout', 'Rolling out product-catalogue 2.4.2', 'product-catalogue'),
			log('ScalingReplicaSet', 'Scaled up replica set x from 2 to 4'),
			log('SuccessfulRescale', 'Application Auto Scaling changed the desired count of service y from 3 to 2', 'credit-scoring'),
			log('OOMKilled', 'Container accounts was OOMKilled'),
			log('Started', 'Started container'),
			{ ...log('OOMKilled', 'x'), eventName: undefined, attrs: { 'k8s.event.reason': 'OOMKilled' } }
		]);
		expect(events.map((e) => `${e.node}:${e.name}`)).toEqual(['product-catalogue:deployment', 'accounts:scale-out', 'credit-scoring:scale-in', 'accounts:k8s.OOMKilled']);
		expect(events[0].timeMs).toBe(5_000);
	});
});
