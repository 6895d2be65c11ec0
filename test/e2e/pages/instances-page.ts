import type { Locator, Page } from 'playwright-core';

/** The Instances page, found by roles and names. */
export class InstancesPage {
	constructor(readonly page: Page) {}

	async open(baseUrl: string, query = ''): Promise<void> {
		await this.page.goto(`${baseUrl}/instances/${query}`);
		await this.page.getByRole('heading', { name: 'Instances', level: 1 }).waitFor();
	}

	/** A service's section (its heading is the service name). */
	service(name: string): Locator {
		return this.page.getByRole('region', { name, exact: true });
	}

	/** Unit names listed in a group's instance table. */
	async instanceNames(group: string): Promise<string[]> {
		const table = this.page.getByRole('table', { name: `Instances of ${group}`, exact: true });
		if ((await table.count()) === 0) return [];
		return (await table.getByRole('rowheader').allInnerTexts()).map((t) => t.trim());
	}

	/** Per row of a group's instance table: the unit's name and the href of its console link named `name` ('' when none). */
	async consoleLinks(group: string, name: string): Promise<{ instance: string; href: string }[]> {
		const table = this.page.getByRole('table', { name: `Instances of ${group}`, exact: true });
		return table.locator('tbody tr').evaluateAll(
			(rows, linkName) =>
				rows.map((row) => ({
					instance: (row.querySelector('th')?.textContent ?? '').trim(),
					href: ([...row.querySelectorAll('a')] as HTMLAnchorElement[]).find((a) => a.textContent?.trim() === linkName)?.href ?? ''
				})),
			name
		);
	}

	/** Opens the console link templates and types `url` as the template named `name`. */
	async editTemplate(name: string, url: string): Promise<void> {
		const editor = this.page.getByRole('region', { name: 'Console link templates' });
		if (!(await editor.isVisible())) await this.page.getByText('Console link templates', { exact: true }).first().click();
		await editor.getByRole('group', { name, exact: true }).getByLabel('URL template').fill(url);
	}

	/** The URL template typed for the template named `name`, as the editor shows it. */
	async templateUrl(name: string): Promise<string> {
		const editor = this.page.getByRole('region', { name: 'Console link templates' });
		if (!(await editor.isVisible())) await this.page.getByText('Console link templates', { exact: true }).first().click();
		return editor.getByRole('group', { name, exact: true }).getByLabel('URL template').inputValue();
	}

	async saveTemplates(): Promise<void> {
		const editor = this.page.getByRole('region', { name: 'Console link templates' });
		await editor.getByRole('button', { name: 'Save templates' }).click();
		await editor.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
	}

	/** The "Retire after … minutes" setting. */
	retireAfter(): Locator {
		return this.page.getByRole('group', { name: 'Instance filters' }).getByRole('spinbutton');
	}

	templateProblems(name: string): Locator {
		return this.page.getByRole('region', { name: 'Console link templates' }).getByRole('group', { name, exact: true }).getByRole('alert');
	}

	/** Every entry of every group's "Scaling and platform events" list, as shown. */
	async timelineEntries(): Promise<string[]> {
		const lists = this.page.getByRole('list', { name: /^Scaling and platform events of / });
		return (await lists.getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
	}
}
