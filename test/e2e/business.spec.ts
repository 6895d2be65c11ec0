/**
 * Business boards in Chromium against the real relay with the demo bank: a rule made in the
 * designer feeds a board whose count and amount move with the bank's traffic; the kiosk
 * rotates between boards; the Korean locale shows Korean labels and ₩ amounts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startRelay, type RunningRelay } from '../support/relay';
import { BusinessPage, KioskPage } from './pages/business-page';
import { DesignerPage } from './pages/designer-page';

let browser: Browser;
let relay: RunningRelay;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
	browser = await launchChromium();
	relay = await startRelay({ demo: true, args: process.env.MERIDIAN_BUILD_DIR ? ['--build-dir', process.env.MERIDIAN_BUILD_DIR] : [] });
});
afterEach(async () => {
	while (contexts.length) await contexts.pop()!.close();
});
afterAll(async () => {
	await relay?.stop();
	await browser?.close();
});

async function newPage(locale = 'en-GB') {
	const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale });
	contexts.push(context);
	return context.newPage();
}

describe('business boards on the demo bank', () => {
	it('maps a rule made in the designer and shows its count and amount moving on a board', async () => {
		const page = await newPage();
		const designer = new DesignerPage(page);
		await designer.open(relay.appUrl);
		await designer.createTransaction({ name: 'E2E transfers', domain: 'Deposits', key: 'biz.transaction', value: 'account.transfer', entryOnly: true });
		// the live preview sees the bank's transfers
		await expect.poll(async () => (await designer.previewStatus().textContent()) ?? '', { timeout: 60_000 }).toMatch(/^[1-9][\d.,]* spans per minute|^0\.[1-9]/);
		await designer.createKpi({ name: 'E2E transfer count', measure: 'Count', of: 'E2E transfers' });
		await designer.createKpi({ name: 'E2E transfer amount', measure: 'Sum', of: 'E2E transfers', attr: 'biz.amount_krw' });

		const boards = new BusinessPage(page);
		await boards.open(relay.appUrl);
		await boards.newBoard('E2E transfers board');
		await boards.addBigNumber('E2E transfer count');
		await boards.addBigNumber('E2E transfer amount');
		const count = await boards.waitForFigure('E2E transfer count', (v) => v > 0);
		const amount = await boards.waitForFigure('E2E transfer amount', (v) => v > 0);
		expect(await boards.figure('E2E transfer amount')).toMatch(/^₩[\d,]+$/);
		// the bank keeps transferring: both figures grow
		expect(await boards.waitForFigure('E2E transfer count', (v) => v > count)).toBeGreaterThan(count);
		expect(await boards.waitForFigure('E2E transfer amount', (v) => v > amount)).toBeGreaterThan(amount);
	});

	it('rotates the kiosk between two boards', async () => {
		const page = await newPage();
		const boards = new BusinessPage(page);
		await boards.open(relay.appUrl);
		const a = await boards.newBoard('Kiosk board A');
		const b = await boards.newBoard('Kiosk board B');
		const kiosk = new KioskPage(page);
		await kiosk.open(relay.appUrl, `?boards=${a},${b}&every=5`);
		const seen = new Set<string>();
		await expect
			.poll(
				async () => {
					seen.add(await kiosk.boardTitle());
					return [...seen].sort();
				},
				{ timeout: 30_000, interval: 500 }
			)
			.toEqual(expect.arrayContaining(['Kiosk board A', 'Kiosk board B']));
		// and back again: it rotates, not just moves on once
		const now = await kiosk.boardTitle();
		await expect.poll(() => kiosk.boardTitle(), { timeout: 15_000, interval: 500 }).not.toBe(now);
	});

	it('exports a board as JSON, imports it as a copy that opens with its widgets, and refuses a damaged file with the reason', async () => {
		const page = await newPage();
		const boards = new BusinessPage(page);
		await page.goto(`${relay.appUrl}/designer/`);
		await page.getByRole('button', { name: 'Add the demo bank starter set' }).click();
		await page.getByRole('button', { name: 'Loan application', exact: true }).waitFor();
		await boards.open(relay.appUrl, '?board=board-bank-overview');
		await boards.widget('Amount transferred').waitFor();
		const widgets = await page.getByRole('region').filter({ has: page.locator('output') }).count();

		const downloading = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Export JSON' }).click();
		const download = await downloading;
		const file = join(mkdtempSync(join(tmpdir(), 'meridian-board-')), download.suggestedFilename());
		await download.saveAs(file);
		expect(JSON.parse(readFileSync(file, 'utf8')).board.id).toBe('board-bank-overview');

		await page.getByLabel('Import JSON').setInputFiles(file);
		await page.waitForURL((url) => !!url.searchParams.get('board') && url.searchParams.get('board') !== 'board-bank-overview');
		await boards.widget('Amount transferred').waitFor();
		expect(await page.getByRole('region').filter({ has: page.locator('output') }).count()).toBe(widgets);

		const damaged = file.replace(/\.json$/, '-damaged.json');
		writeFileSync(damaged, readFileSync(file, 'utf8').replace('"widgets"', '"gadgets"'));
		const copyUrl = page.url();
		await page.getByLabel('Import JSON').setInputFiles(damaged);
		await page.getByRole('alert').filter({ hasText: 'The file was not imported; nothing was changed' }).waitFor();
		expect(page.url()).toBe(copyUrl);
	});

	it('shows Korean labels and ₩ amounts in the Korean locale', async () => {
		const page = await newPage('ko-KR');
		const boards = new BusinessPage(page, { heading: '업무 보드' });
		await boards.open(relay.appUrl);
		await page.getByRole('link', { name: '업무', exact: true }).waitFor();
		await page.getByRole('link', { name: '디자이너', exact: true }).waitFor();
		// the demo bank's starter set (seed-stamped: the same documents on every device)
		await page.goto(`${relay.appUrl}/designer/`);
		await page.getByRole('button', { name: '데모 은행 시작 세트 추가' }).click();
		// stored on this device (the list shows the set's transactions) before leaving the page
		await page.getByRole('button', { name: 'Loan application', exact: true }).waitFor();
		await boards.open(relay.appUrl, '?board=board-bank-overview');
		await page.getByRole('radiogroup', { name: '기간' }).getByRole('radio', { name: '1시간' }).waitFor();
		// the starter board's amount widget, named after its KPI
		await boards.waitForFigure('Amount transferred', (v) => v > 0);
		expect(await boards.figure('Amount transferred')).toMatch(/^₩[\d,]+$/);
		await boards.widget('업무 영역별 막대').getByText('수신').waitFor();
		await expect.poll(async () => (await boards.widget('Loan applications').textContent()) ?? '').toContain('어제 같은 시각 대비');
	});
});
