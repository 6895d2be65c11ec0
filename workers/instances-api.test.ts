import { beforeAll, describe, expect, it } from 'vitest';
import { createInstancesApi, figuresKey, type InstanceDetail, type InstancesPage } from './instances-api';
import { demoStore, type DemoStore } from './demo-store.test-support';

const START = Date.UTC(2026, 10, 4, 3, 0);

describe('instances worker api on the demo bank', () => {
	let demo: DemoStore;
	let page: InstancesPage;
	beforeAll(async () => {
		// 60x: a mobile traffic surge makes the autoscaler add pods within the run
		demo = await demoStore({ startMs: START, seconds: 45, stepMs: 1_000, speed: 60, load: 0.3, incidents: [{ kind: 'traffic-surge', startMs: START + 3_000, durationMs: 600_000 }] });
		const api = createInstancesApi(() => demo.store);
		// a simulated minute passes every real second: a unit is gone 2 s after its last report
		const reply = await api.overview(1, 'demo', { fromMs: START + 2_000, toMs: demo.endMs + 1, nowMs: demo.endMs, stepMs: 1_000, retireAfterMs: 300_000, silentAfterMs: 2_000, graceMs: 2_000 });
		expect(reply.status).toBe('done');
		page = reply as InstancesPage;
	}, 60_000);

	it('groups the bank services by deployment and ECS service, with no database or event source among them', () => {
		const services = page.services.map((s) => s.service);
		expect(services).toContain('mobile-banking');
		expect(services).toContain('credit-scoring');
		expect(services.some((s) => s.endsWith('-mysql') || s.endsWith('-postgresql') || s.endsWith('-events'))).toBe(false);
		const kinds = new Set(page.services.flatMap((s) => s.groups.map((g) => g.group.kind)));
		expect(kinds).toEqual(new Set(['deployment', 'ecs-service', 'service']));
		const scoring = page.services.find((s) => s.service === 'credit-scoring')!.groups[0];
		expect(scoring.group.kind).toBe('ecs-service');
		expect(scoring.instances.every((i) => i.unit.kind === 'task')).toBe(true);
	});

	it('shows the surge as a scale-out, both from new pods and from the autoscaler events', () => {
		const mobile = page.services.find((s) => s.service === 'mobile-banking')!.groups[0];
		expect(mobile.steps.some((s) => s.direction === 'out' && s.to > s.from)).toBe(true);
		expect(mobile.countNow).toBeGreaterThan(mobile.countAtStart);
		expect(mobile.maxCount).toBeGreaterThanOrEqual(mobile.countNow);
		expect(mobile.events.some((e) => e.reason === 'SuccessfulRescale' && e.category === 'scale')).toBe(true);
		expect(page.eventsRead).toBeGreaterThan(0);
	});

	it('has request figures for the instances that served traffic', () => {
		const gateway = page.services.find((s) => s.service === 'api-gateway')!.groups[0];
		const served = gateway.instances.flatMap((i) => i.processes).map((p) => page.figures[figuresKey('api-gateway', p.instance)]);
		expect(served.some((f) => f !== undefined && f.count > 0)).toBe(true);
	});

	it("reads one unit's transactions per process and its runtime metrics", async () => {
		const api = createInstancesApi(() => demo.store);
		const transfer = page.services.find((s) => s.service === 'transfer')!.groups[0].instances[0];
		const reply = await api.detail(1, 'demo', {
			service: 'transfer',
			processes: transfer.processes.map((p) => ({ instance: p.instance, resourceId: p.resourceId })),
			fromMs: START + 2_000,
			toMs: demo.endMs + 1,
			level: '1s'
		});
		expect(reply.status).toBe('done');
		const detail = reply as InstanceDetail;
		expect(detail.transactions.map((t) => t.instance)).toEqual(transfer.processes.map((p) => p.instance));
		const served = detail.transactions[0].tps.reduce<number>((n, v) => n + (v ?? 0), 0);
		expect(served).toBe(page.figures[figuresKey('transfer', transfer.processes[0].instance)].count);
		// a Java service: CPU and heap from its OpenTelemetry runtime metrics
		expect(detail.runtime.cpu?.some((v) => v !== null && v > 0)).toBe(true);
		expect(detail.runtime.heapBytes?.some((v) => v !== null && v > 0)).toBe(true);
		expect(detail.xsSec.length).toBe(detail.runtime.xsSec.length);
	});
});
