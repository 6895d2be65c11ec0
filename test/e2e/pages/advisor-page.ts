import type { Download, Page } from 'playwright-core';
import { figureValue } from './live-board';

export interface ShownCandidate {
	heading: string;
	/** Class names as listed (without their package). */
	classes: string[];
}

/** The migration advisor screen, found by roles and names. */
export class AdvisorPage {
	constructor(readonly page: Page) {}

	async open(baseUrl: string, query = ''): Promise<void> {
		await this.page.goto(`${baseUrl}/architecture/advisor/${query}`);
		await this.page.getByRole('heading', { name: 'Migration advisor', level: 1 }).waitFor();
	}

	settings() {
		return this.page.getByRole('group', { name: 'Decomposition settings' });
	}

	async monolith(): Promise<string> {
		return this.settings().getByLabel('Monolith service').inputValue();
	}

	async chooseK(k: number | 'Sweep: best K'): Promise<void> {
		await this.settings().getByLabel('Candidate services (K)').selectOption({ label: String(k) });
	}

	async chooseSource(label: 'Stored traces' | 'CSV file'): Promise<void> {
		await this.page.getByRole('radiogroup', { name: 'Call records from' }).getByRole('radio', { name: label }).check();
	}

	async chooseContextSource(label: 'A span attribute' | 'The designer’s business transactions'): Promise<void> {
		await this.settings().getByRole('radiogroup', { name: 'Business contexts from' }).getByRole('radio', { name: label }).check();
	}

	/** The business contexts every shown candidate lists, one entry per context. */
	async candidateContexts(): Promise<string[]> {
		const region = this.candidateRegion();
		const terms = await region.getByRole('term').allInnerTexts();
		const values = await region.getByRole('definition').allInnerTexts();
		return values.filter((_, i) => terms[i]?.trim() === 'Business contexts').flatMap((v) => v.split(', ').map((c) => c.trim()));
	}

	candidateRegion() {
		return this.page.getByRole('region', { name: 'Candidate services' });
	}

	/** Waits for a proposal with `count` candidates and returns them. */
	async candidates(count: number, timeoutMs = 60_000): Promise<ShownCandidate[]> {
		const headings = this.candidateRegion().getByRole('heading', { level: 3 });
		await headings.nth(count - 1).waitFor({ timeout: timeoutMs });
		const out: ShownCandidate[] = [];
		for (const text of await headings.allInnerTexts()) {
			// each candidate is a list item named by its heading; its classes are a list inside it
			const item = this.candidateRegion().getByRole('listitem', { name: text.trim(), exact: true });
			const classes = await item.getByRole('list').getByRole('listitem').allInnerTexts();
			out.push({ heading: text.trim(), classes: classes.map((c) => c.trim()) });
		}
		return out;
	}

	/** Measure name → { proposal, baseline } as numbers (NaN for "–"). */
	async measures(): Promise<Record<string, { proposal: number; baseline: number }>> {
		const table = this.page.getByRole('table', { name: /Mono2Micro measures/ });
		const out: Record<string, { proposal: number; baseline: number }> = {};
		for (const row of await table.getByRole('row').filter({ has: this.page.getByRole('rowheader') }).all()) {
			const name = (await row.getByRole('rowheader').innerText()).split(',')[0].trim();
			const cells = await row.getByRole('cell').allInnerTexts();
			out[name] = { proposal: figureValue(cells[0]), baseline: figureValue(cells[1]) };
		}
		return out;
	}

	/** The graph of the proposal (an SVG image named after its candidates and cut edges). */
	graph() {
		return this.page.getByRole('img', { name: /Class call graph in \d+ candidate services/ });
	}

	/** Drops a file onto the CSV region, as a person dragging it from their desktop does. */
	async dropCsv(name: string, text: string): Promise<void> {
		const region = this.page.getByRole('region', { name: 'Call-record CSV' });
		const transfer = await this.page.evaluateHandle(
			([fileName, body]) => {
				const data = new DataTransfer();
				data.items.add(new File([body], fileName, { type: 'text/csv' }));
				return data;
			},
			[name, text] as const
		);
		await region.dispatchEvent('dragover', { dataTransfer: transfer });
		await region.dispatchEvent('drop', { dataTransfer: transfer });
	}

	async csvErrors(): Promise<string[]> {
		return (await this.page.getByRole('list', { name: 'Rejected rows' }).getByRole('listitem').allInnerTexts()).map((t) => t.trim());
	}

	async exportJson(): Promise<Download> {
		const download = this.page.waitForEvent('download');
		await this.page.getByRole('button', { name: 'Export proposal (JSON)' }).click();
		return download;
	}
}
