/**
 * The Insights page in Chromium. With every address but the app's own blocked: the shipped
 * forecasting model loads and matches the output PyTorch recorded at export, and a dropped
 * CSV is analysed offline. Against the real relay running the demo bank with a scripted
 * slow-SQL incident (ground truth written by the relay to a file the app never sees): the
 * page shows the anomaly, ranks the truth's root-cause service first, shows the slow-SQL
 * rule fired with its conditions, and charts draw the expected range (the Live board's too).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startRelay, type RunningRelay } from '../support/relay';
import { chartBandText, InsightsPage } from './pages/insights-page';

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

/** A page whose every request to another origin is refused (and recorded). */
async function offlinePage(relay: RunningRelay): Promise<{ page: Page; outside: string[] }> {
	context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB', timezoneId: 'UTC' });
	const outside: string[] = [];
	await context.route('**/*', (route) => {
		const url = route.request().url();
		if (url.startsWith(relay.appUrl)) return route.continue();
		outside.push(url);
		return route.abort('internetdisconnected');
	});
	return { page: await context.newPage(), outside };
}

describe('Insights offline', () => {
	it('loads the shipped PatchTST in the browser with no other address reachable, and its output matches the recorded one', async () => {
		const relay = await startRelay();
		stops.push(() => relay.stop());
		const { page, outside } = await offlinePage(relay);
		const insights = new InsightsPage(page);
		await insights.open(relay.appUrl);
		const said = await insights.checkModel();
		expect(said).toMatch(/^The model loaded offline and matches its recorded output/);
		expect(said).toContain('Context 576 steps, forecast 288 steps.');
		expect(outside).toEqual([]);
	});

	it('analyses a dropped CSV without storing it: the injected hour is the one anomaly, the band is drawn, bad rows are named by line', async () => {
		const relay = await startRelay();
		stops.push(() => relay.stop());
		const { page, outside } = await offlinePage(relay);
		const insights = new InsightsPage(page);
		await insights.open(relay.appUrl, '?tab=import');
		// ten days at five minutes: a daily wave, a +200 hour on the ninth day, and one unreadable row
		const start = Date.UTC(2026, 0, 5);
		const rows = ['time,checkout requests'];
		for (let i = 0; i < 10 * 288; i++) {
			const t = start + i * 300_000;
			const hour = (i % 288) / 12;
			const spike = t >= start + 8 * 86_400_000 + 14 * 3_600_000 && t < start + 8 * 86_400_000 + 15 * 3_600_000 ? 200 : 0;
			rows.push(`${new Date(t).toISOString()},${(100 + 60 * Math.sin((Math.PI * hour) / 24) ** 2 + ((i * 7919) % 13) / 4 + spike).toFixed(2)}`);
		}
		rows.splice(100, 0, 'yesterday,12');
		const file = join(mkdtempSync(join(tmpdir(), 'meridian-import-')), 'checkout.csv');
		writeFileSync(file, rows.join('\n'));
		await page.getByLabel('Choose a file').setInputFiles(file);
		await page.getByRole('alert').filter({ hasText: 'Line 101: "yesterday" is not a time.' }).waitFor({ timeout: 60_000 });
		const found = page.getByRole('list', { name: 'Anomalies found' }).getByRole('listitem');
		await found.first().waitFor({ timeout: 120_000 });
		// after the first days of learning, the only anomaly is the injected hour (day 9, 14:00 UTC)
		const texts = await found.allInnerTexts();
		expect(texts.filter((t) => t.includes('13/01/2026')).length).toBe(1);
		expect(await chartBandText(page, 'checkout requests')).toMatch(/\d.*–.*\d/);
		expect(outside).toEqual([]);
	});
});

