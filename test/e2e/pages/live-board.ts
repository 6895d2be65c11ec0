import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Parses a figure as shown ("1,234.5", "12.3 ms", "4.5%") into its number; NaN for "–". */
export function figureValue(text: string): number {
	const match = text.replace(/,/g, '').match(/-?\d+(\.\d+)?/);
	return match ? Number(match[0]) : NaN;
}

/** Parses a duration as shown ("812 µs", "80.5 ms", "1.25 s") into milliseconds; NaN for "–". */
export function durationMsOf(text: string): number {
	const match = text.replace(/,/g, '').match(/(-?\d+(?:\.\d+)?)\s*(µs|ms|s)\b/);
	if (!match) return NaN;
	const value = Number(match[1]);
	return match[2] === 's' ? value * 1000 : match[2] === 'µs' ? value / 1000 : value;
}

/** The Live board, found by roles and names as a person (or a screen reader) finds it. */
export class LiveBoardPage {
	constructor(readonly page: Page) {}

	async open(baseUrl: string, query = ''): Promise<void> {
		await this.page.goto(`${baseUrl}/${query}`);
		await this.page.getByRole('heading', { name: 'Live', level: 1 }).waitFor();
	}

	/** The headline figure whose term is `name` (e.g. "Transactions per second"), as shown. */
	async figure(name: string): Promise<string> {
		const region = this.page.getByRole('region', { name: 'Current figures' });
		const terms = await region.getByRole('term').allInnerTexts();
		const index = terms.findIndex((t) => t.trim().startsWith(name));
		if (index < 0) throw new Error(`no figure named ${name}; terms: ${terms.join(' | ')}`);
		return (await region.getByRole('definition').nth(index).innerText()).trim();
	}

	/** The term naming a headline figure, with any label beside the name (e.g. "estimated"). */
	async figureTerm(name: string): Promise<string> {
		const terms = await this.page.getByRole('region', { name: 'Current figures' }).getByRole('term').allInnerTexts();
		const term = terms.find((t) => t.trim().startsWith(name));
		if (term === undefined) throw new Error(`no figure named ${name}; terms: ${terms.join(' | ')}`);
		return term.trim();
	}

	/** The last batch stored, as the header's connection status reads it out ("stored up to batch N"). */
	async storedBatch(): Promise<number> {
		const text = (await this.page.getByRole('status', { name: 'Connection' }).textContent()) ?? '';
		const match = text.match(/stored up to batch (\d[\d,]*)/);
		return match ? Number(match[1].replace(/,/g, '')) : NaN;
	}

	/** The "Data lost" list: one item per recorded gap, with its time range and reason. */
	gapList() {
		return this.page.getByRole('region', { name: 'Data lost' }).getByRole('listitem');
	}

	/** Waits until the figure's number satisfies `test` (figures update once a second). */
	async waitForFigure(name: string, test: (value: number) => boolean, timeoutMs = 60_000): Promise<number> {
		let last = NaN;
		await expect
			.poll(async () => test((last = figureValue(await this.figure(name)))), { timeout: timeoutMs })
			.toBe(true);
		return last;
	}

	async chooseRange(label: 'Live' | 'Last 5 min' | 'Last 1 hour' | 'Last 24 hours'): Promise<void> {
		await this.page.getByRole('radiogroup', { name: 'Time range' }).getByRole('radio', { name: label }).check();
	}

	serviceTable() {
		return this.page.getByRole('table', { name: /Per-service figures/ });
	}

	/** The service table's row for `service`, as { column header → cell text }. */
	async serviceRow(service: string): Promise<Record<string, string>> {
		const table = this.serviceTable();
		// the sorted column's header carries a ▲/▼ after its name
		const headers = (await table.getByRole('columnheader').allInnerTexts()).map((h) => h.replace(/[▲▼]/g, '').trim());
		const row = table.getByRole('row').filter({ has: this.page.getByRole('button', { name: service, exact: true }) });
		const cells = await row.getByRole('cell').allInnerTexts();
		const rowHeader = await row.getByRole('rowheader').count();
		// the service name may be a row header (th) or the first cell
		const values = rowHeader ? [service, ...cells] : cells;
		return Object.fromEntries(headers.map((h, i) => [h, (values[i] ?? '').trim()]));
	}
}
