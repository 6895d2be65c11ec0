import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** "₩2,805,000" / "1,234" / "99.5%" → the number; NaN for "–". */
export function amountValue(text: string): number {
	const match = text.replace(/[,\s]/g, '').match(/-?\d+(\.\d+)?/);
	return match ? Number(match[0]) : NaN;
}

/** The Business screen (boards) and its kiosk, by roles and names. */
export class BusinessPage {
	constructor(
		readonly page: Page,
		readonly labels: { heading: string } = { heading: 'Business boards' }
	) {}

	async open(baseUrl: string, query = ''): Promise<void> {
		await this.page.goto(`${baseUrl}/business/${query}`);
		await this.page.getByRole('heading', { name: this.labels.heading, level: 1 }).waitFor();
	}

	boardTabs() {
		return this.page.getByRole('navigation', { name: 'Boards' }).getByRole('link');
	}

	/**
	 * Creates a board (it opens in edit mode) and gives it `title`; returns its id from the
	 * address. Waits for the address to name another board than before: while it still names
	 * the previous one, the title field is that board's.
	 */
	async newBoard(title: string): Promise<string> {
		const before = new URL(this.page.url()).searchParams.get('board');
		await this.page.getByRole('button', { name: 'New board' }).first().click();
		await this.page.waitForURL((url) => /^board-/.test(url.searchParams.get('board') ?? '') && url.searchParams.get('board') !== before);
		const id = new URL(this.page.url()).searchParams.get('board')!;
		await this.setTitle(title);
		await this.page.getByRole('link', { name: title, exact: true }).and(this.page.locator(`[href$="board=${encodeURIComponent(id)}"]`)).waitFor();
		return id;
	}

	async setTitle(title: string): Promise<void> {
		const field = this.page.getByRole('textbox', { name: /^Title/ });
		await field.fill(title);
		await field.press('Tab');
	}

	async edit(on: boolean): Promise<void> {
		await this.page.getByRole('button', { name: on ? 'Edit' : 'Done', exact: true }).click();
	}

	async addBigNumber(kpiName: string): Promise<void> {
		await this.page.getByRole('button', { name: 'Add widget' }).click();
		const dialog = this.page.getByRole('dialog', { name: 'Add widget' });
		await dialog.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'Big number' });
		await dialog.getByRole('combobox', { name: /^KPI/ }).selectOption({ label: kpiName });
		await dialog.getByRole('button', { name: 'Save' }).click();
		await this.widget(kpiName).waitFor();
	}

	widget(title: string) {
		return this.page.getByRole('region', { name: title, exact: true });
	}

	/** The big number of the widget titled `title`, as shown. */
	async figure(title: string): Promise<string> {
		return ((await this.widget(title).locator('output').first().textContent()) ?? '').trim();
	}

	/** Waits until the widget's number passes `test`; returns it. */
	async waitForFigure(title: string, test: (value: number) => boolean, timeoutMs = 90_000): Promise<number> {
		let last = NaN;
		await expect.poll(async () => test((last = amountValue(await this.figure(title)))), { timeout: timeoutMs, interval: 1_000 }).toBe(true);
		return last;
	}

	syncStatus() {
		return this.page.getByRole('status', { name: 'Document sync' });
	}

	/** Overwritten values listed under "Overwritten edits" (edit mode). */
	historyItems() {
		return this.page.getByRole('region', { name: 'Overwritten edits' }).getByRole('listitem');
	}
}

export class KioskPage {
	constructor(readonly page: Page) {}

	async open(baseUrl: string, query = ''): Promise<void> {
		await this.page.goto(`${baseUrl}/business/kiosk/${query}`);
	}

	async boardTitle(): Promise<string> {
		return ((await this.page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
	}
}
