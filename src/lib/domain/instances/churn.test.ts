import { describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../../protocol/records';
import { InstanceTracker, instanceState } from './churn';
import { instanceGroup, instanceUnit, resourceRole } from './identity';
import { podResource } from './test-resources';

const t0 = 1_780_000_000_000;

/** Sightings every `everyMs` from `fromMs` to `toMs` inclusive. */
function sightings(tracker: InstanceTracker, resource: ResourceRecord, fromMs: number, toMs: number, everyMs = 10_000): void {
	for (let t = fromMs; t <= toMs; t += everyMs) tracker.observe(resource, t);
}

describe('what a resource is', () => {
	it('tells instances from databases and event-only collectors', () => {
		expect(resourceRole(podResource('transfer', 'transfer-a', 'p1'))).toBe('instance');
		expect(resourceRole({ attrs: { 'service.name': 'core-db', 'db.system': 'postgresql', 'service.instance.id': 'h:5432' } })).toBe('database');
		expect(resourceRole({ attrs: { 'service.name': 'k8s-events', 'k8s.cluster.name': 'prod' } })).toBe('event-source');
		// an SDK with nothing but service.name is still an instance (its process)
		expect(resourceRole({ attrs: { 'service.name': 'svc', 'telemetry.sdk.language': 'nodejs' } })).toBe('instance');
	});

	it('names the unit and the scaling group from the most specific attributes', () => {
		const pod = podResource('transfer', 'transfer-a', 'p1');
		expect(instanceUnit(pod)).toEqual({ kind: 'pod', name: 'transfer-a' });
		expect(instanceGroup(pod)).toMatchObject({ kind: 'deployment', name: 'transfer', scope: 'prod/bank' });
		const task: ResourceRecord = {
			id: 't', service: 'credit-scoring', instance: 'uuid',
			attrs: { 'service.instance.id': 'uuid', 'aws.ecs.task.arn': 'arn:aws:ecs:ap-northeast-2:1:task/fargate/9f8e', 'aws.ecs.task.family': 'credit-scoring', 'aws.ecs.cluster.arn': 'arn:aws:ecs:ap-northeast-2:1:cluster/fargate' }
		};
		expect(instanceUnit(task)).toEqual({ kind: 'task', name: '9f8e' });
		expect(instanceGroup(task)).toMatchObject({ kind: 'ecs-service', name: 'credit-scoring', scope: 'fargate' });
		const host: ResourceRecord = { id: 'h', service: 'core-banking', instance: 'u', attrs: { 'service.instance.id': 'u', 'host.name': 'cbs-01', 'aws.autoscaling.group.name': 'cbs-asg' } };
		expect(instanceUnit(host)).toEqual({ kind: 'host', name: 'cbs-01' });
		expect(instanceGroup(host)).toMatchObject({ kind: 'asg', name: 'cbs-asg' });
		const bare: ResourceRecord = { id: 'b', service: 'svc', instance: 'proc-7', attrs: { 'service.instance.id': 'proc-7' } };
		expect(instanceUnit(bare)).toEqual({ kind: 'process', name: 'proc-7' });
		expect(instanceGroup(bare)).toMatchObject({ kind: 'service', name: 'svc' });
	});
});

describe('instance churn from a resource stream', () => {
	it('keeps one unit per pod, counting a restart in the same pod as a new process', () => {
		const tracker = new InstanceTracker();
		sightings(tracker, podResource('accounts', 'accounts-a', 'p1'), t0, t0 + 300_000);
		// OOMKilled at +300 s, the container restarts in the same pod with a new instance id
		sightings(tracker, podResource('accounts', 'accounts-a', 'p2'), t0 + 320_000, t0 + 600_000);
		sightings(tracker, podResource('accounts', 'accounts-b', 'p3'), t0, t0 + 600_000);
		const lives = tracker.instances();
		expect(lives.map((l) => l.unit.name).sort()).toEqual(['accounts-a', 'accounts-b']);
		const a = lives.find((l) => l.unit.name === 'accounts-a')!;
		expect(a.processes.map((p) => p.instance)).toEqual(['p1', 'p2']);
		// 20 s apart: one presence interval
		expect(a.intervals).toEqual([{ fromMs: t0, toMs: t0 + 600_000 }]);
		expect([a.firstSeenMs, a.lastSeenMs]).toEqual([t0, t0 + 600_000]);
	});

	it('splits presence at silences longer than the gap and merges sightings given out of order', () => {
		const tracker = new InstanceTracker({ gapMs: 60_000 });
		const pod = podResource('transfer', 'transfer-a', 'p1');
		tracker.observe(pod, t0 + 200_000);
		tracker.observe(pod, t0);
		tracker.observe(pod, t0 + 30_000);
		tracker.observe(pod, t0 + 170_000);
		expect(tracker.instances()[0].intervals).toEqual([
			{ fromMs: t0, toMs: t0 + 30_000 },
			{ fromMs: t0 + 170_000, toMs: t0 + 200_000 }
		]);
		// a stored interval bridging both joins them
		tracker.observeInterval(pod, t0 + 20_000, t0 + 180_000);
		expect(tracker.instances()[0].intervals).toEqual([{ fromMs: t0, toMs: t0 + 200_000 }]);
	});

	it('ignores databases, event sources and impossible intervals', () => {
		const tracker = new InstanceTracker();
		expect(tracker.observe({ id: 'd', service: 'db', instance: 'h:1', attrs: { 'db.system': 'mysql' } }, t0)).toBe(false);
		expect(tracker.observeInterval(podResource('x', 'x-a', 'p'), t0 + 10, t0)).toBe(false);
		expect(tracker.observeInterval(podResource('x', 'x-a', 'p'), NaN, t0)).toBe(false);
		expect(tracker.instances()).toEqual([]);
	});

	it('drops the unit seen least recently past its bound, and says so', () => {
		const tracker = new InstanceTracker({ maxInstances: 3 });
		for (let i = 0; i < 5; i++) tracker.observe(podResource('s', `s-${i}`, `p${i}`), t0 + i * 1000);
		expect(tracker.instances().map((l) => l.unit.name)).toEqual(['s-2', 's-3', 's-4']);
		expect(tracker.dropped).toBe(2);
	});

	it('retires units silent past the setting and keeps them', () => {
		const tracker = new InstanceTracker();
		sightings(tracker, podResource('s', 's-old', 'p1'), t0, t0 + 60_000);
		sightings(tracker, podResource('s', 's-new', 'p2'), t0, t0 + 900_000);
		const nowMs = t0 + 900_000;
		const states = Object.fromEntries(tracker.instances().map((l) => [l.unit.name, instanceState(l, nowMs, { silentAfterMs: 30_000, retireAfterMs: 300_000 })]));
		expect(states).toEqual({ 's-old': 'retired', 's-new': 'live' });
		expect(instanceState({ lastSeenMs: nowMs - 60_000 }, nowMs, { silentAfterMs: 30_000, retireAfterMs: 300_000 })).toBe('silent');
	});
});
