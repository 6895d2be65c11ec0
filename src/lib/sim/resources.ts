/**
 * Resource attributes per instance, as the OpenTelemetry Java agent / Node SDK with the
 * AWS, EKS and ECS resource detectors would report them.
 */
import type { Resource } from '../domain/otlp/types';
import { CLOUD, type ServiceDef } from './catalogue';
import { toKeyValues, type SimAttrs } from './otlp';

export interface InstanceIdentity {
	def: ServiceDef;
	/** service.instance.id: a new UUID per process start (the agent's behaviour). */
	instanceId: string;
	version: string;
	/** EKS: pod name; ECS: task id; EC2: host name. */
	podName: string;
	replicaSet?: string;
	zone: string;
	/** EKS worker node or EC2 host. */
	hostName: string;
	/** EC2 instance id of the host (EKS node or the core-banking server). */
	hostId: string;
	/** ECS task definition revision. */
	taskRevision?: number;
}

const SDK_VERSION = { java: '2.12.0', nodejs: '2.12.0' } as const;
const RUNTIME = {
	java: { name: 'OpenJDK Runtime Environment', version: '21.0.5+11-LTS', description: 'Eclipse Adoptium OpenJDK 64-Bit Server VM 21.0.5+11-LTS' },
	nodejs: { name: 'nodejs', version: '20.18.1', description: 'Node.js' }
} as const;

export function buildResource(id: InstanceIdentity): Resource {
	const { def } = id;
	const runtime = RUNTIME[def.runtime];
	const attrs: SimAttrs = {
		'service.name': def.name,
		'service.namespace': def.namespace,
		'service.version': id.version,
		'service.instance.id': id.instanceId,
		'deployment.environment.name': CLOUD.environment,
		'telemetry.sdk.name': 'opentelemetry',
		'telemetry.sdk.language': def.runtime,
		'telemetry.sdk.version': SDK_VERSION[def.runtime],
		'process.runtime.name': runtime.name,
		'process.runtime.version': runtime.version,
		'process.runtime.description': runtime.description,
		'cloud.provider': CLOUD.provider,
		'cloud.account.id': CLOUD.accountId,
		'cloud.region': CLOUD.region,
		'cloud.availability_zone': id.zone
	};
	if (def.platform === 'eks') {
		Object.assign(attrs, {
			'cloud.platform': 'aws_eks',
			'k8s.cluster.name': CLOUD.clusterName,
			'k8s.namespace.name': def.k8sNamespace,
			'k8s.deployment.name': def.name,
			'k8s.replicaset.name': id.replicaSet,
			'k8s.pod.name': id.podName,
			'k8s.node.name': id.hostName,
			'k8s.container.name': def.name,
			'container.image.name': `${CLOUD.accountId}.dkr.ecr.${CLOUD.region}.amazonaws.com/bank/${def.name}`,
			'container.image.tags': [id.version],
			'host.name': id.hostName,
			'host.id': id.hostId
		});
	} else if (def.platform === 'ecs') {
		const taskArn = `arn:aws:ecs:${CLOUD.region}:${CLOUD.accountId}:task/${CLOUD.ecsCluster}/${id.podName}`;
		Object.assign(attrs, {
			'cloud.platform': 'aws_ecs',
			'aws.ecs.cluster.arn': `arn:aws:ecs:${CLOUD.region}:${CLOUD.accountId}:cluster/${CLOUD.ecsCluster}`,
			'aws.ecs.task.arn': taskArn,
			'aws.ecs.task.id': id.podName,
			'aws.ecs.task.family': def.name,
			'aws.ecs.task.revision': String(id.taskRevision ?? 1),
			'aws.ecs.launchtype': 'fargate',
			'aws.ecs.container.arn': `arn:aws:ecs:${CLOUD.region}:${CLOUD.accountId}:container/${CLOUD.ecsCluster}/${id.podName}/${def.name}`,
			'aws.log.group.names': [`/ecs/${def.name}`],
			'container.name': def.name,
			'container.id': `${id.podName}-${def.name}`
		});
	} else {
		Object.assign(attrs, {
			'cloud.platform': 'aws_ec2',
			'host.name': id.hostName,
			'host.id': id.hostId,
			'host.type': 'r6i.2xlarge',
			'os.type': 'linux'
		});
	}
	return { attributes: toKeyValues(attrs) };
}
