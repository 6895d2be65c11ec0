import type { Locator, Page } from 'playwright-core';

export type InsightsTab = 'Overview' | 'Forecasts' | 'Load patterns' | 'History' | 'Rules' | 'Import';

/**
 * The expected range a chart draws (the band prop), as its screen-reader table reads it
 * ("12 ms – 48 ms"); '' when the chart has no band row. Works for any chart on any page.
 */
export async function chartBandText(page: Page, figureName: string | RegExp): Promise<string> {
	const figure = page.getByRole('figure', { name: figureName }).first();
	const row = figure.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Expected range', exact: true }) });
	if ((await row.count()) === 0) return '';
	return ((await row.first().getByRole('cell').innerText()) ?? '').trim();
}

/** The Insights page, found by roles and names as a person (or a screen reader) finds it. */
export class InsightsPage {
	constructor(readonly page: Page) {}

	async open(baseUrl: string, query = ''): Promise<void> {
		await this.page.goto(`${baseUrl}/insights/${query}`);
		await this.page.getByRole('heading', { name: 'Insights', level: 1 }).waitFor();
	}

	async showTab(name: InsightsTab): Promise<void> {
		await this.page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
	}

	/** The host's status line ("Watching 230 series; analysed up to …"). */
	async status(): Promise<string> {
		return ((await this.page.getByRole('status', { name: 'Insights status' }).textContent()) ?? '').trim();
	}

	incidents(): Locator {
		return this.page.getByRole('region', { name: 'Incidents' }).getByRole('article');
	}

	/** Services of an incident's "Ranked causes" table, best first ([] while it is being analysed). */
	async rankedCauses(incident: Locator = this.incidents().first()): Promise<string[]> {
		const table = incident.getByRole('table', { name: 'Ranked causes' });
		if ((await table.count()) === 0) return [];
		return (await table.getByRole('rowheader').allInnerTexts()).map((t) => t.trim());
	}

	/** Fired rules of an incident, as "<rule name> on <node>". */
	async firedRules(incident: Locator = this.incidents().first()): Promise<string[]> {
		const list = incident.getByRole('list', { name: 'Fired rules' });
		if ((await list.count()) === 0) return [];
		const items = list.locator(':scope > li');
		const out: string[] = [];
		for (let i = 0; i < (await items.count()); i++) {
			const item = items.nth(i);
			out.push(`${(await item.locator('strong').first().innerText()).trim()} ${(await item.getByText(/^on /).first().innerText()).trim()}`);
		}
		return out;
	}

	/** Conditions of a fired rule as the list shows them ("✓ calls-database db:mysql/deposits"). */
	async ruleConditions(ruleName: string, incident: Locator = this.incidents().first()): Promise<string[]> {
		const rule = incident.getByRole('list', { name: 'Fired rules' }).locator(':scope > li').filter({ has: this.page.locator('strong', { hasText: ruleName }) });
		return (await rule.first().getByRole('list', { name: 'Conditions' }).getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
	}

	/** Names of the open anomalies' series ("p95 latency · transfer"). */
	async anomalies(): Promise<string[]> {
		const list = this.page.getByRole('list', { name: 'Active anomalies' });
		if ((await list.count()) === 0) return [];
		return (await list.locator(':scope > li strong').allInnerTexts()).map((t) => t.trim());
	}

	/** Runs the offline model check and returns what it says once it has finished. */
	async checkModel(): Promise<string> {
		await this.showTab('Forecasts');
		const region = this.page.getByRole('region', { name: 'Forecasting model' });
		await region.getByRole('button', { name: 'Check the model offline' }).click();
		const result = region.getByRole('status').filter({ hasText: /model (loaded|could not)/ });
		await result.waitFor({ timeout: 120_000 });
		return (await result.innerText()).trim();
	}
}
