import type { Page } from 'playwright-core';

/** The business designer, by roles and names. */
export class DesignerPage {
	constructor(readonly page: Page) {}

	async open(baseUrl: string): Promise<void> {
		await this.page.goto(`${baseUrl}/designer/`);
		await this.page.getByRole('heading', { name: 'Business designer', level: 1 }).waitFor();
	}

	async section(name: 'Business transactions' | 'KPIs' | 'Domains'): Promise<void> {
		await this.page.getByRole('radiogroup', { name: 'Section' }).getByRole('radio', { name }).check();
	}

	/** A new business transaction mapping spans whose attribute `key` equals `value`. */
	async createTransaction(options: { name: string; domain: string; key: string; value: string; entryOnly?: boolean }): Promise<void> {
		await this.section('Business transactions');
		await this.page.getByRole('button', { name: 'New business transaction' }).click();
		const form = this.page.getByRole('form', { name: 'Business transaction' });
		await form.getByRole('textbox', { name: /^Name/ }).fill(options.name);
		await form.getByRole('combobox', { name: 'Domain' }).selectOption({ label: options.domain });
		if (options.entryOnly) await form.getByRole('combobox', { name: 'Spans the rule looks at' }).selectOption('entry');
		const condition = form.getByRole('group', { name: 'Condition 1' });
		await condition.getByRole('combobox', { name: 'Field' }).selectOption('attr');
		await condition.getByRole('textbox', { name: 'Attribute' }).fill(options.key);
		await condition.getByRole('combobox', { name: 'Test' }).selectOption('equals');
		await condition.getByRole('textbox', { name: 'Value' }).fill(options.value);
		await form.getByRole('button', { name: 'Save' }).click();
		await form.getByRole('status').filter({ hasText: `Saved "${options.name}"` }).waitFor();
	}

	/** The live preview's "N spans per minute match this rule." */
	previewStatus() {
		return this.page.getByRole('status', { name: 'Live preview' });
	}

	async createKpi(options: { name: string; measure: 'Count' | 'Sum'; of: string; attr?: string }): Promise<void> {
		await this.section('KPIs');
		await this.page.getByRole('button', { name: 'New KPI' }).click();
		const form = this.page.getByRole('form', { name: 'KPI' });
		await form.getByRole('textbox', { name: /^Name/ }).fill(options.name);
		await form.getByRole('combobox', { name: /^Measure/ }).selectOption({ label: options.measure });
		await form.getByRole('combobox', { name: /^Of/ }).selectOption({ label: options.of });
		if (options.attr) await form.getByRole('textbox', { name: /^Attribute/ }).fill(options.attr);
		await form.getByRole('button', { name: 'Save' }).click();
		await form.getByRole('status').filter({ hasText: `Saved "${options.name}"` }).waitFor();
	}
}
