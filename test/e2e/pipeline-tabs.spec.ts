/**
 * Several tabs of one browser profile: exactly one holds the writer lock and stores the
 * stream, the others read and follow the live feed; closing the writer hands the lock to
 * another tab, which resumes from the stored cursor with no hole and no duplicate.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startOtelSender } from '../support/otel-sender';
import { startRelay } from '../support/relay';
import { figureValue, LiveBoardPage } from './pages/live-board';
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

/** Holders and waiters of the writer lock across the origin (src/lib/io/ingest-host.ts). */
async function writerLock(page: Page): Promise<{ held: number; pending: number }> {
	return page.evaluate(async () => {
		const state = await navigator.locks.query();
		const mine = (list: LockInfo[] | undefined) => (list ?? []).filter((l) => l.name === 'meridian-writer').length;
		return { held: mine(state.held), pending: mine(state.pending) };
	});
}

describe('two tabs', () => {
	it('write through one, feed both, and hand over on close without a hole or a duplicate', async () => {
		const relay = await startRelay();
		stops.push(() => relay.stop());
		const sender = startOtelSender({ otlpUrl: relay.otlpUrl, service: 'e2e-tabs', perSecond: 20, durationMs: 50 });
		stops.push(() => sender.stop());

		context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
		const first = new LiveBoardPage(await context.newPage());
		await first.open(relay.appUrl);
		await first.serviceTable().getByRole('button', { name: 'e2e-tabs', exact: true }).waitFor({ timeout: 60_000 });
		const second = new LiveBoardPage(await context.newPage());
		await second.open(relay.appUrl);

		// one writer, one waiting reader that still sees the live figures
		await expect.poll(() => writerLock(second.page), { timeout: 30_000 }).toEqual({ held: 1, pending: 1 });
		await second.serviceTable().getByRole('button', { name: 'e2e-tabs', exact: true }).waitFor({ timeout: 30_000 });
		expect(await second.waitForFigure('Transactions per second', (v) => v > 0)).toBeGreaterThan(0);

		// the writer tab goes away while spans keep arriving
		const sentBeforeClose = sender.sent;
		const storedBeforeClose = await second.storedBatch();
		expect(storedBeforeClose).toBeGreaterThan(0);
		await first.page.close();
		await expect.poll(() => writerLock(second.page), { timeout: 30_000 }).toEqual({ held: 1, pending: 0 });
		await expect.poll(() => sender.sent, { timeout: 30_000 }).toBeGreaterThan(sentBeforeClose + 100);
		// the remaining tab now writes, and its own snapshots move the board on
		await expect.poll(() => second.storedBatch(), { timeout: 30_000 }).toBeGreaterThan(storedBeforeClose);
		expect(await second.waitForFigure('Transactions per second', (v) => v > 0)).toBeGreaterThan(0);
		await sender.stop();

		// every span sent is stored exactly once, and nothing was recorded as lost
		await second.page.getByRole('link', { name: 'Settings' }).click();
		const settings = new SettingsPage(second.page);
		await second.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
		await expect.poll(() => settings.storageItems('Spans'), { timeout: 60_000, interval: 1_000 }).toBe(sender.sent);
		expect(await settings.storageItems('Recorded gaps')).toBe(0);

		// the rollups count each span once too: the old writer's last checkpoint and the new
		// writer's replay of the chunks after it meet exactly (5 min summary = spans / 300 s)
		await second.open(relay.appUrl, '?range=5m');
		await expect
			.poll(async () => figureValue((await second.serviceRow('e2e-tabs').catch(() => ({ TPS: '' })))['TPS']), {
				timeout: 60_000,
				interval: 1_000
			})
			.toBeCloseTo(sender.sent / 300, 2);
	});
});
