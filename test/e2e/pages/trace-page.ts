import type { Locator, Page } from 'playwright-core';

/** The transaction path view (/trace/?id=). */
export class TracePage {
	constructor(readonly page: Page) {}

	async open(baseUrl: string, traceId: string): Promise<void> {
		await this.page.goto(`${baseUrl}/trace/?id=${traceId}`);
		await this.waitLoaded();
	}

	async waitLoaded(): Promise<void> {
		await this.page.getByRole('heading', { name: 'Transaction path', level: 1 }).waitFor();
		await this.waterfall().getByRole('row').first().waitFor({ timeout: 30_000 });
	}

	waterfall(): Locator {
		return this.page.getByRole('treegrid', { name: 'Waterfall' });
	}

	/**
	 * The waterfall row of the first span whose text contains `name`, scrolling the
	 * virtualised list until it is drawn.
	 */
	async row(name: string): Promise<Locator> {
		const grid = this.waterfall();
		const match = grid.getByRole('row').filter({ hasText: name }).first();
		for (let step = 0; step < 400; step++) {
			if ((await match.count()) > 0) return match;
			const moved = await grid.evaluate((el) => {
				const before = el.scrollTop;
				el.scrollTop += el.clientHeight * 0.8;
				return el.scrollTop !== before;
			});
			if (!moved) break;
			await this.page.waitForTimeout(50);
		}
		throw new Error(`no waterfall row contains ${name}`);
	}

	async isOnCriticalPath(row: Locator): Promise<boolean> {
		return ((await row.textContent()) ?? '').includes('on the critical path');
	}

	details(): Locator {
		return this.page.getByRole('region', { name: /^Span details/ });
	}

	/** The selected span's statement as shown (literals masked). */
	async statement(): Promise<string> {
		return (await this.details().getByLabel('Statement (literals masked)').innerText()).trim();
	}

	/** The selected span's figures, by term ("Duration", "On the critical path", …). */
	async detail(term: string): Promise<string> {
		const details = this.details();
		const terms = (await details.getByRole('term').allInnerTexts()).map((t) => t.trim());
		const index = terms.indexOf(term);
		if (index < 0) throw new Error(`no detail ${term}; terms: ${terms.join(' | ')}`);
		return (await details.getByRole('definition').nth(index).innerText()).trim();
	}

	/** Owners of the critical path, most time first ("deposits (mysql)", …). */
	async criticalOwners(): Promise<string[]> {
		const table = this.page.getByRole('table', { name: 'Time on the critical path by owner' });
		await table.waitFor();
		return (await table.locator('tbody').getByRole('rowheader').allInnerTexts()).map((t) => t.trim());
	}
}
