/**
 * Local-first documents in Chromium: two browser contexts (two devices) edit the same board
 * while offline, come back online, and converge through the relay's /api/sync; the edit
 * that lost the merge is listed in the board's history, and a board link opens the same
 * board on the other device.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startRelay, type RunningRelay } from '../support/relay';
import { BusinessPage } from './pages/business-page';

let browser: Browser;
let relay: RunningRelay;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
	browser = await launchChromium();
	relay = await startRelay({ args: process.env.MERIDIAN_BUILD_DIR ? ['--build-dir', process.env.MERIDIAN_BUILD_DIR] : [] });
});
afterEach(async () => {
	while (contexts.length) await contexts.pop()!.close();
});
afterAll(async () => {
	await relay?.stop();
	await browser?.close();
});

async function device() {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
	contexts.push(context);
	return { context, boards: new BusinessPage(await context.newPage()) };
}

const tabTitles = (b: BusinessPage) => b.boardTabs().allInnerTexts();

describe('documents edited offline on two devices', () => {
	it('converge when both come back online, and the overwritten edit is in the history', async () => {
		const one = await device();
		const two = await device();
		await one.boards.open(relay.appUrl);
		const id = await one.boards.newBoard('Shared board');
		await expect.poll(async () => (await one.boards.syncStatus().textContent()) ?? '', { timeout: 30_000 }).toBe('All edits synced');

		// the board link opens the same board on the other device
		await two.boards.open(relay.appUrl, `?board=${id}&edit=on`);
		await two.boards.boardTabs().filter({ hasText: 'Shared board' }).waitFor({ timeout: 30_000 });

		await one.context.setOffline(true);
		await two.context.setOffline(true);
		await one.boards.setTitle('Title from device one');
		await one.boards.page.getByRole('spinbutton', { name: 'Kiosk seconds on this board' }).fill('45');
		await one.boards.page.getByRole('spinbutton', { name: 'Kiosk seconds on this board' }).press('Tab');
		// device two edits the same title later, so its stamp is newer and it wins
		await new Promise((resolve) => setTimeout(resolve, 50));
		await two.boards.setTitle('Title from device two');
		await expect.poll(async () => (await one.boards.syncStatus().textContent()) ?? '', { timeout: 60_000 }).toMatch(/cannot be reached|waiting to sync/);
		expect(await tabTitles(one.boards)).toContain('Title from device one');

		await one.context.setOffline(false);
		await two.context.setOffline(false);
		for (const d of [one, two]) {
			await expect.poll(() => tabTitles(d.boards), { timeout: 90_000, interval: 1_000 }).toContain('Title from device two');
			// the field only device one changed survives too
			await expect.poll(() => d.boards.page.getByRole('spinbutton', { name: 'Kiosk seconds on this board' }).inputValue(), { timeout: 30_000 }).toBe('45');
			await expect.poll(async () => (await d.boards.historyItems().allInnerTexts()).join('\n'), { timeout: 30_000 }).toContain('Title from device one');
		}
		expect(await tabTitles(one.boards)).toEqual(await tabTitles(two.boards));
	});
});
