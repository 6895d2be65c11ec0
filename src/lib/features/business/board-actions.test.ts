import { describe, expect, it } from 'vitest';
import { readBoard } from '$lib/domain/docs/board';
import { Documents } from '$lib/io/docs/documents';
import { MemoryLocalDocStore } from '$lib/io/docs/memory-local-store';
import { addWidget, exportFileName, moveWidgets, removeWidget } from './board-actions';

describe('board actions', () => {
	it('adds widgets in free cells, moves and removes them as document edits', async () => {
		const docs = await Documents.open({ store: new MemoryLocalDocStore() });
		const boardId = await docs.create('board', { title: 'Ops' });
		const read = async () => readBoard((await docs.get(boardId))!.body);
		const a = await addWidget(docs, boardId, await read(), { kind: 'big-number', kpiIds: ['k1'] }, 'a');
		const b = await addWidget(docs, boardId, await read(), { kind: 'big-number', kpiIds: ['k2'] }, 'b');
		expect((await read()).layout).toEqual({ [a]: { x: 0, y: 0, w: 3, h: 2 }, [b]: { x: 3, y: 0, w: 3, h: 2 } });
		await moveWidgets(docs, boardId, { b: { x: 0, y: 4, w: 3, h: 2 } });
		expect((await read()).layout.b).toEqual({ x: 0, y: 4, w: 3, h: 2 });
		await removeWidget(docs, boardId, a);
		expect(Object.keys((await read()).widgets)).toEqual(['b']);
		expect(exportFileName('Bank overview / 여신')).toBe('Bank-overview-여신.meridian-board.json');
	});
});
