/**
 * The values a cloud link template may use, read from resource attributes. Most are the
 * attribute itself (`{k8s.pod.name}`); a few are derived where the console needs a piece of
 * an attribute rather than the whole:
 *
 *   aws.ecs.cluster.name   last part of aws.ecs.cluster.arn (`arn:aws:ecs:R:A:cluster/NAME`)
 *   aws.ecs.task.id        the attribute, else the last part of aws.ecs.task.arn
 *   aws.ecs.service.name   the attribute when an exporter sets it, else aws.ecs.task.family
 *                          (an assumption: ECS services are usually named after their task
 *                          family; edit the template when yours are not)
 *   aws.log.group.name     the first of aws.log.group.names
 *   aws.rds.resource.id    first DNS label of an RDS endpoint in server.address
 *                          (`deposits-db.cluster-c7x2k9.ap-northeast-2.rds.amazonaws.com`)
 *   aws.rds.is_cluster     `true` for an Aurora cluster endpoint (`.cluster-` / `.cluster-ro-`)
 *   cloud.region           the attribute, else the region inside an ECS ARN or RDS endpoint
 *
 * Only non-empty string or number values count; arrays give their first item.
 */
import type { AttrValue, Attrs } from '../../protocol/records';

/** Attributes a template may name directly. */
export const attributePlaceholders = [
	'cloud.provider',
	'cloud.platform',
	'cloud.region',
	'cloud.account.id',
	'cloud.availability_zone',
	'host.id',
	'host.name',
	'service.name',
	'service.namespace',
	'service.instance.id',
	'aws.ecs.cluster.arn',
	'aws.ecs.task.arn',
	'aws.ecs.task.id',
	'aws.ecs.task.family',
	'aws.ecs.task.revision',
	'aws.ecs.service.name',
	'aws.log.group.names',
	'k8s.cluster.name',
	'k8s.namespace.name',
	'k8s.deployment.name',
	'k8s.statefulset.name',
	'k8s.daemonset.name',
	'k8s.replicaset.name',
	'k8s.pod.name',
	'k8s.node.name',
	'k8s.container.name',
	'container.id',
	'container.name',
	'db.system',
	'db.namespace',
	'server.address',
	'server.port'
] as const;

/** Values computed from other attributes (see the module comment). */
export const derivedPlaceholders = ['aws.ecs.cluster.name', 'aws.log.group.name', 'aws.rds.resource.id', 'aws.rds.is_cluster'] as const;

export const knownPlaceholders: ReadonlySet<string> = new Set<string>([...attributePlaceholders, ...derivedPlaceholders]);

function scalar(value: AttrValue | undefined): string | undefined {
	const first = Array.isArray(value) ? value[0] : value;
	if (typeof first === 'string') return first.trim() === '' ? undefined : first;
	if (typeof first === 'number' && Number.isFinite(first)) return String(first);
	return undefined;
}

const rdsEndpoint = /^([a-z0-9-]+)\.(cluster-(?:ro-|custom-)?)?[a-z0-9]+\.([a-z]{2}(?:-[a-z]+)+-\d)\.rds\.amazonaws\.com$/i;
const ecsArn = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):\d+:[a-z-]+\/(.+)$/;

/** Every placeholder value the attributes provide (keys absent when unknown). */
export function placeholderValues(attrs: Attrs): Record<string, string> {
	const out: Record<string, string> = {};
	for (const key of attributePlaceholders) {
		const value = scalar(attrs[key]);
		if (value !== undefined) out[key] = value;
	}
	const clusterArn = out['aws.ecs.cluster.arn']?.match(ecsArn);
	if (clusterArn) out['aws.ecs.cluster.name'] = clusterArn[2];
	if (!out['aws.ecs.task.id']) {
		const taskArn = out['aws.ecs.task.arn']?.match(ecsArn);
		if (taskArn) out['aws.ecs.task.id'] = taskArn[2].split('/').at(-1)!;
	}
	if (!out['aws.ecs.service.name'] && out['aws.ecs.task.family']) out['aws.ecs.service.name'] = out['aws.ecs.task.family'];
	if (out['aws.log.group.names']) out['aws.log.group.name'] = out['aws.log.group.names'];
	const rds = out['server.address']?.match(rdsEndpoint);
	if (rds) {
		out['aws.rds.resource.id'] = rds[1];
		out['aws.rds.is_cluster'] = rds[2] ? 'true' : 'false';
	}
	if (!out['cloud.region']) {
		const region = clusterArn?.[1] ?? out['aws.ecs.task.arn']?.match(ecsArn)?.[1] ?? rds?.[3];
		if (region) out['cloud.region'] = region;
	}
	return out;
}

/** The attributes every one of `list` shares with the same value (a group's common ground). */
export function commonAttrs(list: readonly Attrs[]): Attrs {
	if (list.length === 0) return {};
	const out: Attrs = {};
	for (const [key, value] of Object.entries(list[0])) {
		const text = JSON.stringify(value);
		if (list.every((attrs) => attrs[key] !== undefined && JSON.stringify(attrs[key]) === text)) out[key] = value;
	}
	return out;
}
