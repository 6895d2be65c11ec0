/**
 * A browser away for longer than the relay's replay log holds (`--log-max-age`): when it
 * comes back the stream says which batches were evicted, and the Live board lists the loss
 * under "Data lost" with its time range; the stream then carries on.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startOtelSender } from '../support/otel-sender';
import { startRelay } from '../support/relay';
import { startTcpProxy } from '../support/tcp-proxy';
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

const logMaxAgeSec = 8;
const awaySec = 25;

/** Seconds since the page's local midnight, as the page formats times. */
function pageSecondOfDay(page: Page, timeMs: number): Promise<number> {
	return page.evaluate((ms) => {
		const d = new Date(ms);
		return d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds();
	}, timeMs);
}

function secondOfDay(hhmmss: string): number {
	const [h, m, s] = hhmmss.split(':').map(Number);
	return h * 3600 + m * 60 + s;
}

describe('a position the relay evicted', () => {
	it('is listed as "Data lost" with the time range of the absence, and the stream carries on', async () => {
		const relay = await startRelay({ args: ['--log-max-age', `${logMaxAgeSec}s`] });
		stops.push(() => relay.stop());
		const proxy = await startTcpProxy(Number(new URL(relay.appUrl).port));
		stops.push(() => proxy.close());
		const sender = startOtelSender({ otlpUrl: relay.otlpUrl, service: 'e2e-gap', perSecond: 10, durationMs: 30 });
		stops.push(() => sender.stop());

		context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
		const page = await context.newPage();
		const board = new LiveBoardPage(page);
		await board.open(proxy.url);
		await board.serviceTable().getByRole('button', { name: 'e2e-gap', exact: true }).waitFor({ timeout: 60_000 });
		expect(await board.gapList().count()).toBe(0);

		const cutMs = Date.now();
		proxy.cut();
		await page.waitForTimeout(awaySec * 1000);
		const restoreMs = Date.now();
		proxy.restore();

		await board.gapList().first().waitFor({ timeout: 90_000 });
		const listedMs = Date.now();
		const items = await board.gapList().allInnerTexts();
		expect(items).toHaveLength(1);
		const match = items[0].match(/(\d{2}:\d{2}:\d{2})\s+–\s+(\d{2}:\d{2}:\d{2}): the relay no longer held these batches$/);
		expect(match, items[0]).not.toBeNull();
		const [fromSec, toSec] = [secondOfDay(match![1]), secondOfDay(match![2])];
		const [cutSec, restoreSec, listedSec] = await Promise.all([cutMs, restoreMs, listedMs].map((ms) => pageSecondOfDay(page, ms)));
		// The loss starts about when the page went away (a batch in flight may precede the cut by
		// a second). It covers at least the absence minus what the log still held on return,
		// and ends at least logMaxAgeSec before the page heard of it.
		expect(fromSec).toBeGreaterThanOrEqual(cutSec - 2);
		expect(fromSec).toBeLessThan(restoreSec);
		expect(toSec - fromSec).toBeGreaterThanOrEqual(awaySec - logMaxAgeSec - 3);
		expect(toSec).toBeLessThanOrEqual(listedSec - logMaxAgeSec + 1);

		// after the gap the stream carries on: new spans are stored, and the gap is stored once
		const settings = new SettingsPage(page);
		await settings.open(proxy.url);
		expect(await settings.storageItems('Recorded gaps')).toBe(1);
		const stored = await settings.storageItems('Spans');
		await expect.poll(() => settings.storageItems('Spans'), { timeout: 30_000, interval: 1_000 }).toBeGreaterThan(stored);
		expect(await settings.storageItems('Recorded gaps')).toBe(1);
	});
});
