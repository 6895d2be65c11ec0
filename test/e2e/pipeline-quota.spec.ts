/**
 * Browser storage that fills up: with the origin's quota set small (DevTools protocol
 * `Storage.overrideQuotaForOrigin`), IndexedDB refuses a write with QuotaExceededError. The
 * app evicts the oldest raw data, says so in a banner, and keeps storing; nothing crashes.
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

const quotaBytes = 6 * 1024 * 1024;
const spansPerRequest = 500;

/** One OTLP/JSON request of `count` finished SERVER spans, each carrying `padBytes` of attribute text. */
function tracesBody(service: string, first: number, count: number, padBytes: number): string {
	const endNs = BigInt(Date.now()) * 1_000_000n;
	const pad = 'x'.repeat(padBytes);
	const spans = Array.from({ length: count }, (_, i) => ({
		traceId: (first + i).toString(16).padStart(32, '0'),
		spanId: (first + i + 1).toString(16).padStart(16, '0'),
		name: 'GET /quota',
		kind: 2,
		startTimeUnixNano: String(endNs - 20_000_000n),
		endTimeUnixNano: String(endNs),
		attributes: [{ key: 'app.note', value: { stringValue: pad } }]
	}));
	return JSON.stringify({
		resourceSpans: [
			{
				resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
				scopeSpans: [{ spans }]
			}
		]
	});
}

describe('browser storage quota', () => {
	it('evicts the oldest spans with a visible notice when IndexedDB is full, and keeps storing', async () => {
		const relay = await startRelay();
		stops.push(() => relay.stop());
		context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Storage.overrideQuotaForOrigin', { origin: relay.appUrl, quotaSize: quotaBytes });
		stops.push(async () => {
			await cdp.send('Storage.overrideQuotaForOrigin', { origin: relay.appUrl }).catch(() => undefined);
		});

		const board = new LiveBoardPage(page);
		await board.open(relay.appUrl);
		const banner = page
			.getByRole('alert')
			.filter({ hasText: /Browser storage was full: [\d,]+ of the oldest spans were removed to make room\./ });
		// about 1 KiB a span: the quota holds a few thousand, so it fills within a few dozen requests
		let sent = 0;
		let refused = 0;
		let running = true;
		const feeding = (async () => {
			while (running) {
				const res = await fetch(`${relay.otlpUrl}/v1/traces`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: tracesBody('e2e-quota', sent + 1, spansPerRequest, 1024)
				});
				if (res.ok) sent += spansPerRequest;
				else refused++;
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		})();
		stops.push(async () => {
			running = false;
			await feeding;
		});

		await banner.waitFor({ timeout: 120_000 });
		expect(refused).toBe(0);
		const sentAtNotice = sent;

		// the pipeline keeps going: more batches are stored after the eviction
		const storedAtNotice = await board.storedBatch();
		await expect.poll(() => board.storedBatch(), { timeout: 60_000 }).toBeGreaterThan(storedAtNotice);
		running = false;
		await feeding;
		expect(sent).toBeGreaterThan(sentAtNotice);

		// Settings names the eviction and its cause; what is kept fits the quota
		await page.getByRole('link', { name: 'Settings' }).click();
		const settings = new SettingsPage(page);
		await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
		await page.getByText(/\(browser quota reached\): removed [\d,]+ spans/).first().waitFor({ timeout: 30_000 });
		const storedSpans = await settings.storageItems('Spans');
		expect(storedSpans).toBeGreaterThan(0);
		expect(storedSpans).toBeLessThan(sent);
	});
});
