/**
 * From an outlier on the scatter to the slow span, in Chromium against the real relay and
 * its demo bank: the slow-SQL incident makes the transfer service's transactions slow;
 * dragging over them lists them, and the slowest opens a waterfall whose slow database
 * span carries the incident's statement (from the ground-truth file) and lies on the
 * critical path. Then the same trace, exported as OTLP/JSON, opens from the file in a
 * build served with no relay at all.
 */
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startRelay } from '../support/relay';
import { serveStatic } from '../support/static-server';
import { TracePage } from './pages/trace-page';
import { TransactionsPage, durationMs } from './pages/transactions-page';

interface Truth {
	kind: string;
	startMs: number;
	statement?: string;
	dbNamespace?: string;
	rootCauseService: string;
}

let browser: Browser;
const contexts: BrowserContext[] = [];
const stops: (() => Promise<void>)[] = [];
const dir = mkdtempSync(join(tmpdir(), 'meridian-tx-'));
/** The offline demo build the global setup writes (another folder while iterating on a private build). */
const demoBuildDir = process.env.MERIDIAN_E2E_DEMO_DIR ?? 'build-demo';

beforeAll(async () => {
	browser = await launchChromium();
});
afterEach(async () => {
	while (contexts.length) await contexts.pop()!.close();
	while (stops.length) await stops.pop()!();
});
afterAll(async () => {
	await browser?.close();
	rmSync(dir, { recursive: true, force: true });
});

async function newPage() {
	const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB', acceptDownloads: true });
	contexts.push(context);
	return context.newPage();
}

function readTruth(file: string): Truth | undefined {
	if (!existsSync(file)) return undefined;
	try {
		return (JSON.parse(readFileSync(file, 'utf8')) as Truth[]).find((t) => t.kind === 'slow-sql');
	} catch {
		return undefined;
	}
}

describe('Transactions: the slow-SQL incident from the scatter to the span', () => {
	it('drags over the slow outliers, lists them, and opens a waterfall showing the incident statement on the critical path; the exported trace opens offline', async () => {
		const truthFile = join(dir, 'truth.json');
		const relay = await startRelay({ demo: true, args: ['--demo-incidents', 'slow-sql@+3:600', '--demo-truth', truthFile] });
		stops.push(() => relay.stop());
		await expect.poll(() => readTruth(truthFile), { timeout: 30_000 }).toBeDefined();
		const truth = readTruth(truthFile)!;
		expect(truth.statement).toBeTruthy();

		const page = await newPage();
		const transactions = new TransactionsPage(page);
		// the incident's service, over the last 5 minutes
		await transactions.open(relay.appUrl, `?range=5m&service=${truth.rootCauseService}`);
		// the statement loses its index at the incident's start and is fully slow 20 s later
		await expect.poll(() => Date.now() > truth.startMs + 30_000, { timeout: 90_000, interval: 1_000 }).toBe(true);
		await expect.poll(() => transactions.inView(), { timeout: 60_000 }).toBeGreaterThan(0);

		// the outliers: from the top of the plot (everything above the axis included) down to 100 ms
		await transactions.dragAcross(await transactions.plotTop(), await transactions.tickY('100 ms'));
		const rows = await transactions.selectedRows();
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) {
			expect(row['Service']).toBe(truth.rootCauseService);
			expect(durationMs(row['Duration'])).toBeGreaterThanOrEqual(90);
		}

		await transactions.openSlowestSelected();
		const trace = new TracePage(page);
		await trace.waitLoaded();
		const traceId = new URL(page.url()).searchParams.get('id')!;
		// the database the statement runs on takes the most time on the critical path
		expect((await trace.criticalOwners())[0]).toContain(truth.dbNamespace!);

		const slow = await trace.row('SELECT transfer_limit');
		expect(await trace.isOnCriticalPath(slow)).toBe(true);
		await slow.click();
		expect(await trace.statement()).toBe(truth.statement);
		expect(durationMs(await trace.detail('On the critical path'))).toBeGreaterThanOrEqual(50);

		// the same trace as a file, opened by a build served with no relay
		const downloading = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Export OTLP JSON' }).click();
		const file = join(dir, 'trace.otlp.jsonl');
		await (await downloading).saveAs(file);
		await relay.stop();
		stops.pop();

		const files = await serveStatic(`${process.cwd()}/${demoBuildDir}`);
		stops.push(() => files.close());
		const offline = await newPage();
		await contexts.at(-1)!.route('**/*', (route) =>
			route.request().url().startsWith(files.url) ? route.continue() : route.abort('internetdisconnected')
		);
		await offline.goto(`${files.url}/trace/`);
		await offline.getByRole('heading', { name: 'Transaction path', level: 1 }).waitFor();
		await offline.getByLabel('Import OTLP JSON').setInputFiles(file);
		const imported = new TracePage(offline);
		await imported.waitLoaded();
		expect(new URL(offline.url()).searchParams.get('id')).toBe(traceId);
		await (await imported.row('SELECT transfer_limit')).click();
		expect(await imported.statement()).toBe(truth.statement);
	});
});

describe('Transactions: a window as a file', () => {
	it('exports the shown window as OTLP/JSON and reads it back into the scatter, with the file named', async () => {
		const relay = await startRelay({ demo: true });
		stops.push(() => relay.stop());
		const page = await newPage();
		const transactions = new TransactionsPage(page);
		await transactions.open(relay.appUrl, '?range=5m');
		await expect.poll(() => transactions.inView(), { timeout: 60_000 }).toBeGreaterThan(20);

		const files = page.getByRole('group', { name: 'Files' });
		const downloading = page.waitForEvent('download');
		await files.getByRole('button', { name: 'Export window (OTLP JSON)' }).click();
		const download = await downloading;
		expect(download.suggestedFilename()).toMatch(/^meridian-window-.*\.otlp\.jsonl$/);
		const file = join(dir, download.suggestedFilename());
		await download.saveAs(file);
		const exported = (await files.getByRole('status').innerText()).match(/^Exported (\d+) spans and (\d+) logs\.$/);
		expect(Number(exported?.[1])).toBeGreaterThan(0);

		await files.getByLabel('Import OTLP JSON').setInputFiles(file);
		await files.getByRole('status').filter({ hasText: `spans of` }).waitFor();
		const read = (await files.getByRole('status').innerText()).match(/^Read (\d+) spans of (\d+) traces from (.+)\.$/);
		// every exported span comes back, from the file it was saved as
		expect(Number(read?.[1])).toBe(Number(exported?.[1]));
		expect(read?.[3]).toBe(download.suggestedFilename());
		const shown = page.getByRole('status').filter({ hasText: /transactions imported from/ });
		await shown.waitFor();
		const count = Number((await shown.innerText()).replace(/,/g, '').match(/Showing (\d+) transactions/)?.[1]);
		expect(count).toBeGreaterThan(0);
		await expect.poll(() => transactions.inView()).toBe(count);
		// exporting is for stored data: off while the file is shown, back with it
		expect(await files.getByRole('button', { name: 'Export window (OTLP JSON)' }).isDisabled()).toBe(true);
		await page.getByRole('button', { name: 'Back to stored data' }).click();
		await shown.waitFor({ state: 'detached' });
		expect(await files.getByRole('button', { name: 'Export window (OTLP JSON)' }).isDisabled()).toBe(false);
	});
});
