import { describe, expect, it } from 'vitest';
import type { Attrs, LogRecord } from '../../protocol/records';
import { InstanceTracker } from './churn';
import { buildInstancesOverview } from './overview';
import { platformEventOf } from './platform-events';
import { podResource } from './test-resources';

const t0 = 1_780_000_000_000;
const min = 60_000;
const nowMs = t0 + 60 * min;

function eventLog(timeMs: number, attrs: Attrs, body: string, eventName = 'k8s.event'): LogRecord {
	return { resourceId: 'ev', service: 'k8s-events', instance: 'ev', timeUs: timeMs * 1000, severity: 9, body, attrs, traceId: '', spanId: '', eventName };
}

describe('platform events', () => {
	it('reads Kubernetes and ECS events and sorts them by what they mean', () => {
		const oom = platformEventOf(eventLog(t0, { 'k8s.event.reason': 'BackOff', 'k8s.container.status.reason': 'OOMKilled', 'k8s.pod.name': 'a' }, 'Back-off restarting'));
		expect(oom).toMatchObject({ category: 'oom', reason: 'BackOff', pod: 'a', source: 'k8s', timeMs: t0 });
		expect(platformEventOf(eventLog(t0, { 'k8s.event.reason': 'BackOff', 'k8s.container.status.reason': 'CrashLoopBackOff' }, ''))?.category).toBe('crash-loop');
		expect(platformEventOf(eventLog(t0, { 'k8s.event.reason': 'FailedScheduling', 'k8s.event.type': 'Warning' }, '0/3 nodes'))).toMatchObject({ category: 'failed-scheduling', type: 'Warning' });
		expect(platformEventOf(eventLog(t0, { 'k8s.event.reason': 'SuccessfulRescale', 'service.name': 'x' }, 'changed', 'aws.ecs.event'))).toMatchObject({ category: 'scale', source: 'ecs', service: 'x' });
		// by attribute event.name, without eventName
		expect(platformEventOf({ ...eventLog(t0, { 'event.name': 'k8s.event' }, 'm'), eventName: undefined })?.reason).toBe('Unknown');
		expect(platformEventOf(eventLog(t0, {}, 'plain log', ''))).toBeUndefined();
	});
});

describe('instances overview', () => {
	const tracker = new InstanceTracker();
	const present = (service: string, pod: string, process: string, fromMs: number, toMs: number) => {
		for (let t = fromMs; t <= toMs; t += 10_000) tracker.observe(podResource(service, pod, process, { 'service.version': '6.0.3', 'cloud.availability_zone': 'z1' }), t);
	};
	present('transfer', 'transfer-a', 'a1', t0, nowMs);
	present('transfer', 'transfer-b', 'b1', t0 + 20 * min, nowMs);
	present('transfer', 'transfer-old', 'o1', t0, t0 + 10 * min);
	present('accounts', 'accounts-a', 'x1', t0, t0 + 30 * min);
	present('accounts', 'accounts-a', 'x2', t0 + 30 * min + 20_000, nowMs);
	const events = [
		eventLog(t0 + 20 * min, { 'k8s.event.reason': 'SuccessfulRescale', 'k8s.namespace.name': 'bank', 'k8s.deployment.name': 'transfer', 'service.name': 'transfer' }, 'New size: 2'),
		eventLog(t0 + 30 * min, { 'k8s.event.reason': 'OOMKilled', 'k8s.pod.name': 'accounts-a', 'service.instance.id': 'x1', 'service.name': 'accounts' }, 'OOMKilled'),
		eventLog(t0 + 5 * min, { 'k8s.event.reason': 'TriggeredScaleUp', 'k8s.object.kind': 'Node' }, 'node added')
	].map((l) => platformEventOf(l)!);
	const overview = buildInstancesOverview({
		lives: tracker.instances(),
		events,
		nowMs,
		fromMs: t0,
		toMs: nowMs,
		stepMs: min,
		observedFromMs: t0,
		silentAfterMs: 30_000,
		retireAfterMs: 5 * min
	});

	it('groups units per service and scaling group, with their states and history', () => {
		expect(overview.services.map((s) => s.service)).toEqual(['accounts', 'transfer']);
		const transfer = overview.services[1].groups[0];
		expect(transfer.group).toMatchObject({ kind: 'deployment', name: 'transfer' });
		expect(transfer.instances.map((r) => [r.unit.name, r.state])).toEqual([
			['transfer-b', 'live'],
			['transfer-a', 'live'],
			['transfer-old', 'retired']
		]);
		expect([transfer.liveCount, transfer.retiredCount, transfer.countAtStart, transfer.countNow, transfer.minCount, transfer.maxCount]).toEqual([2, 1, 2, 2, 1, 2]);
		expect(transfer.steps.map((s) => [s.direction, s.from, s.to])).toEqual([
			['in', 2, 1],
			['out', 1, 2]
		]);
		expect(transfer.instances[0]).toMatchObject({ version: '6.0.3', zone: 'z1', restarts: 0 });
		expect(transfer.commonAttrs['k8s.deployment.name']).toBe('transfer');
		expect(transfer.commonAttrs['k8s.pod.name']).toBeUndefined();
	});

	it('places each event on the unit or group it names, and the rest as cluster events', () => {
		const transfer = overview.services[1].groups[0];
		expect(transfer.events.map((e) => e.reason)).toEqual(['SuccessfulRescale']);
		const accounts = overview.services[0].groups[0].instances[0];
		expect(accounts.restarts).toBe(1);
		expect(accounts.events.map((e) => e.reason)).toEqual(['OOMKilled']);
		expect(overview.clusterEvents.map((e) => e.reason)).toEqual(['TriggeredScaleUp']);
	});
});
