import type { Page } from 'playwright-core';
import { figureValue } from './live-board';

export class SettingsPage {
	constructor(readonly page: Page) {}

	async open(baseUrl: string): Promise<void> {
		await this.page.goto(`${baseUrl}/settings/`);
		await this.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
	}

	async setDemo(mode: 'When no relay answers' | 'Always' | 'Never'): Promise<void> {
		await this.page.getByRole('radiogroup', { name: 'Demo data' }).getByRole('radio', { name: mode }).check();
		await this.page.getByRole('button', { name: 'Save', exact: true }).click();
		await this.page.getByText('Saved.').waitFor();
	}

	/** Enters the relay's view token and saves; the data path reconnects with it. */
	async setViewToken(token: string): Promise<void> {
		await this.page.getByLabel('View token', { exact: true }).fill(token);
		await this.page.getByRole('button', { name: 'Save', exact: true }).click();
		await this.page.getByText('Saved.').waitFor();
	}

	/** Sets retention fields by their labels ("Raw spans", "1-minute rollups", ...) in hours, and saves. */
	async setRetention(hoursByLabel: Record<string, number>): Promise<void> {
		for (const [label, hours] of Object.entries(hoursByLabel)) {
			await this.page.getByLabel(label, { exact: true }).fill(String(hours));
		}
		await this.page.getByRole('button', { name: 'Save', exact: true }).click();
		await this.page.getByText('Saved.').waitFor();
	}

	/** The last eviction as Settings words it ("… (retention): removed N spans in …"). */
	async lastEviction(): Promise<string> {
		await this.page.getByRole('button', { name: 'Refresh storage figures' }).click();
		const text = await this.page.getByText(/\): removed [\d,]+ spans in /).first().textContent({ timeout: 1_000 }).catch(() => null);
		return (text ?? '').replace(/\s+/g, ' ').trim();
	}

	/** "Items" of a storage row ("Spans", "Recorded gaps", ...) after a refresh. */
	async storageItems(kind: string): Promise<number> {
		await this.page.getByRole('button', { name: 'Refresh storage figures' }).click();
		const table = this.page.getByRole('table', { name: 'Storage use by table' });
		const headers = (await table.getByRole('columnheader').allInnerTexts()).map((h) => h.trim());
		const row = table.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: kind, exact: true }) });
		const cells = await row.getByRole('cell').allInnerTexts();
		// the first column is the row header, so cell i is column i + 1
		return figureValue(cells[headers.indexOf('Items') - 1] ?? '');
	}
}
