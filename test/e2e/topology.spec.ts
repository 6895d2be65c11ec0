/**
 * The service map against the real relay and its demo bank: the bank's services,
 * databases, queue and external hosts appear as their own node kinds; clicking a node (or
 * Enter on it) opens its details with figures, RED charts and its slowest transactions,
 * which open the transaction path; a dragged node stays pinned over a reload, and, pins
 * being synced documents, a second device (another browser context: its own storage) sees
 * the node pinned in the same place.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startRelay, type RunningRelay } from '../support/relay';
import { TopologyPage } from './pages/topology-page';
import { TracePage } from './pages/trace-page';

let browser: Browser;
let relay: RunningRelay;
let context: BrowserContext | undefined;
let secondDevice: BrowserContext | undefined;

beforeAll(async () => {
	browser = await launchChromium();
	relay = await startRelay({ demo: true });
});
afterEach(async () => {
	await context?.close();
	await secondDevice?.close();
	context = undefined;
	secondDevice = undefined;
});
afterAll(async () => {
	await relay?.stop();
	await browser?.close();
});

async function newPage() {
	context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB' });
	return context.newPage();
}

describe('Service map', () => {
	it('draws the bank by node kind; clicking a node opens its details, whose slowest transaction opens its trace', async () => {
		const map = new TopologyPage(await newPage());
		await map.open(relay.appUrl, '?len=5m');
		// the demo bank's entry point, one of its MySQL databases, its Kafka topic and the credit bureau
		await map.node('Service', 'api-gateway').waitFor({ timeout: 90_000 });
		await expect.poll(() => map.nodeNames('Database'), { timeout: 60_000 }).toContain('deposits (mysql)');
		await expect.poll(() => map.nodeNames('Queue'), { timeout: 60_000 }).toContain('notification.requested (kafka)');
		expect(await map.nodeNames('Service')).toEqual(expect.arrayContaining(['transfer', 'accounts', 'core-banking']));

		await map.node('Service', 'transfer').click();
		const details = map.details('transfer');
		await details.waitFor();
		expect(await map.detailNumber('transfer', 'Requests')).toBeGreaterThan(0);
		await details.getByRole('figure', { name: 'Requests per second' }).waitFor();
		// the transfer service calls the deposits database
		await details.getByRole('button', { name: 'deposits (mysql)', exact: true }).waitFor();
		const slowest = details.getByRole('link', { name: /^Open trace / });
		await slowest.first().waitFor({ timeout: 30_000 });
		await slowest.first().click();
		const trace = new TracePage(map.page);
		await trace.waitLoaded();
		expect(await (await trace.row('transfer')).count()).toBe(1);
	});

	it('opens details from the keyboard, and keeps a dragged node pinned over a reload and on a second device', async () => {
		const map = new TopologyPage(await newPage());
		await map.open(relay.appUrl, '?len=5m');
		const accounts = map.node('Service', 'accounts');
		await accounts.waitFor({ timeout: 60_000 });
		await accounts.focus();
		await map.page.keyboard.press('Enter');
		await map.details('accounts').waitFor();
		expect(await map.detailNumber('accounts', 'Requests')).toBeGreaterThan(0);

		await map.dragNode(accounts, 160, 90);
		await expect.poll(async () => (await accounts.getAttribute('aria-label')) ?? '', { timeout: 30_000 }).toMatch(/, pinned$/);
		await map.page.reload();
		await map.node('Service', 'accounts').waitFor({ timeout: 60_000 });
		expect(await map.node('Service', 'accounts').getAttribute('aria-label')).toMatch(/, pinned$/);
		expect(await map.node('Service', 'transfer').getAttribute('aria-label')).not.toMatch(/pinned/);
		const pinnedAt = await map.node('Service', 'accounts').getAttribute('transform');

		// another device: nothing stored locally, the pin arrives through the relay's document sync
		secondDevice = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB' });
		const other = new TopologyPage(await secondDevice.newPage());
		await other.open(relay.appUrl, '?len=5m');
		const accountsThere = other.node('Service', 'accounts');
		await accountsThere.waitFor({ timeout: 60_000 });
		await expect.poll(async () => (await accountsThere.getAttribute('aria-label')) ?? '', { timeout: 30_000 }).toMatch(/, pinned$/);
		// in the same place: pins are layout coordinates
		await expect.poll(() => accountsThere.getAttribute('transform'), { timeout: 30_000 }).toBe(pinnedAt);
		expect(await other.node('Service', 'transfer').getAttribute('aria-label')).not.toMatch(/pinned/);
	});
});
