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

	/** Every entry of every group's "Scaling and platform events" list, as shown. */
	async timelineEntries(): Promise<string[]> {
		const lists = this.page.getByRole('list', { name: /^Scaling and platform events of / });
		return (await lists.getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
	}
}
