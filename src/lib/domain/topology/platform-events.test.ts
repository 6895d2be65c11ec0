import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../protocol/records';
import { platformEventOf, type PlatformEvent } from '../instances/platform-events';
import { podResource } from '../instances/test-resources';
import { ServiceEventTally } from './platform-events';

/** A Kubernetes event as the Collector's k8s_events receiver sends it. */
function k8sEvent(timeMs: number, attrs: Record<string, string>, body = 'x'): PlatformEvent {
	const log: LogRecord = {
		resourceId: 'events',
		service: 'k8s-events',
		instance: 'events',
		timeUs: timeMs * 1000,
		severity: 9,
		body,
		attrs: { 'k8s.namespace.name': 'bank', ...attrs },
		traceId: '',
		spanId: '',
		eventName: 'k8s.event'
	};
	return platformEventOf(log)!;
}

const resources = [podResource('accounts', 'accounts-7d9f-abcde', 'proc-1'), podResource('transfer', 'transfer-5c4b-fghij', 'proc-2')];

describe('platform events per service for the map', () => {
	it('ties each event to its service by name, process, pod or deployment, and counts the rest apart', () => {
		const tally = new ServiceEventTally(resources);
		tally.add(k8sEvent(1_000, { 'k8s.event.reason': 'OOMKilled', 'k8s.event.type': 'Warning', 'k8s.pod.name': 'accounts-7d9f-abcde' }));
		tally.add(k8sEvent(2_000, { 'k8s.event.reason': 'SuccessfulRescale', 'k8s.deployment.name': 'transfer', 'k8s.object.kind': 'HorizontalPodAutoscaler' }));
		tally.add(k8sEvent(3_000, { 'k8s.event.reason': 'BackOff', 'k8s.container.status.reason': 'CrashLoopBackOff', 'service.instance.id': 'proc-1' }));
		tally.add(k8sEvent(4_000, { 'k8s.event.reason': 'FailedScheduling', 'service.name': 'loans' }));
		tally.add(k8sEvent(5_000, { 'k8s.event.reason': 'TriggeredScaleUp', 'k8s.object.kind': 'Node' }));
		// a deployment of the same name in another namespace is another service's
		tally.add(k8sEvent(6_000, { 'k8s.event.reason': 'ScalingReplicaSet', 'k8s.deployment.name': 'transfer', 'k8s.namespace.name': 'other' }));
		const result = tally.result();
		expect(Object.keys(result).sort()).toEqual(['accounts', 'loans', 'transfer']);
		expect(result.accounts).toMatchObject({ count: 2, warnings: 2, byCategory: { oom: 1, 'crash-loop': 1 } });
		expect(result.accounts.recent.map((e) => e.reason)).toEqual(['BackOff', 'OOMKilled']);
		expect(result.transfer).toMatchObject({ count: 1, warnings: 0, byCategory: { scale: 1 } });
		expect(result.loans).toMatchObject({ count: 1, warnings: 1, byCategory: { 'failed-scheduling': 1 } });
		expect(tally.unassigned).toBe(2);
	});

	it('keeps the newest events of a service within its bound, and counts them all', () => {
		const tally = new ServiceEventTally(resources, { maxRecent: 3 });
		for (let k = 0; k < 50; k++) tally.add(k8sEvent(k * 1_000, { 'k8s.event.reason': 'Started', 'k8s.pod.name': 'transfer-5c4b-fghij' }, `start ${k}`));
		const { transfer } = tally.result();
		expect(transfer.count).toBe(50);
		expect(transfer.recent.map((e) => e.message)).toEqual(['start 49', 'start 48', 'start 47']);
	});

	it('counts events of services past its bound apart', () => {
		const tally = new ServiceEventTally([], { maxServices: 1 });
		tally.add(k8sEvent(1, { 'k8s.event.reason': 'Started', 'service.name': 'a' }));
		tally.add(k8sEvent(2, { 'k8s.event.reason': 'Started', 'service.name': 'b' }));
		expect(Object.keys(tally.result())).toEqual(['a']);
		expect(tally.unassigned).toBe(1);
	});
});
