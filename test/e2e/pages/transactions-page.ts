import type { Locator, Page } from 'playwright-core';
import { figureValue } from './live-board';

/** "1.91 s", "188.1 ms", "950 µs" as shown → milliseconds. */
export function durationMs(text: string): number {
	const value = figureValue(text);
	if (/µs/.test(text)) return value / 1000;
	if (/\bs\b/.test(text) && !/ms/.test(text)) return value * 1000;
	return value;
}

/** The Transactions screen: the response-time scatter, its selection list and trace search. */
export class TransactionsPage {
	constructor(readonly page: Page) {}

	async open(baseUrl: string, query = ''): Promise<void> {
		await this.page.goto(`${baseUrl}/transactions/${query}`);
		await this.page.getByRole('heading', { name: 'Transactions', level: 1 }).waitFor();
	}

	scatter(): Locator {
		return this.page.getByRole('figure', { name: 'Response-time scatter' });
	}

	/** Transactions drawn in the scatter's view (its status line). */
	async inView(): Promise<number> {
		const text = await this.scatter().getByRole('status').innerText();
		const match = text.replace(/,/g, '').match(/(\d+) transactions in view/);
		return match ? Number(match[1]) : 0;
	}

	/** The page y of a duration tick label of the y axis ("1 s", "100 ms"). */
	async tickY(label: string): Promise<number> {
		const box = await this.scatter().getByText(label, { exact: true }).boundingBox();
		if (!box) throw new Error(`no tick labelled ${label}`);
		return box.y + box.height / 2;
	}

	/** Drags a rectangle over the whole width of the plot, from page y `fromY` to `toY`. */
	async dragAcross(fromY: number, toY: number): Promise<void> {
		const box = await this.scatter().locator('canvas').boundingBox();
		if (!box) throw new Error('the scatter has no canvas');
		const top = Math.max(box.y + 1, Math.min(fromY, toY));
		const bottom = Math.min(box.y + box.height - 1, Math.max(fromY, toY));
		await this.page.mouse.move(box.x + 1, top);
		await this.page.mouse.down();
		await this.page.mouse.move(box.x + box.width - 1, bottom, { steps: 8 });
		await this.page.mouse.up();
	}

	/** The y of the top edge of the plot (everything above the axis is drawn on the top row). */
	async plotTop(): Promise<number> {
		const box = await this.scatter().locator('canvas').boundingBox();
		if (!box) throw new Error('the scatter has no canvas');
		return box.y;
	}

	selectionTable(): Locator {
		return this.page.getByRole('table', { name: 'Selected transactions' });
	}

	/** The selection list as { column header → cell text } rows. */
	async selectedRows(): Promise<Record<string, string>[]> {
		const table = this.selectionTable();
		await table.waitFor();
		const headers = (await table.getByRole('columnheader').allInnerTexts()).map((h) => h.trim());
		const rows = table.locator('tbody').getByRole('row');
		const out: Record<string, string>[] = [];
		for (const row of await rows.all()) {
			const cells = await row.getByRole('cell').allInnerTexts();
			out.push(Object.fromEntries(headers.map((h, i) => [h, (cells[i] ?? '').trim()])));
		}
		return out;
	}

	/** Opens the listed transaction with the longest duration; answers its row. */
	async openSlowestSelected(): Promise<Record<string, string>> {
		const rows = await this.selectedRows();
		if (rows.length === 0) throw new Error('the selection is empty');
		let best = 0;
		rows.forEach((r, i) => {
			if (durationMs(r['Duration']) > durationMs(rows[best]['Duration'])) best = i;
		});
		await this.selectionTable().locator('tbody').getByRole('row').nth(best).getByRole('link').click();
		return rows[best];
	}
}
