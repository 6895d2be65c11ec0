/**
 * Platform events as OTLP log records, as an event collector (the Collector's k8sobjects /
 * k8s_events receiver, an ECS event bridge) would send them: one resource per cluster,
 * `eventName` = `k8s.event` (EKS) or `aws.ecs.event` (ECS), the message as the body.
 * Both use the k8s.event.* / k8s.object.* keys for reason, type and object, so one reader
 * handles both; service.name / service.instance.id / k8s.pod.name tie an event to the
 * instances the spans and metrics come from.
 */
import type { OtlpLogRecord, Resource } from '../domain/otlp/types';
import { CLOUD } from './catalogue';
import { unixNano } from './clock';
import { toKeyValues } from './otlp';
import type { FleetEvent } from './scaling';

export const EVENT_SCOPE = 'meridian.sim.platform-events';

export function eventResource(platform: 'eks' | 'ecs'): Resource {
	if (platform === 'eks') {
		return {
			attributes: toKeyValues({
				'service.name': 'k8s-events',
				'k8s.cluster.name': CLOUD.clusterName,
				'cloud.provider': CLOUD.provider,
				'cloud.platform': 'aws_eks',
				'cloud.region': CLOUD.region,
				'cloud.account.id': CLOUD.accountId
			})
		};
	}
	return {
		attributes: toKeyValues({
			'service.name': 'ecs-events',
			'aws.ecs.cluster.arn': `arn:aws:ecs:${CLOUD.region}:${CLOUD.accountId}:cluster/${CLOUD.ecsCluster}`,
			'cloud.provider': CLOUD.provider,
			'cloud.platform': 'aws_ecs',
			'cloud.region': CLOUD.region,
			'cloud.account.id': CLOUD.accountId
		})
	};
}

export function fleetEventLog(e: FleetEvent): OtlpLogRecord {
	const eks = e.platform !== 'ecs';
	const eventName = eks ? 'k8s.event' : 'aws.ecs.event';
	const inst = e.instance;
	const warning = e.type === 'Warning';
	return {
		timeUnixNano: unixNano(e.atMs),
		observedTimeUnixNano: unixNano(e.atMs),
		severityNumber: warning ? 13 : 9,
		severityText: warning ? 'WARN' : 'INFO',
		eventName,
		body: { stringValue: e.message },
		attributes: toKeyValues({
			'event.name': eventName,
			'k8s.event.reason': e.reason,
			'k8s.event.type': e.type,
			'k8s.event.count': 1,
			'k8s.object.kind': e.objectKind,
			'k8s.object.name': e.objectName,
			'k8s.namespace.name': eks ? inst?.def.k8sNamespace : undefined,
			'k8s.deployment.name': eks && e.objectKind !== 'Node' ? e.service : undefined,
			'k8s.pod.name': eks && inst ? inst.podName : undefined,
			'aws.ecs.task.id': !eks && inst ? inst.podName : undefined,
			'k8s.container.status.reason': e.reason === 'BackOff' ? 'CrashLoopBackOff' : e.reason === 'OOMKilled' ? 'OOMKilled' : undefined,
			'service.name': e.objectKind === 'Node' ? undefined : e.service,
			'service.instance.id': inst?.instanceId,
			'service.version': inst?.version
		})
	};
}
