/**
 * What a resource is, from its attributes alone: an application instance, a database (the
 * collectors' and the demo bank's database resources carry `db.system`), or an event source
 * (a collector that only forwards platform events: no instance identity and no SDK).
 *
 * An application instance is placed at two levels:
 *   unit    what comes and goes: a pod, an ECS task, a container, a host, else the process
 *           (`service.instance.id`). A process restarted in the same pod is a new process of
 *           the same unit (the OTel SDK gives it a new service.instance.id).
 *   group   what scales it: a Kubernetes deployment / statefulset / daemonset, an ECS service,
 *           an EC2 auto-scaling group, else the service itself.
 */
import type { AttrValue, Attrs, ResourceRecord } from '../../protocol/records';

export type ResourceRole = 'instance' | 'database' | 'event-source';

/** Attributes that name one running thing; a resource with none of them is not an instance. */
const identityKeys = ['service.instance.id', 'k8s.pod.name', 'aws.ecs.task.id', 'aws.ecs.task.arn', 'container.id', 'host.name', 'host.id', 'faas.instance'];

function text(value: AttrValue | undefined): string | undefined {
	const first = Array.isArray(value) ? value[0] : value;
	if (typeof first === 'string') return first.trim() === '' ? undefined : first;
	if (typeof first === 'number') return String(first);
	return undefined;
}

export function resourceRole(resource: Pick<ResourceRecord, 'attrs'>): ResourceRole {
	const attrs = resource.attrs;
	if (text(attrs['db.system']) !== undefined) return 'database';
	const hasIdentity = identityKeys.some((key) => text(attrs[key]) !== undefined);
	const hasSdk = text(attrs['telemetry.sdk.name']) !== undefined || text(attrs['telemetry.sdk.language']) !== undefined;
	return hasIdentity || hasSdk ? 'instance' : 'event-source';
}

export type UnitKind = 'pod' | 'task' | 'container' | 'host' | 'process';

export interface InstanceUnit {
	kind: UnitKind;
	name: string;
}

export function instanceUnit(resource: Pick<ResourceRecord, 'attrs' | 'instance'>): InstanceUnit {
	const a = resource.attrs;
	const pod = text(a['k8s.pod.name']);
	if (pod) return { kind: 'pod', name: pod };
	const task = text(a['aws.ecs.task.id']) ?? text(a['aws.ecs.task.arn'])?.split('/').at(-1);
	if (task) return { kind: 'task', name: task };
	const container = text(a['container.id']);
	if (container) return { kind: 'container', name: container };
	const host = text(a['host.name']) ?? text(a['host.id']);
	if (host) return { kind: 'host', name: host };
	return { kind: 'process', name: resource.instance };
}

export type GroupKind = 'deployment' | 'statefulset' | 'daemonset' | 'ecs-service' | 'asg' | 'service';

export interface InstanceGroupId {
	/** Unique over services, kinds and scopes. */
	key: string;
	service: string;
	kind: GroupKind;
	name: string;
	/** Where the name is unique: `cluster/namespace` for Kubernetes, the ECS cluster; '' otherwise. */
	scope: string;
}

/**
 * `aws.ecs.service.name` and `aws.autoscaling.group.name` are not semantic conventions yet;
 * exporters that know them may set them. Without the first, an ECS task is grouped by its
 * task family (how ECS services are usually named).
 */
export function instanceGroup(resource: Pick<ResourceRecord, 'attrs' | 'service'>): InstanceGroupId {
	const a = resource.attrs;
	const service = resource.service;
	const make = (kind: GroupKind, name: string, scope = ''): InstanceGroupId => ({
		key: [service, kind, scope, name].map((p) => p.replace(/%/g, '%25').replace(/\|/g, '%7C')).join('|'),
		service,
		kind,
		name,
		scope
	});
	const k8sScope = [text(a['k8s.cluster.name']), text(a['k8s.namespace.name'])].filter(Boolean).join('/');
	for (const [key, kind] of [
		['k8s.deployment.name', 'deployment'],
		['k8s.statefulset.name', 'statefulset'],
		['k8s.daemonset.name', 'daemonset']
	] as const) {
		const name = text(a[key]);
		if (name) return make(kind, name, k8sScope);
	}
	const ecsCluster = text(a['aws.ecs.cluster.arn'])?.split('/').at(-1) ?? '';
	const ecsService = text(a['aws.ecs.service.name']) ?? text(a['aws.ecs.task.family']);
	if (ecsService) return make('ecs-service', ecsService, ecsCluster);
	const asg = text(a['aws.autoscaling.group.name']);
	if (asg) return make('asg', asg, text(a['cloud.region']) ?? '');
	return make('service', service);
}

/** Attributes shown beside an instance: version, zone, node. */
export function instanceDetails(attrs: Attrs): { version?: string; zone?: string; node?: string } {
	return {
		version: text(attrs['service.version']),
		zone: text(attrs['cloud.availability_zone']),
		node: text(attrs['k8s.node.name']) ?? (text(attrs['k8s.pod.name']) ? undefined : text(attrs['host.name']))
	};
}
