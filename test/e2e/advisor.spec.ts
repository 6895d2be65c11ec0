/**
 * The Architecture area in Chromium against the real relay: the demo bank's findings name
 * the tables its core-banking monolith really shares, the advisor proposes K candidate
 * services for that monolith with the measures as numbers (its business contexts from a
 * span attribute, or from the designer's business transactions), and a dropped CSV is
 * partitioned the way its own calls say.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bankTopology } from '../../src/lib/sim/topology';
import { launchChromium } from '../support/chromium';
import { startRelay } from '../support/relay';
import { AdvisorPage } from './pages/advisor-page';
import { FindingsPage } from './pages/architecture-page';
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

async function newPage() {
	context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB', acceptDownloads: true });
	return context.newPage();
}

describe('Architecture findings and the migration advisor on the demo bank', () => {
	it('lists the tables the core-banking monolith shares, and proposes K candidate services for it', async () => {
		const { monolith } = bankTopology();
		const shared = monolith.sharedTables.map((t) => t.toLowerCase());
		const relay = await startRelay({ demo: true });
		stops.push(() => relay.stop());
		const page = await newPage();
		const board = new LiveBoardPage(page);
		await board.open(relay.appUrl);
		await board.waitForFigure('Transactions per second', (v) => v > 0);

		const findings = new FindingsPage(page);
		await findings.open(relay.appUrl);
		await findings.waitForRead();
		// a table is reported once two business contexts have written it: read again until they have
		const sharedListed = async () => {
			const tables = (await findings.findings())
				.filter((f) => f.kind === 'Shared database table' && f.text.includes(monolith.service))
				.map((f) => f.subject.split(' / ').at(-1) ?? '');
			return shared.filter((t) => tables.includes(t));
		};
		await expect
			.poll(async () => (await sharedListed()).length >= 2 || (await findings.readUpToNow(), false), { timeout: 90_000, interval: 1_000 })
			.toBe(true);
		const listed = await sharedListed();
		expect(listed.length).toBeGreaterThanOrEqual(2);
		// the evidence is one click away: an example trace opens the transaction path view
		const subject = (await findings.findings()).find((f) => f.subject.endsWith(`/ ${listed[0]}`))!.subject;
		const href = await findings.traceLinks(subject).first().getAttribute('href');
		expect(href).toMatch(/\/trace\/\?id=[0-9a-f]{32}$/);

		// the advisor, on the same window: the monolith is found by its class-level spans
		await page.getByRole('link', { name: 'Migration advisor' }).click();
		const advisor = new AdvisorPage(page);
		await page.getByRole('heading', { name: 'Migration advisor', level: 1 }).waitFor();
		await expect.poll(() => advisor.monolith(), { timeout: 60_000 }).toBe(monolith.service);
		await advisor.chooseK(4);
		const candidates = await advisor.candidates(4);
		expect(candidates).toHaveLength(4);
		const monolithClasses = new Set(monolith.classes.map((c) => c.slice(c.lastIndexOf('.') + 1)));
		const placed = candidates.flatMap((c) => c.classes);
		// every class of the monolith seen is in exactly one candidate, and nothing else is
		expect(candidates.every((c) => c.classes.length > 0)).toBe(true);
		expect(new Set(placed).size).toBe(placed.length);
		expect(placed.every((c) => monolithClasses.has(c))).toBe(true);
		const measures = await advisor.measures();
		expect(Object.keys(measures)).toEqual(['BCP', 'ICP', 'SM', 'NED', 'IFN']);
		for (const { proposal, baseline } of Object.values(measures)) {
			expect(Number.isFinite(proposal)).toBe(true);
			expect(Number.isFinite(baseline)).toBe(true);
		}
		expect(measures.ICP.proposal).toBeGreaterThanOrEqual(0);
		expect(measures.ICP.proposal).toBeLessThanOrEqual(1);
		await expect.poll(() => advisor.graph().getAttribute('aria-label'), { timeout: 60_000 }).toMatch(/in 4 candidate services/);
		expect(page.url()).toContain(`service=${monolith.service}`);
		expect(page.url()).toContain('k=4');
		// contexts named by the biz.transaction attribute
		expect(await advisor.candidateContexts()).toContain('account.transfer');

		// the designer's business transactions as contexts instead: the demo bank's starter set
		// maps each entry span's biz.transaction to a named transaction
		const advisorUrl = page.url();
		await page.goto(`${relay.appUrl}/designer/`);
		// documents are read once the editor shows
		await page.getByRole('button', { name: 'New business transaction' }).waitFor();
		await page.getByRole('button', { name: 'Add the demo bank starter set' }).click();
		await page.getByRole('button', { name: 'Account transfer', exact: true }).waitFor();
		await page.goto(advisorUrl);
		await expect.poll(() => advisor.monolith(), { timeout: 60_000 }).toBe(monolith.service);
		await advisor.chooseContextSource('The designer’s business transactions');
		await expect.poll(() => advisor.candidateContexts(), { timeout: 60_000 }).toContain('Account transfer');
		expect(await advisor.candidateContexts()).not.toContain('account.transfer');
		expect(page.url()).toContain('ctxFrom=designer');
	});
});

describe('Migration advisor on a dropped CSV', () => {
	it('partitions the calls into the modules they form, lists the bad row by line, and exports the proposal', async () => {
		const modules = { Order: 'orders', Invoice: 'billing', Stock: 'inventory' };
		const rows = ['timestamp,business_context,caller,callee'];
		let timeMs = 1_700_000_000_000;
		for (const [module, context] of Object.entries(modules)) {
			for (let i = 0; i < 5; i++) {
				rows.push(`${timeMs++},${context},Root,${module}Controller.handle`);
				rows.push(`${timeMs++},${context},${module}Controller.handle,${module}Service.run`);
				rows.push(`${timeMs++},${context},${module}Service.run,${module}Repository.save`);
			}
		}
		// one light call across modules, and one row the parser must reject
		rows.push(`${timeMs++},billing,InvoiceService.run,OrderService.find`);
		rows.push('yesterday,billing,InvoiceService.run,OrderService.find');
		const badLine = rows.length;

		const relay = await startRelay();
		stops.push(() => relay.stop());
		const advisor = new AdvisorPage(await newPage());
		await advisor.open(relay.appUrl, '?source=csv&k=3');
		await advisor.dropCsv('modules.csv', rows.join('\n'));

		const candidates = await advisor.candidates(3);
		const partition = candidates.map((c) => [...c.classes].sort()).sort((a, b) => a[0].localeCompare(b[0]));
		const expected = Object.keys(modules)
			.map((m) => [`${m}Controller`, `${m}Repository`, `${m}Service`])
			.sort((a, b) => a[0].localeCompare(b[0]));
		expect(partition).toEqual(expected);
		expect(await advisor.csvErrors()).toEqual([`Line ${badLine}: timestamp "yesterday" is neither a number nor an ISO 8601 date`]);
		await advisor.page.getByText(`modules.csv: ${badLine - 2} of ${badLine - 1} rows read`).waitFor();

		const download = await advisor.exportJson();
		const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
		expect(exported.source).toEqual({ kind: 'csv', file: 'modules.csv' });
		expect(exported.decomposition.k).toBe(3);
		const assignment: Record<string, number> = exported.decomposition.proposal.assignment;
		expect(assignment.OrderService).toBe(assignment.OrderRepository);
		expect(assignment.OrderService).not.toBe(assignment.InvoiceService);
	});
});
