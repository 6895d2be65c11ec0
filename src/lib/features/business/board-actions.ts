/**
 * Board edits as the Business screen makes them, through the documents editor: new board,
 * title, rotation, widget add / configure / remove, layout changes, export file and link.
 */
import type { Json } from '$lib/protocol/sync';
import type { BoardBody, GridCell, Widget } from '$lib/domain/docs/board';
import type { Documents } from '$lib/io/docs/documents';
import { starterChanges } from '$lib/domain/docs/starter';
import { documents } from '$lib/state/documents.svelte';
import { defaultSize } from './widget-config';
import { placeNew, type Layout } from './grid';

export function newWidgetId(random: () => number = Math.random): string {
	return 'w' + Math.floor(random() * 36 ** 8).toString(36);
}

export async function addWidget(docs: Documents, boardId: string, board: BoardBody, widget: Widget, id = newWidgetId()): Promise<string> {
	const size = defaultSize[widget.kind];
	const cell: GridCell = placeNew(board.layout, size.w, size.h);
	await docs.edit(boardId, 'board', { widgets: { [id]: widget as unknown as Json }, layout: { [id]: cell as unknown as Json } });
	return id;
}

export function configureWidget(docs: Documents, boardId: string, id: string, widget: Widget) {
	return docs.edit(boardId, 'board', { widgets: { [id]: widget as unknown as Json } });
}

export function removeWidget(docs: Documents, boardId: string, id: string) {
	return docs.edit(boardId, 'board', { widgets: { [id]: null }, layout: { [id]: null } });
}

export function moveWidgets(docs: Documents, boardId: string, changed: Layout) {
	return docs.edit(boardId, 'board', { layout: changed as unknown as Json });
}

/** The file name of a board's export: its title in safe characters. */
export function exportFileName(title: string): string {
	const safe = title.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '');
	return (safe || 'board') + '.meridian-board.json';
}

/** The offline demo opens with the demo bank's starter board instead of an empty screen (only when the device has no boards and no transactions). */
export async function demoStarter(title: string): Promise<void> {
	if (documents.boards.length > 0 || documents.definitions.transactions.length > 0) return;
	await documents.docs?.applyStamped(starterChanges(title));
}
