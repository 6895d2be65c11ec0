/**
 * Board export and import as one JSON file. The export carries the board and every
 * definition it needs (its KPIs, their transactions and domains), so a file opened on a
 * device that never saw them shows the same board.
 *
 * Import modes:
 * - `replace`: keep every id; imported values are written with fresh stamps, so they win
 *   over what the device holds, and the values they replace go to the documents' history.
 * - `copy`: the board gets a new id; definitions the device already holds are left as they
 *   are (matched by id), missing ones are created.
 *
 * Validation refuses the whole file with every problem listed (nothing is written); the
 * file is at most `maxImportChars` characters.
 */
import type { DocChange, DocRecord, Hlc, Json } from '../../protocol/sync';
import { kpiReferences, parseDomain, parseKpi, parseTransaction, type BusinessIssue } from '../business/validate';
import type { BusinessDomain, BusinessTransaction, KpiDefinition } from '../business/types';
import { readBoard, type BoardBody } from './board';
import { definitionChanges, definitionsFromDocs } from './business-docs';
import { patchChanges } from './edits';
import { isJsonObject } from './json';
import { bodyOf, fieldValueProblem } from './schemas';
import { isDeleted, isDocId } from './validate';

export const boardExportFormat = 'meridian.board';
export const boardExportVersion = 1;
export const maxImportChars = 2 * 1024 * 1024;

export interface BoardExport {
	format: typeof boardExportFormat;
	version: typeof boardExportVersion;
	board: BoardBody & { id: string };
	domains: BusinessDomain[];
	transactions: BusinessTransaction[];
	kpis: KpiDefinition[];
}

export const importIssueCodes = ['business.import.json', 'business.import.too-large', 'business.import.format', 'business.import.version', 'business.import.board'] as const;
export type ImportIssueCode = (typeof importIssueCodes)[number];

export interface ImportIssue {
	path: string;
	code: ImportIssueCode | BusinessIssue['code'];
	params?: Record<string, string | number>;
}

/** The export of board `boardId` from the documents a device holds; undefined when it has no such live board. */
export function exportBoard(boardId: string, records: Iterable<DocRecord>): BoardExport | undefined {
	const all = [...records];
	const boardRecord = all.find((r) => r.id === boardId && r.type === 'board' && !isDeleted(r));
	if (!boardRecord) return undefined;
	const board = readBoard(bodyOf('board', boardRecord.fields));
	const defs = definitionsFromDocs(all);
	const kpiIds = new Set(Object.values(board.widgets).flatMap((w) => w.kpiIds ?? []));
	const kpis = defs.kpis.filter((k) => kpiIds.has(k.id));
	const txIds = new Set(Object.values(board.widgets).flatMap((w) => (w.transactionId ? [w.transactionId] : [])));
	const domainIds = new Set(Object.values(board.widgets).flatMap((w) => (w.domainId ? [w.domainId] : [])));
	for (const k of kpis) for (const ref of kpiReferences(k)) (ref.kind === 'domain' ? domainIds : txIds).add(ref.id);
	const transactions = defs.transactions.filter((t) => txIds.has(t.id));
	for (const t of transactions) domainIds.add(t.domainId);
	// a domain-scoped KPI needs its domain's transactions to count anything
	for (const t of defs.transactions) if (domainIds.has(t.domainId) && !txIds.has(t.id)) transactions.push(t);
	return {
		format: boardExportFormat,
		version: boardExportVersion,
		board: { ...board, id: boardId },
		domains: defs.domains.filter((d) => domainIds.has(d.id)),
		transactions,
		kpis
	};
}

