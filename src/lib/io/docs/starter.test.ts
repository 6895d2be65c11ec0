import { describe, expect, it } from 'vitest';
import { MemoryLocalDocStore } from './memory-local-store';
import { Documents } from './documents';
import { readBoard } from '../../domain/docs/board';
import { starterBoardId, starterChanges } from '../../domain/docs/starter';
import { BusinessModel } from '../../domain/business/model';

describe('starter set', () => {
	it('creates valid definitions and a board whose widgets name them, and an edit wins over a second seeding', async () => {
		const docs = await Documents.open({ store: new MemoryLocalDocStore() });
		await docs.applyStamped(starterChanges('Bank overview'));
		const model = BusinessModel.build(await docs.definitions());
		expect(model.issues).toEqual([]);
		const board = readBoard((await docs.get(starterBoardId))!.body);
		expect(Object.keys(board.layout)).toEqual(Object.keys(board.widgets));
		const kpiIds = new Set(model.kpis.map((k) => k.id));
		for (const w of Object.values(board.widgets)) for (const id of w.kpiIds ?? []) expect(kpiIds.has(id)).toBe(true);
		await docs.edit(starterBoardId, 'board', { title: 'Mine' });
		await docs.applyStamped(starterChanges('Bank overview'));
		expect((await docs.get(starterBoardId))!.body.title).toBe('Mine');
	});
});
