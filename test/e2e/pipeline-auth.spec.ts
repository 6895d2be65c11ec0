/**
 * A relay bound to a network address with its two tokens, opened in the browser through
 * 127.0.0.1: the app asks for the view token, says so plainly when the token is wrong, and
 * shows data once Settings holds the right one (no reload needed).
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startOtelSender } from '../support/otel-sender';
import { startRelay } from '../support/relay';
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

describe('a relay that requires tokens', () => {
	it('asks for the view token, explains a wrong one, and streams with the right one', async () => {
		const relay = await startRelay({
			args: ['--host', '0.0.0.0', '--ingest-token', 'e2e-send-secret', '--view-token', 'e2e-view-secret']
		});
		stops.push(() => relay.stop());
		expect(relay.appUrl).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
		const appUrl = relay.appUrl.replace('0.0.0.0', '127.0.0.1');
		const sender = startOtelSender({
			otlpUrl: relay.otlpUrl.replace('0.0.0.0', '127.0.0.1'),
			service: 'e2e-tokens',
			perSecond: 10,
			durationMs: 25,
			headers: { authorization: 'Bearer e2e-send-secret' }
		});
		stops.push(() => sender.stop());

		context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
		const page = await context.newPage();
		const board = new LiveBoardPage(page);
		const status = page.getByRole('status', { name: 'Connection' });
		const connection = async () => ((await status.textContent()) ?? '').replace(/\s+/g, ' ').trim();
		await board.open(appUrl);
		// the relay answered (401), so this is not the offline demo: it wants a token
		await page.getByText('The relay asks for a view token. Enter it in Settings.').waitFor({ timeout: 30_000 });
		await expect.poll(connection).toMatch(/^Token needed .*The relay requires a view token\. Enter it in Settings\./);
		expect(await page.getByRole('status').filter({ hasText: /^Demo data:/ }).count()).toBe(0);

		const settings = new SettingsPage(page);
		await page.getByRole('link', { name: 'Settings' }).click();
		await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
		await settings.setViewToken('not-the-token');
		await expect
			.poll(connection, { timeout: 30_000 })
			.toMatch(/^Token needed .*The relay refused the view token\. Check the token in Settings\./);

		await settings.setViewToken('e2e-view-secret');
		await expect.poll(connection, { timeout: 60_000 }).toMatch(/^Live /);
		await page.getByRole('link', { name: 'Live' }).click();
		await board.serviceTable().getByRole('button', { name: 'e2e-tokens', exact: true }).waitFor({ timeout: 60_000 });
		expect(await board.waitForFigure('Transactions per second', (v) => v > 0)).toBeGreaterThan(0);
		expect(await page.getByText('The relay asks for a view token. Enter it in Settings.').count()).toBe(0);
	});
});