/** Parses and checks an export file's text; every problem is listed. */
export function parseBoardExport(text: string): { ok: true; value: BoardExport } | { ok: false; issues: ImportIssue[] } {
	if (text.length > maxImportChars) return { ok: false, issues: [{ path: '', code: 'business.import.too-large', params: { max: maxImportChars } }] };
	let v: unknown;
	try {
		v = JSON.parse(text);
	} catch (error) {
		return { ok: false, issues: [{ path: '', code: 'business.import.json', params: { detail: (error as Error).message } }] };
	}
	if (!isJsonObject(v) || v.format !== boardExportFormat) return { ok: false, issues: [{ path: 'format', code: 'business.import.format' }] };
	if (v.version !== boardExportVersion) return { ok: false, issues: [{ path: 'version', code: 'business.import.version', params: { version: String(v.version) } }] };
	const issues: ImportIssue[] = [];
	const board = v.board;
	if (!isJsonObject(board) || !isDocId(board.id)) issues.push({ path: 'board', code: 'business.import.board', params: { detail: 'the board needs an id' } });
	else {
		const check = (field: string, value: Json) => {
			const problem = fieldValueProblem('board', field, value);
			if (problem) issues.push({ path: `board.${field}`, code: 'business.import.board', params: { detail: problem } });
		};
		check('title', board.title ?? null);
		if (board.title === undefined) issues.push({ path: 'board.title', code: 'business.import.board', params: { detail: 'the board needs a title' } });
		if (board.rotationSec !== undefined) check('rotationSec', board.rotationSec);
		for (const map of ['widgets', 'layout'] as const) {
			const entries = board[map];
			if (!isJsonObject(entries)) issues.push({ path: `board.${map}`, code: 'business.import.board', params: { detail: `${map} must be an object` } });
			else for (const [id, value] of Object.entries(entries)) check(`${map}/${id}`, value);
		}
	}
	const lists = [
		['domains', parseDomain],
		['transactions', parseTransaction],
		['kpis', parseKpi]
	] as const;
	for (const [key, parse] of lists) {
		const list = v[key];
		if (!Array.isArray(list)) {
			issues.push({ path: key, code: 'business.import.format' });
			continue;
		}
		list.forEach((item, i) => {
			const parsed = parse(item);
			if (!parsed.ok) for (const issue of parsed.issues) issues.push({ ...issue, path: `${key}[${i}].${issue.path}` });
		});
	}
	if (issues.length > 0) return { ok: false, issues };
	return { ok: true, value: v as unknown as BoardExport };
}

/** Changes that import a checked export. `existing` is what the device holds; `newId` names the copy. */
export function importBoardChanges(options: {
	file: BoardExport;
	mode: 'replace' | 'copy';
	existing: ReadonlyMap<string, DocRecord>;
	tick: () => Hlc;
	newId?: () => string;
}): { boardId: string; changes: DocChange[] } {
	const { file, mode, existing, tick } = options;
	const changes: DocChange[] = [];
	const add = (type: 'domain' | 'transaction' | 'kpi', definition: BusinessDomain | BusinessTransaction | KpiDefinition) => {
		const record = existing.get(definition.id);
		if (mode === 'copy' && record && !isDeleted(record)) return;
		changes.push(...definitionChanges({ type, definition, record: record?.type === type ? record : undefined, tick }));
	};
	for (const d of file.domains) add('domain', d);
	for (const t of file.transactions) add('transaction', t);
	for (const k of file.kpis) add('kpi', k);
	const boardId = mode === 'copy' ? (options.newId?.() ?? `${file.board.id}-copy`) : file.board.id;
	const target = existing.get(boardId);
	const patch: Record<string, Json> = {
		title: file.board.title,
		widgets: { ...file.board.widgets } as unknown as Json,
		layout: { ...file.board.layout } as unknown as Json,
		$deleted: target && isDeleted(target) ? false : null
	};
	if (file.board.rotationSec !== undefined) patch.rotationSec = file.board.rotationSec;
	if (patch.$deleted === null) delete patch.$deleted;
	if (target?.type === 'board') {
		// replacing: widgets the file does not have are removed
		for (const map of ['widgets', 'layout'] as const) {
			const entries = patch[map] as Record<string, Json>;
			for (const field of Object.keys(target.fields)) {
				if (field.startsWith(map + '/') && !(field.slice(map.length + 1) in entries)) entries[field.slice(map.length + 1)] = null;
			}
		}
	}
	changes.push(...patchChanges({ id: boardId, type: 'board', record: target?.type === 'board' ? target : undefined, patch, tick }));
	return { boardId, changes };
}
