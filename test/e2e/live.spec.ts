/**
 * The live pipeline as a person sees it, in Chromium against the real relay: figures move,
 * history survives a reload, a network outage leaves no hole and no duplicate, and the
 * static demo build works with no relay at all.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appBuildDir, demoBuildDir } from '../support/builds';
import { launchChromium } from '../support/chromium';
import { startOtelSender } from '../support/otel-sender';
import { startRelay, type RunningRelay } from '../support/relay';
import { serveStatic } from '../support/static-server';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { LiveBoardPage } from './pages/live-board';
import { SettingsPage } from './pages/settings-page';

let browser: Browser;
let context: BrowserContext | undefined;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
	browser = await launchChromium();
});
afterEach(async () => {
	await context?.close();
	context = undefined;
	while (stops.length) await stops.pop()!();
});
afterAll(async () => {
	await browser?.close();
});

async function newPage() {
	context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
	return context.newPage();
}

describe('Live board against a running relay', () => {
	it('shows transactions per second above zero from the embedded demo bank', async () => {
		const relay = await startRelay({ demo: true });
		stops.push(() => relay.stop());
		const board = new LiveBoardPage(await newPage());
		await board.open(relay.appUrl);
		const tps = await board.waitForFigure('Transactions per second', (v) => v > 0);
		expect(tps).toBeGreaterThan(0);
		// every demo service that answered in the last second has a row of its own
		await board.serviceTable().getByRole('button', { name: 'api-gateway', exact: true }).waitFor();
	});

	it('keeps every span through a 30 s outage, with no gap and no duplicate, and keeps history over a reload', async () => {
		const relay: RunningRelay = await startRelay();
		stops.push(() => relay.stop());
		const proxy: TcpProxy = await startTcpProxy(Number(new URL(relay.appUrl).port));
		stops.push(() => proxy.close());
		const page = await newPage();
		const settings = new SettingsPage(page);
		await settings.open(proxy.url);
		// a later reload must find no relay and must not switch to demo data
		await settings.setDemo('Never');

		const sender = startOtelSender({ otlpUrl: relay.otlpUrl, service: 'e2e-outage', perSecond: 20, durationMs: 120 });
		stops.push(() => sender.stop());
		const board = new LiveBoardPage(page);
		await board.open(proxy.url);
		await board.serviceTable().getByRole('button', { name: 'e2e-outage', exact: true }).waitFor({ timeout: 60_000 });

		proxy.cut();
		await new Promise((resolve) => setTimeout(resolve, 30_000));
		proxy.restore();
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		await sender.stop();
		const sent = sender.sent;
		expect(sent).toBeGreaterThan(600);

		await settings.open(proxy.url);
		await expect.poll(() => settings.storageItems('Spans'), { timeout: 60_000, interval: 1_000 }).toBe(sent);
		expect(await settings.storageItems('Recorded gaps')).toBe(0);

		// history from IndexedDB alone: the relay is gone and the page is served by a plain
		// static server at the same address
		await relay.stop();
		const files = await serveStatic(appBuildDir);
		stops.push(() => files.close());
		proxy.retarget(Number(new URL(files.url).port));
		await board.open(proxy.url, '?range=5m');
		const row = await (async () => {
			await board.serviceTable().getByRole('button', { name: 'e2e-outage', exact: true }).waitFor({ timeout: 30_000 });
			return board.serviceRow('e2e-outage');
		})();
		// every span lasted 120 ms, so the stored mean is 120 ms whatever the window
		expect(row['Mean']).toMatch(/^120(\.0)? ms$/);
	});
});

describe('offline demo build', () => {
	it('runs on simulated data with the network blocked, and says so', async () => {
		const files = await serveStatic(demoBuildDir);
		stops.push(() => files.close());
		const page = await newPage();
		// nothing but the static host answers
		await context!.route('**/*', (route) =>
			route.request().url().startsWith(files.url) ? route.continue() : route.abort('internetdisconnected')
		);
		const board = new LiveBoardPage(page);
		await board.open(files.url);
		await page.getByRole('status').filter({ hasText: /^Demo data:/ }).waitFor();
		expect(await board.waitForFigure('Transactions per second', (v) => v > 0)).toBeGreaterThan(0);
	});
});