describe('Insights rules', () => {
	it('copies a built-in rule into a user rule document, refuses an invalid edit with the reason, and keeps the rule over a reload', async () => {
		const relay = await startRelay();
		stops.push(() => relay.stop());
		const { page } = await offlinePage(relay);
		const insights = new InsightsPage(page);
		await insights.open(relay.appUrl, '?tab=rules');
		await page.getByRole('button', { name: 'Copy Slow SQL' }).click();
		const editor = page.getByLabel('Rule (JSON)');
		const rule = JSON.parse(await editor.inputValue()) as { name: string; conditions: unknown[] };
		expect(rule.name).toBe('Slow SQL (copy)');
		// a condition without a threshold is named exactly
		await editor.fill(JSON.stringify({ ...rule, name: 'Slow SQL, stricter', conditions: [{ kind: 'metric', id: 'x', metric: 'latency.p95Ms', op: '>=' }] }));
		await page.getByRole('status').filter({ hasText: 'Not valid: rule.conditions[0].threshold must be a finite number' }).waitFor();
		expect(await page.getByRole('button', { name: 'Save rule' }).isDisabled()).toBe(true);
		await editor.fill(JSON.stringify({ ...rule, name: 'Slow SQL, stricter' }));
		await page.getByRole('button', { name: 'Save rule' }).click();
		const mine = page.getByRole('list', { name: 'Your rules' });
		await mine.getByText('Slow SQL, stricter', { exact: true }).waitFor();
		await page.reload();
		await page.getByRole('list', { name: 'Your rules' }).getByText('Slow SQL, stricter', { exact: true }).waitFor();
	});
});

describe('Insights during the demo bank slow-SQL incident', () => {
	it('shows the anomaly, ranks the ground truth first, fires the slow-SQL rule and draws bands', async () => {
		const truthFile = join(mkdtempSync(join(tmpdir(), 'meridian-truth-')), 'truth.json');
		// seven minutes of the bank's past, sent before the relay serves, teach the bands (events need
		// five minutes of learning); 45 s after the start one statement of the transfer service
		// loses its index. The bank's clock reads noon whenever the test runs: at 04:00 KST a few
		// transfers a minute are too few for a p95 to tell anything.
		const relay = await startRelay({
			demo: true,
			args: ['--demo-history', '7m', '--demo-time', '12:00', '--demo-incidents', 'slow-sql@+45:900', '--demo-truth', truthFile, '--demo-speed', '1']
		});
		stops.push(() => relay.stop());
		context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB' });
		const page = await context.newPage();
		const insights = new InsightsPage(page);
		await insights.open(relay.appUrl);

		const truth = async () => {
			try {
				return (JSON.parse(readFileSync(truthFile, 'utf8')) as { rootCauseService: string; kind: string; startMs: number }[]).find((t) => t.kind === 'slow-sql');
			} catch {
				return undefined;
			}
		};
		// the relay writes planned incidents as well: the truth is known before it happens
		await expect.poll(truth, { timeout: 60_000, interval: 2_000 }).toBeDefined();
		const expected = (await truth())!;
		const untilStartMs = Math.max(0, expected.startMs - Date.now());
		expect(untilStartMs).toBeGreaterThan(0);

		// the incident is detected within its first minute and analysed within half a minute more
		// (until then the poll reads what the page says, so a timeout shows how far it got)
		const firstCause = async () =>
			(Date.now() >= expected.startMs && (await insights.rankedCauses())[0]) ||
			`no cause ranked; status "${await insights.status()}"; ${await insights.incidents().count()} incidents; anomalies [${(await insights.anomalies()).join(', ')}]`;
		await expect.poll(firstCause, { timeout: untilStartMs + 150_000, interval: 5_000 }).toBe(expected.rootCauseService);
		await expect.poll(() => insights.anomalies(), { timeout: 90_000, interval: 5_000 }).toContain(`p95 latency · ${expected.rootCauseService}`);
		await expect.poll(() => insights.firedRules(), { timeout: 60_000, interval: 5_000 }).toContain(`Slow SQL on ${expected.rootCauseService}`);
		const conditions = await insights.ruleConditions('Slow SQL');
		expect(conditions.some((c) => c.startsWith('✓') && c.includes('db-latency-up'))).toBe(true);

		// the anomaly's chart draws the band it is judged against
		expect(await chartBandText(page, `p95 latency · ${expected.rootCauseService}`)).toMatch(/\d.*–.*\d/);
		// and so does the Live board, from the baselines the host saved
		await page.getByRole('link', { name: 'Live', exact: true }).click();
		await expect.poll(() => chartBandText(page, 'Response time'), { timeout: 90_000, interval: 2_000 }).toMatch(/\d.*–.*\d/);
		expect(await chartBandText(page, 'Transactions per second')).toMatch(/\d.*–.*\d/);
	}, 400_000);
});
