import { describe, expect, it } from 'vitest';
import type { Attrs } from '../../protocol/records';
import { commonAttrs, placeholderValues } from './placeholders';
import { buildLinks, defaultTemplates, missingPlaceholders, normaliseTemplates, parseTemplate, type CloudLinkTemplate } from './templates';

const eksPod: Attrs = {
	'service.name': 'transfer',
	'cloud.provider': 'aws',
	'cloud.region': 'ap-northeast-2',
	'cloud.account.id': '318274650912',
	'k8s.cluster.name': 'meridian-bank-prod',
	'k8s.namespace.name': 'deposits',
	'k8s.deployment.name': 'transfer',
	'k8s.pod.name': 'transfer-5d9f7c6b8d-x2k9p',
	'host.id': 'i-0abc123def4567890'
};

const ecsTask: Attrs = {
	'service.name': 'credit-scoring',
	'cloud.provider': 'aws',
	'aws.ecs.cluster.arn': 'arn:aws:ecs:ap-northeast-2:318274650912:cluster/bank-fargate-prod',
	'aws.ecs.task.arn': 'arn:aws:ecs:ap-northeast-2:318274650912:task/bank-fargate-prod/4f1c2d3e5a6b',
	'aws.ecs.task.family': 'credit-scoring',
	'aws.log.group.names': ['/ecs/credit-scoring', '/ecs/sidecar']
};

const template = (id: string, url: string, enabled = true): CloudLinkTemplate => ({ id, label: id, url, enabled });

describe('placeholder values', () => {
	it('derives console identifiers from ARNs, log group lists and RDS endpoints', () => {
		const ecs = placeholderValues(ecsTask);
		expect(ecs['aws.ecs.cluster.name']).toBe('bank-fargate-prod');
		expect(ecs['aws.ecs.task.id']).toBe('4f1c2d3e5a6b');
		expect(ecs['aws.ecs.service.name']).toBe('credit-scoring');
		expect(ecs['aws.log.group.name']).toBe('/ecs/credit-scoring');
		// no cloud.region attribute: the region inside the ARN
		expect(ecs['cloud.region']).toBe('ap-northeast-2');

		const cluster = placeholderValues({ 'server.address': 'deposits-db.cluster-c7x2k9.ap-northeast-2.rds.amazonaws.com' });
		expect([cluster['aws.rds.resource.id'], cluster['aws.rds.is_cluster'], cluster['cloud.region']]).toEqual(['deposits-db', 'true', 'ap-northeast-2']);
		const instance = placeholderValues({ 'server.address': 'lending-db.c7x2k9.ap-northeast-2.rds.amazonaws.com' });
		expect([instance['aws.rds.resource.id'], instance['aws.rds.is_cluster']]).toEqual(['lending-db', 'false']);
		expect(placeholderValues({ 'server.address': 'cbs-db-01.corp.example.internal' })['aws.rds.resource.id']).toBeUndefined();
	});

	it('ignores empty strings and keeps only what every member of a group shares', () => {
		expect(placeholderValues({ 'k8s.pod.name': '  ' })['k8s.pod.name']).toBeUndefined();
		expect(commonAttrs([eksPod, { ...eksPod, 'k8s.pod.name': 'transfer-other' }])).toEqual(
			Object.fromEntries(Object.entries(eksPod).filter(([k]) => k !== 'k8s.pod.name'))
		);
	});
});

