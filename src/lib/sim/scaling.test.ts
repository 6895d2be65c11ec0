import { beforeAll, describe, expect, it } from 'vitest';
import { collect, type FlatLog, type FlatPoint } from './flatten';
import { createDemoBank } from './index';
import { KST_OFFSET_MS } from './load';

describe('auto-scaling', () => {
	// 02:00 → 14:00 KST on a Wednesday at 3,600× speed: 12 s of caller time.
	const startMs = Date.UTC(2026, 10, 4, 2, 0) - KST_OFFSET_MS;
	let points: FlatPoint[];
	let logs: FlatLog[];
	beforeAll(() => {
		const bank = createDemoBank({ seed: 41, startMs, speed: 3_600, load: 1, incidents: 'none', metricIntervalMs: 1_000 });
		({ points, logs } = collect(bank, startMs, startMs + 12_000, 500));
	});
	const instancesAt = (service: string, fromMs: number, toMs: number) =>
		new Set(points.filter((p) => p.service === service && p.timeMs >= fromMs && p.timeMs < toMs && p.name === 'process.cpu.utilization').map((p) => p.instance));

	it('runs more instances at the lunch peak than at night, with new instance ids and pod names', () => {
		const night = instancesAt('accounts', startMs, startMs + 2_000);
		const lunch = instancesAt('accounts', startMs + 10_000, startMs + 11_000);
		expect(lunch.size).toBeGreaterThan(night.size);
		const added = [...lunch].filter((id) => !night.has(id));
		expect(added.length).toBeGreaterThan(0);
		const pods = new Set(points.filter((p) => p.service === 'accounts').map((p) => String(p.resource['k8s.pod.name'])));
		for (const pod of pods) expect(pod).toMatch(/^accounts-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
		expect(pods.size).toBeGreaterThan(night.size);
	});

	it('reports scaling as Kubernetes events and ECS services as ECS events', () => {
		const k8s = logs.filter((l) => l.eventName === 'k8s.event');
		expect(k8s.some((l) => l.attrs['k8s.event.reason'] === 'SuccessfulRescale' && l.attrs['k8s.object.kind'] === 'HorizontalPodAutoscaler')).toBe(true);
		expect(k8s.some((l) => l.attrs['k8s.event.reason'] === 'ScalingReplicaSet')).toBe(true);
		expect(k8s.some((l) => l.attrs['k8s.event.reason'] === 'Started' && typeof l.attrs['service.instance.id'] === 'string')).toBe(true);
		for (const l of k8s) expect(l.resource['k8s.cluster.name']).toBe('meridian-bank-prod');
		const ecs = logs.filter((l) => l.eventName === 'aws.ecs.event');
		expect(ecs.length).toBeGreaterThan(0);
		expect(ecs.every((l) => ['product-catalogue', 'product-subscription', 'credit-scoring'].includes(String(l.attrs['service.name'])))).toBe(true);
	});

	it('gives every instance cloud and platform resource attributes', () => {
		const byService = new Map(points.map((p) => [p.service, p.resource]));
		const accounts = byService.get('accounts')!;
		expect(accounts).toMatchObject({ 'cloud.provider': 'aws', 'cloud.platform': 'aws_eks', 'cloud.region': 'ap-northeast-2', 'k8s.namespace.name': 'deposits', 'k8s.deployment.name': 'accounts', 'service.namespace': 'deposits' });
		expect(accounts['cloud.account.id']).toMatch(/^\d{12}$/);
		expect(accounts['host.name']).toMatch(/compute\.internal$/);
		const scoring = byService.get('credit-scoring')!;
		expect(scoring).toMatchObject({ 'cloud.platform': 'aws_ecs', 'aws.ecs.launchtype': 'fargate', 'aws.ecs.task.family': 'credit-scoring' });
		expect(String(scoring['aws.ecs.task.arn'])).toMatch(/^arn:aws:ecs:ap-northeast-2:\d{12}:task\//);
		expect(byService.get('core-banking')).toMatchObject({ 'cloud.platform': 'aws_ec2', 'host.name': expect.stringMatching(/^cbs-app-0[12]\./) });
	});
});
