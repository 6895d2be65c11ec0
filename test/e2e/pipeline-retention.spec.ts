/**
 * History in IndexedDB and the retention settings: spans that ended three hours ago show in
 * the 24-hour range and not in the 1-hour one; shortening raw-span retention in Settings
 * evicts them in the background (with a notice), and shortening rollup retention takes
 * them off the 24-hour board, while recent data stays.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
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

const hourMs = 3_600_000;

/** OTLP/JSON with `count` SERVER spans of `service`, 10 ms each, ending from `endMs` a millisecond apart. */
function traces(service: string, count: number, endMs: number): string {
	const spans = Array.from({ length: count }, (_, i) => {
		const endNs = BigInt(endMs + i) * 1_000_000n;
		return {
			traceId: `${service.length}${i}`.padStart(32, 'a'),
			spanId: `${i + 1}`.padStart(16, 'b'),
			name: 'GET /history',
			kind: 2,
			startTimeUnixNano: String(endNs - 10_000_000n),
			endTimeUnixNano: String(endNs)
		};
	});
	return JSON.stringify({
		resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ spans }] }]
	});
}

describe('history and retention', () => {
	it('reads 1 h and 24 h history from IndexedDB, and evicts what a shorter retention excludes', async () => {
		const relay = await startRelay();
		stops.push(() => relay.stop());
		const send = async (service: string, count: number, endMs: number) => {
			const res = await fetch(`${relay.otlpUrl}/v1/traces`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: traces(service, count, endMs)
			});
			expect(res.status).toBe(200);
		};

		context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
		const page = await context.newPage();
		const settings = new SettingsPage(page);
		const board = new LiveBoardPage(page);
		await settings.open(relay.appUrl);
		// separate writes, so old and recent spans never share a stored chunk
		await send('e2e-old', 50, Date.now() - 3 * hourMs);
		await expect.poll(() => settings.storageItems('Spans'), { timeout: 30_000, interval: 500 }).toBe(50);
		await send('e2e-recent', 20, Date.now() - 1_000);
		await expect.poll(() => settings.storageItems('Spans'), { timeout: 30_000, interval: 500 }).toBe(70);

		const services = async () => (await board.serviceTable().getByRole('rowheader').allInnerTexts()).map((s) => s.trim()).sort();
		await board.open(relay.appUrl, '?range=24h');
		await expect.poll(services, { timeout: 90_000, interval: 1_000 }).toEqual(['e2e-old', 'e2e-recent']);
		await board.chooseRange('Last 1 hour');
		await expect.poll(services, { timeout: 60_000, interval: 1_000 }).toEqual(['e2e-recent']);

		// raw spans kept 1 h: the three-hour-old chunk goes at the next background pass
		await page.getByRole('link', { name: 'Settings' }).click();
		await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
		await settings.setRetention({ 'Raw spans': 1 });
		await expect.poll(() => settings.storageItems('Spans'), { timeout: 90_000, interval: 1_000 }).toBe(20);
		expect(await settings.lastEviction()).toMatch(/\(retention\): removed 50 spans in 1 chunks/);

		// rollups are kept apart (30 days by default): the 24 h board still has the old service
		// until 1-minute and 1-hour windows are kept 1 h too
		await page.getByRole('link', { name: 'Live' }).click();
		await board.chooseRange('Last 24 hours');
		await expect.poll(services, { timeout: 60_000, interval: 1_000 }).toEqual(['e2e-old', 'e2e-recent']);
		await page.getByRole('link', { name: 'Settings' }).click();
		await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
		await settings.setRetention({ '1-minute rollups': 1, '1-hour rollups': 1 });
		await expect.poll(() => settings.lastEviction(), { timeout: 90_000, interval: 1_000 }).toMatch(/\(retention\): removed 0 spans in 0 chunks and [1-9][\d,]* rollup windows/);
		await page.getByRole('link', { name: 'Live' }).click();
		await board.chooseRange('Last 24 hours');
		await expect.poll(services, { timeout: 60_000, interval: 1_000 }).toEqual(['e2e-recent']);
	});
});
