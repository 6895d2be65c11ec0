import type { Locator, Page } from 'playwright-core';
import { figureValue } from './live-board';

/** The service map, found by roles and names: each node is a button named "<Kind> <name>: …". */
export class TopologyPage {
	constructor(readonly page: Page) {}

	async open(baseUrl: string, query = ''): Promise<void> {
		await this.page.goto(`${baseUrl}/topology/${query}`);
		await this.page.getByRole('heading', { name: 'Service map', level: 1 }).waitFor();
	}

	map(): Locator {
		return this.page.getByRole('figure', { name: 'Service map' });
	}

	/** A node's button by kind ("Service", "Database", "Queue", "External host") and exact name. */
	node(kind: string, name: string): Locator {
		const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		return this.map().getByRole('button', { name: new RegExp(`^${kind} ${escaped}:`) });
	}

	/** Names of the drawn nodes of a kind. */
	async nodeNames(kind: string): Promise<string[]> {
		const labels = await this.map().getByRole('button', { name: new RegExp(`^${kind} `) }).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
		return labels.map((l) => l.slice(kind.length + 1, l.indexOf(':')));
	}

	details(title: string): Locator {
		return this.page.getByRole('region', { name: title, exact: true });
	}

	/** A figure of the details panel by its term ("Requests/s", "p95", …), as shown. */
	async detailFigure(title: string, term: string): Promise<string> {
		const region = this.details(title);
		const terms = (await region.getByRole('term').allInnerTexts()).map((t) => t.trim());
		const index = terms.indexOf(term);
		if (index < 0) throw new Error(`no figure ${term}; terms: ${terms.join(' | ')}`);
		return (await region.getByRole('definition').nth(index).innerText()).trim();
	}

	async detailNumber(title: string, term: string): Promise<number> {
		return figureValue(await this.detailFigure(title, term));
	}

	/** Drags a node by (dx, dy) screen pixels. */
	async dragNode(node: Locator, dx: number, dy: number): Promise<void> {
		const box = await node.boundingBox();
		if (!box) throw new Error('node not drawn');
		const x = box.x + 20;
		const y = box.y + 12;
		await this.page.mouse.move(x, y);
		await this.page.mouse.down();
		await this.page.mouse.move(x + dx, y + dy, { steps: 10 });
		await this.page.mouse.up();
	}
}
