import type { Page } from 'playwright-core';

export interface ShownFinding {
	/** The finding's heading: kind label, then subject. */
	kind: string;
	subject: string;
	/** The whole card's text (principle, services, evidence). */
	text: string;
}

/** The Architecture findings page, found by roles and names. */
export class FindingsPage {
	constructor(readonly page: Page) {}

	async open(baseUrl: string, query = ''): Promise<void> {
		await this.page.goto(`${baseUrl}/architecture/${query}`);
		await this.page.getByRole('heading', { name: 'Architecture findings', level: 1 }).waitFor();
	}

	/** Reads the window again up to now and waits until the worker has answered. */
	async readUpToNow(): Promise<void> {
		const button = this.page.getByRole('button', { name: 'Read up to now' });
		await button.click();
		await this.waitForRead();
	}

	async waitForRead(timeoutMs = 60_000): Promise<void> {
		await this.page.getByRole('list', { name: 'Findings' }).waitFor({ state: 'attached', timeout: timeoutMs });
		await this.page.getByRole('button', { name: 'Read up to now' }).and(this.page.locator(':enabled')).waitFor({ timeout: timeoutMs });
	}

	async findings(): Promise<ShownFinding[]> {
		const cards = this.page.getByRole('list', { name: 'Findings' }).getByRole('article');
		const out: ShownFinding[] = [];
		for (const card of await cards.all()) {
			const heading = card.getByRole('heading', { level: 3 });
			const [kind, subject] = (await heading.innerText()).split('\n').map((s) => s.trim());
			out.push({ kind, subject, text: await card.innerText() });
		}
		return out;
	}

	async filterKind(label: string): Promise<void> {
		await this.page.getByRole('group', { name: 'Filter and sort findings' }).getByLabel('Kind').selectOption({ label });
	}

	/** The example-trace links of the finding about `subject`. */
	traceLinks(subject: string) {
		return this.page
			.getByRole('article')
			.filter({ has: this.page.getByRole('heading', { name: subject }) })
			.getByRole('link', { name: /Open trace/ });
	}
}
