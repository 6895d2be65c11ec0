/**
 * The board document: a grid of widgets. Widgets and their grid cells are keyed by widget
 * id and stored one field per entry (`widgets/<id>`, `layout/<id>`), so moving a widget on
 * one device and retitling another on a second device merge without conflict, and moving
 * and configuring the SAME widget on two devices also merge (position and configuration
 * are different fields).
 *
 * Grid: `gridColumns` columns; x + w <= gridColumns; rows unbounded up to `maxGridRows`.
 */
import type { Json } from '../../protocol/sync';
import { isJsonObject, jsonSize } from './json';

export const gridColumns = 12;
export const maxGridRows = 200;
export const maxWidgets = 64;
export const maxWidgetOptionsChars = 8_192;

export const widgetKinds = ['big-number', 'time-series', 'domain-bars', 'segment-table', 'transaction-path', 'topology'] as const;
export type WidgetKind = (typeof widgetKinds)[number];

export interface Widget {
	kind: WidgetKind;
	title?: string;
	kpiIds?: string[];
	domainId?: string;
	transactionId?: string;
	/** Widget-specific settings (chart range, columns, ...), plain JSON. */
	options?: { [key: string]: Json };
}

export interface GridCell {
	x: number;
	y: number;
	w: number;
	h: number;
}

export interface BoardBody {
	title: string;
	widgets: Record<string, Widget>;
	layout: Record<string, GridCell>;
	/** Kiosk rotation dwell on this board, seconds. */
	rotationSec?: number;
}

const refPattern = /^[A-Za-z0-9_.:-]{1,128}$/;

function isInt(v: unknown, min: number, max: number): v is number {
	return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

export function widgetProblem(v: unknown): string | undefined {
	if (!isJsonObject(v)) return 'a widget must be an object';
	if (!(widgetKinds as readonly unknown[]).includes(v.kind)) return `widget kind must be one of ${widgetKinds.join(', ')}`;
	if (v.title !== undefined && !(typeof v.title === 'string' && v.title.length <= 200)) return 'widget title must be text of at most 200 characters';
	if (v.kpiIds !== undefined && !(Array.isArray(v.kpiIds) && v.kpiIds.length <= 16 && v.kpiIds.every((id) => typeof id === 'string' && refPattern.test(id)))) {
		return 'widget kpiIds must be a list of at most 16 ids';
	}
	for (const key of ['domainId', 'transactionId'] as const) {
		if (v[key] !== undefined && !(typeof v[key] === 'string' && refPattern.test(v[key] as string))) return `widget ${key} must be an id`;
	}
	if (v.options !== undefined && !(isJsonObject(v.options) && jsonSize(v.options) <= maxWidgetOptionsChars)) {
		return `widget options must be an object of at most ${maxWidgetOptionsChars} characters`;
	}
	return undefined;
}

export function cellProblem(v: unknown): string | undefined {
	if (!isJsonObject(v)) return 'a grid cell must be an object';
	if (!isInt(v.w, 1, gridColumns) || !isInt(v.h, 1, maxGridRows)) return `a grid cell spans 1-${gridColumns} columns and 1-${maxGridRows} rows`;
	if (!isInt(v.x, 0, gridColumns - 1) || v.x + v.w > gridColumns) return `a grid cell must fit in ${gridColumns} columns`;
	if (!isInt(v.y, 0, maxGridRows - 1)) return `a grid cell starts in rows 0-${maxGridRows - 1}`;
	return undefined;
}

export function boardFieldProblem(key: string, value: Json): string | undefined {
	switch (key) {
		case 'title':
			return typeof value === 'string' && value.trim() !== '' && value.length <= 200 ? undefined : 'the board title must be text of 1-200 characters';
		case 'rotationSec':
			return isInt(value, 5, 3_600) ? undefined : 'rotationSec must be a whole number of seconds in 5-3600';
		case 'widgets':
			return widgetProblem(value);
		case 'layout':
			return cellProblem(value);
		default:
			return `a board has no field "${key}"`;
	}
}

/** A readable board from a document body: invalid widgets and cells are left out, a missing title reads ''. */
export function readBoard(body: Record<string, Json>): BoardBody {
	const widgets: Record<string, Widget> = {};
	const layout: Record<string, GridCell> = {};
	const rawWidgets = isJsonObject(body.widgets) ? body.widgets : {};
	const rawLayout = isJsonObject(body.layout) ? body.layout : {};
	for (const [id, w] of Object.entries(rawWidgets)) if (!widgetProblem(w)) widgets[id] = w as unknown as Widget;
	for (const [id, c] of Object.entries(rawLayout)) if (widgets[id] && !cellProblem(c)) layout[id] = c as unknown as GridCell;
	const board: BoardBody = { title: typeof body.title === 'string' ? body.title : '', widgets, layout };
	if (typeof body.rotationSec === 'number' && !boardFieldProblem('rotationSec', body.rotationSec)) board.rotationSec = body.rotationSec;
	return board;
}
