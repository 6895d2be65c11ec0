/**
 * The business designer in Chromium against the relay with the demo bank: an unsafe rule is
 * refused with the catalogue's explanation and nothing is saved; the live preview shows
 * sample matches of a rule and the routes no rule maps yet, and one click maps a route; a
 * domain needs a name in one language at least, and a saved one is offered to transactions.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startRelay, type RunningRelay } from '../support/relay';
import { DesignerPage } from './pages/designer-page';

let browser: Browser;
let relay: RunningRelay;
let context: BrowserContext | undefined;

beforeAll(async () => {
	browser = await launchChromium();
	relay = await startRelay({ demo: true, args: process.env.MERIDIAN_BUILD_DIR ? ['--build-dir', process.env.MERIDIAN_BUILD_DIR] : [] });
});
afterEach(async () => {
	await context?.close();
	context = undefined;
});
afterAll(async () => {
	await relay?.stop();
	await browser?.close();
});

describe('business designer', () => {
	it('refuses a rule whose regular expression could stall matching, and previews a valid one', async () => {
		context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB' });
		const page = await context.newPage();
		const designer = new DesignerPage(page);
		await designer.open(relay.appUrl);
		await page.getByRole('button', { name: 'New business transaction' }).click();
		const form = page.getByRole('form', { name: 'Business transaction' });
		await form.getByRole('textbox', { name: /^Name/ }).fill('Nested repeat');
		const condition = form.getByRole('group', { name: 'Condition 1' });
		await condition.getByRole('combobox', { name: 'Test' }).selectOption('regex');
		await condition.getByRole('textbox', { name: 'Value' }).fill('(a+)+$');
		await form.getByRole('button', { name: 'Save' }).click();
		await form.getByRole('alert').filter({ hasText: 'could take very long' }).waitFor();
		expect(await page.getByRole('navigation', { name: 'Business transactions' }).getByRole('button', { name: 'Nested repeat' }).count()).toBe(0);

		// a valid rule: the bank's balance inquiries
		await condition.getByRole('combobox', { name: 'Test' }).selectOption('prefix');
		await condition.getByRole('textbox', { name: 'Value' }).fill('balance.');
		await expect.poll(async () => (await designer.previewStatus().textContent()) ?? '', { timeout: 60_000 }).toMatch(/spans per minute match this rule/);
		const samples = page.getByRole('region', { name: 'Live preview' }).getByRole('row');
		await expect.poll(() => samples.count(), { timeout: 60_000 }).toBeGreaterThan(1);
		expect(await samples.nth(1).innerText()).toContain('transaction=balance.inquiry');

		// a route no rule maps yet goes into the rule with one click
		const before = await form.getByRole('group', { name: /^Condition/ }).count();
		await page.getByRole('region', { name: 'Live preview' }).getByRole('button', { name: 'Add to rule' }).first().click();
		expect(await form.getByRole('group', { name: /^Condition/ }).count()).toBe(before + 2);
	});

	it('adds a domain named in both languages, refuses one without a name, and offers the new domain to transactions', async () => {
		context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB' });
		const page = await context.newPage();
		const designer = new DesignerPage(page);
		await designer.open(relay.appUrl);
		await designer.section('Domains');
		await page.getByRole('button', { name: 'New domain' }).click();
		const form = page.getByRole('form', { name: 'Domain' });
		await form.getByRole('button', { name: 'Save' }).click();
		await form.getByRole('alert').filter({ hasText: 'Give the name in at least one language' }).waitFor();

		await form.getByRole('textbox', { name: 'Name in English' }).fill('Card services');
		await form.getByRole('textbox', { name: 'Name in Korean' }).fill('카드');
		await form.getByRole('button', { name: 'Save' }).click();
		await form.getByRole('status').filter({ hasText: 'Saved "Card services"' }).waitFor();
		await page.getByRole('navigation', { name: 'Domains' }).getByRole('button', { name: 'Card services' }).waitFor();
		expect(await form.getByRole('alert').count()).toBe(0);

		await designer.section('Business transactions');
		await page.getByRole('button', { name: 'New business transaction' }).click();
		const domains = page.getByRole('form', { name: 'Business transaction' }).getByRole('combobox', { name: 'Domain' });
		expect(await domains.locator('option').allInnerTexts()).toContain('Card services');
	});
});
