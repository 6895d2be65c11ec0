/**
 * The Instances page on the embedded demo bank: instances per service, grouped by
 * Kubernetes deployment or ECS service, and scale events on the timeline. The bank runs at
 * 300x (a simulated day in under five real minutes) with a traffic surge from the first
 * second, so its autoscaler changes replica counts within the test whatever the time of day.
 * The same platform events mark the scaled service on the service map. The console link
 * templates and the retirement setting are synced documents: what one device saves, another
 * device (another browser context) uses.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startRelay } from '../support/relay';
import { InstancesPage } from './pages/instances-page';
import { TopologyPage } from './pages/topology-page';

let browser: Browser;
let context: BrowserContext | undefined;
let secondDevice: BrowserContext | undefined;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
	browser = await launchChromium();
});
afterEach(async () => {
	await context?.close();
	await secondDevice?.close();
	context = undefined;
	secondDevice = undefined;
	while (stops.length) await stops.pop()!();
});
afterAll(async () => {
	await browser?.close();
});

describe('Instances page on the demo bank', () => {
	it('shows instances per service and the scale events of the autoscaler', async () => {
		const relay = await startRelay({ demo: true, args: ['--demo-speed', '300', '--demo-incidents', 'traffic-surge@+1:900'] });
		stops.push(() => relay.stop());
		context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB' });
		const page = new InstancesPage(await context.newPage());
		// the last 5 minutes re-read every 10 s
		await page.open(relay.appUrl, '?range=5m');

		// EKS pods of a deployment and ECS tasks of a service, named as the bank names them
		await page.service('api-gateway').waitFor({ timeout: 60_000 });
		await expect.poll(async () => (await page.instanceNames('api-gateway')).length, { timeout: 30_000, interval: 1_000 }).toBeGreaterThan(0);
		expect((await page.instanceNames('api-gateway')).every((name) => /^api-gateway-[a-z0-9]{10}-[a-z0-9]{5}$/.test(name))).toBe(true);
		const scoring = page.service('credit-scoring');
		expect(await scoring.getByRole('heading', { level: 3 }).first().innerText()).toMatch(/^ECS service\s+credit-scoring/);

		// console links built from each pod's attributes, values URL-encoded
		const ec2 = await page.consoleLinks('api-gateway', 'EC2 instance');
		expect(ec2.length).toBeGreaterThan(0);
		for (const { href } of ec2) expect(href).toMatch(/^https:\/\/ap-northeast-2\.console\.aws\.amazon\.com\/ec2\/home\?region=ap-northeast-2#InstanceDetails:instanceId=i-[0-9a-f]+$/);
		// each pod's dashboard link names its namespace (edge) and the pod itself
		for (const { instance, href } of await page.consoleLinks('api-gateway', 'Kubernetes dashboard: pod')) {
			expect(href).toContain(`/#/pod/edge/${instance}?namespace=edge`);
		}
		// a mistyped placeholder is flagged and saving is refused
		await page.editTemplate('EC2 instance', 'https://{cloud.region}.console.aws.amazon.com/ec2/home#InstanceDetails:instanceId={host.idd}');
		expect(await page.templateProblems('EC2 instance').innerText()).toContain('Unknown placeholder host.idd');
		expect(await page.page.getByRole('button', { name: 'Save templates' }).isDisabled()).toBe(true);

		// the autoscaler's own events and the steps seen from instances coming and going
		await expect
			.poll(async () => (await page.timelineEntries()).some((e) => /Scaling · (SuccessfulRescale|ScalingReplicaSet): /.test(e)), { timeout: 150_000, interval: 2_000 })
			.toBe(true);
		await expect
			.poll(async () => (await page.timelineEntries()).some((e) => /Scale-(out|in): \d+ → \d+ instances/.test(e)), { timeout: 150_000, interval: 2_000 })
			.toBe(true);

		// the surge's autoscaler events on the map: a badge on the mobile banking service, listed in its details
		const map = new TopologyPage(page.page);
		await map.open(relay.appUrl, '?len=5m');
		const mobile = map.node('Service', 'mobile-banking');
		await mobile.waitFor({ timeout: 60_000 });
		await expect.poll(async () => (await mobile.getAttribute('aria-label')) ?? '', { timeout: 60_000, interval: 2_000 }).toMatch(/, \d+ platform events \(/);
		await mobile.click();
		const details = map.details('mobile-banking');
		await details.getByRole('list', { name: 'Platform events of mobile-banking' }).waitFor();
		await expect.poll(async () => (await details.innerText()).match(/Scaling \d+/)?.[0] ?? '', { timeout: 60_000, interval: 2_000 }).toMatch(/^Scaling \d+$/);
	}, 360_000);

	it('shares a saved console link template and the retirement setting with a second device', async () => {
		const relay = await startRelay({ demo: true });
		stops.push(() => relay.stop());
		context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB' });
		const laptop = new InstancesPage(await context.newPage());
		await laptop.open(relay.appUrl, '?range=5m');
		const template = 'https://console.example.test/ec2/{cloud.region}/{host.id}';
		await laptop.editTemplate('EC2 instance', template);
		await laptop.saveTemplates();
		await laptop.retireAfter().fill('7');
		await laptop.retireAfter().press('Tab');

		secondDevice = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB' });
		const tablet = new InstancesPage(await secondDevice.newPage());
		await tablet.open(relay.appUrl, '?range=5m');
		await expect.poll(() => tablet.templateUrl('EC2 instance'), { timeout: 30_000 }).toBe(template);
		await expect.poll(() => tablet.retireAfter().inputValue(), { timeout: 30_000 }).toBe('7');
		// the links of the second device are built from the saved template
		await tablet.service('api-gateway').waitFor({ timeout: 60_000 });
		await expect
			.poll(async () => (await tablet.consoleLinks('api-gateway', 'EC2 instance')).map((l) => l.href), { timeout: 30_000, interval: 1_000 })
			.toEqual(expect.arrayContaining([expect.stringMatching(/^https:\/\/console\.example\.test\/ec2\/ap-northeast-2\/i-[0-9a-f]+$/)]));
	}, 180_000);
});