describe('template parsing', () => {
	it('accepts every shipped template', () => {
		for (const t of defaultTemplates) expect(parseTemplate(t.url).problems, t.id).toEqual([]);
	});

	it('flags unknown placeholders, bad filters, unbalanced braces and non-web addresses', () => {
		const codes = (url: string) => parseTemplate(url).problems.map((p) => p.code);
		expect(parseTemplate('https://x.example/{k8s.pod.nme}').problems).toEqual([{ code: 'unknown-placeholder', key: 'k8s.pod.nme' }]);
		expect(codes('https://x.example/{k8s.pod.name|base64}')).toEqual(['unknown-filter']);
		expect(codes('https://x.example/{k8s.pod.name')).toEqual(['unclosed-brace']);
		expect(codes('https://x.example/k8s.pod.name}')).toEqual(['stray-brace']);
		expect(codes('https://x.example/{}')).toEqual(['empty-placeholder']);
		expect(codes('javascript:alert(1)//{k8s.pod.name}')).toEqual(['not-http']);
		expect(codes('{cloud.region}.console.aws.amazon.com')).toEqual(['not-http']);
		expect(codes('https:// /{k8s.pod.name}')).toEqual(['not-a-url']);
		expect(codes('  ')).toEqual(['empty']);
	});

	it('reads doubled braces as literal braces', () => {
		const parsed = parseTemplate('https://x.example/{{raw}}/{k8s.pod.name}');
		expect(parsed.problems).toEqual([]);
		expect(parsed.keys).toEqual(['k8s.pod.name']);
		expect(buildLinks([template('t', 'https://x.example/{{raw}}/{k8s.pod.name}')], eksPod)[0].url).toBe('https://x.example/{raw}/transfer-5d9f7c6b8d-x2k9p');
	});
});

describe('links', () => {
	it('builds the console links a resource has every value for, values URL-encoded', () => {
		const links = buildLinks(defaultTemplates, eksPod);
		expect(links.map((l) => l.id)).toEqual(['aws-ec2-instance', 'k8s-dashboard-pod', 'k8s-dashboard-deployment']);
		expect(links[0].url).toBe('https://ap-northeast-2.console.aws.amazon.com/ec2/home?region=ap-northeast-2#InstanceDetails:instanceId=i-0abc123def4567890');
		expect(links[1].url).toContain('/#/pod/deposits/transfer-5d9f7c6b8d-x2k9p?namespace=deposits');

		const ecs = buildLinks(defaultTemplates, ecsTask);
		expect(ecs.map((l) => l.id)).toEqual(['aws-ecs-task', 'aws-ecs-service', 'aws-cloudwatch-logs']);
		expect(ecs[2].url).toBe('https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#logsV2:log-groups/log-group/$252Fecs$252Fcredit-scoring');

		const odd = buildLinks([template('t', 'https://x.example/p/{k8s.pod.name}?q={k8s.namespace.name}')], { 'k8s.pod.name': 'a/b?c#d e', 'k8s.namespace.name': 'x&y=z' });
		expect(odd[0].url).toBe('https://x.example/p/a%2Fb%3Fc%23d%20e?q=x%26y%3Dz');
	});

	it('offers nothing for disabled or invalid templates and says which values are missing', () => {
		const openShift = defaultTemplates.find((t) => t.id === 'openshift-pod')!;
		expect(buildLinks([openShift], eksPod)).toEqual([]);
		expect(buildLinks([{ ...openShift, enabled: true }], eksPod)[0].url).toBe(
			'https://console-openshift-console.apps.meridian-bank-prod.example.com/k8s/ns/deposits/pods/transfer-5d9f7c6b8d-x2k9p'
		);
		expect(buildLinks([template('bad', 'https://x.example/{nope}')], eksPod)).toEqual([]);
		expect(missingPlaceholders(template('t', 'https://x.example/{k8s.pod.name}/{aws.ecs.task.id}'), eksPod)).toEqual(['aws.ecs.task.id']);
	});
});

describe('stored templates', () => {
	it('falls back to the shipped templates for anything unreadable', () => {
		expect(normaliseTemplates(undefined)).toEqual(defaultTemplates);
		expect(normaliseTemplates({ templates: 'x' })).toEqual(defaultTemplates);
	});

	it('drops malformed entries, makes ids unique and bounds the list', () => {
		const stored = normaliseTemplates({
			templates: [
				{ id: 'a', label: 'A', url: 'https://x.example/{k8s.pod.name}' },
				{ id: 'a', label: 'A again', url: 'https://y.example/', enabled: false },
				{ id: 3, url: 'https://z.example/' },
				'junk',
				...Array.from({ length: 60 }, (_, i) => ({ id: `n${i}`, url: 'https://n.example/' }))
			]
		});
		expect(stored[0]).toEqual({ id: 'a', label: 'A', url: 'https://x.example/{k8s.pod.name}', enabled: true });
		expect(stored[1]).toEqual({ id: 'a-2', label: 'A again', url: 'https://y.example/', enabled: false });
		expect(stored).toHaveLength(50);
		expect(normaliseTemplates({ templates: [] })).toEqual([]);
	});
});
