/**
 * The offline demo: `npm run build:demo` output served by a plain static host under a
 * sub-path (`/tools/meridian/`) with every other address blocked; the regular build on a
 * static host, where no relay answers; and `?demo` in front of a running relay. Each runs on
 * the in-browser demo bank and says why.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appBuildDir, demoBuildDir } from '../support/builds';
import { launchChromium } from '../support/chromium';
import { startRelay } from '../support/relay';
import { serveStatic } from '../support/static-server';
import { LiveBoardPage } from './pages/live-board';

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

describe('offline demo build under a sub-path', () => {
	it('runs on simulated data from /tools/meridian/ with the network blocked, and keeps to its sub-path', async () => {
		const files = await serveStatic(demoBuildDir, { basePath: '/tools/meridian' });
		stops.push(() => files.close());
		expect(files.url).toMatch(/\/tools\/meridian$/);
		context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
		const outside: string[] = [];
		await context.route('**/*', (route) => {
			const url = route.request().url();
			if (url.startsWith(files.url + '/')) return route.continue();
			outside.push(url);
			return route.abort('internetdisconnected');
		});
		const page = await context.newPage();
		const board = new LiveBoardPage(page);
		await board.open(files.url);
		await page.getByRole('status').filter({ hasText: /^Demo data:/ }).waitFor({ timeout: 60_000 });
		expect(await board.waitForFigure('Transactions per second', (v) => v > 0)).toBeGreaterThan(0);
		await board.serviceTable().getByRole('button', { name: 'api-gateway', exact: true }).waitFor({ timeout: 60_000 });

		// in-app links stay under the sub-path, and a deep link reloads there
		await page.getByRole('link', { name: 'Settings' }).click();
		await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
		expect(new URL(page.url()).pathname).toBe('/tools/meridian/settings/');
		await page.reload();
		await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
		await page.getByRole('status').filter({ hasText: /^Demo data:/ }).waitFor({ timeout: 60_000 });
		expect(outside).toEqual([]);
	});

	it('starts by itself when the regular build finds no relay, and says so', async () => {
		const files = await serveStatic(appBuildDir);
		stops.push(() => files.close());
		context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
		const board = new LiveBoardPage(await context.newPage());
		await board.open(files.url);
		await board.page.getByRole('status').filter({ hasText: /^Demo data:.*No relay answered at this server\./ }).waitFor({ timeout: 60_000 });
		expect(await board.waitForFigure('Transactions per second', (v) => v > 0)).toBeGreaterThan(0);
	});

	it('runs on demo data with ?demo even where a relay answers', async () => {
		const relay = await startRelay();
		stops.push(() => relay.stop());
		context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
		const board = new LiveBoardPage(await context.newPage());
		await board.open(relay.appUrl, '?demo');
		await board.page.getByRole('status').filter({ hasText: /^Demo data:.*Opened with \?demo\./ }).waitFor({ timeout: 60_000 });
		await board.serviceTable().getByRole('button', { name: 'api-gateway', exact: true }).waitFor({ timeout: 60_000 });
		// the relay (no demo bank, nothing sent) never saw a stream of its own data: the bank is in the page
		const health = await (await fetch(`${relay.appUrl}/api/health`)).json();
		expect(health.accepted.spans).toBe(0);
	});
});
