import type { Locator, Page } from 'playwright-core';

/** The Database page, found by roles and names as a person (or a screen reader) finds it. */
export class DatabasesPage {
	constructor(readonly page: Page) {}

	async open(baseUrl: string, query = ''): Promise<void> {
		await this.page.goto(`${baseUrl}/databases/${query}`);
		await this.page.getByRole('heading', { name: 'Databases', level: 1 }).waitFor();
	}

	databasesTable(): Locator {
		return this.page.getByRole('table', { name: 'Databases seen in the range' });
	}

	async showTab(name: 'Top SQL' | 'Slow statements' | 'Status' | 'Variables' | 'Sessions & locks'): Promise<void> {
		await this.page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
	}

	topSql(): Locator {
		return this.page.getByRole('table', { name: 'Top SQL by statement digest over the range' });
	}

	slowStatements(): Locator {
		return this.page.getByRole('table', { name: 'Slow statements, newest first' });
	}

	/** The Top SQL row whose statement text matches `text` (summaries repeat; texts do not). */
	topSqlRow(text: RegExp): Locator {
		return this.topSql().getByRole('row').filter({ hasText: text });
	}

	/** Opens a statement's detail from its Top SQL row. */
	async openStatement(text: RegExp): Promise<void> {
		await this.topSqlRow(text).getByRole('button').first().click();
		await this.detail().waitFor();
	}

	detail(): Locator {
		return this.page.getByRole('region', { name: /^Statement: / });
	}

	/** Links of the detail's "Most recent spans" table, as absolute URLs. */
	async spanLinks(): Promise<string[]> {
		const table = this.detail().getByRole('table', { name: 'Most recent spans' });
		if ((await table.count()) === 0) return [];
		return table.getByRole('link').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
	}

	/** Names in the detail's "By service" table. */
	async spanServices(): Promise<string[]> {
		const table = this.detail().getByRole('table', { name: 'By service' });
		if ((await table.count()) === 0) return [];
		return (await table.getByRole('rowheader').allInnerTexts()).map((t) => t.trim());
	}
}
