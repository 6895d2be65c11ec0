import { describe, expect, it } from 'vitest';
import type { DocChange, DocRecord } from '../../protocol/sync';
import { demoBankKpis, demoBankTransactions, seedDomains } from '../business/seed';
import { boardExportFormat, exportBoard, importBoardChanges, parseBoardExport } from './board-io';
import { definitionChanges, definitionsFromDocs, seedChanges } from './business-docs';
import { DocEditError, deleteChange, patchChanges, viewOf } from './edits';
import { HybridClock } from './hlc';
import { applyChange, canonicalRecord } from './merge';
import { changeProblem, recordProblem } from './validate';

function store(changes: DocChange[], into = new Map<string, DocRecord>()): Map<string, DocRecord> {
	for (const c of changes) into.set(c.id, applyChange(into.get(c.id), c));
	return into;
}

const clock = () => {
	let now = 1_700_000_000_000;
	const c = new HybridClock('dev', () => now++);
	return () => c.tick();
};

describe('patchChanges', () => {
	it('turns a patch into field changes, collections entry by entry, and skips unchanged fields', () => {
		const tick = clock();
		const created = patchChanges({ id: 'b1', type: 'board', patch: { title: 'Ops', widgets: { w1: { kind: 'big-number', kpiIds: ['k1'] } }, layout: { w1: { x: 0, y: 0, w: 3, h: 2 } } }, tick });
		expect(created.map((c) => c.field)).toEqual(['title', 'widgets/w1', 'layout/w1']);
		const docs = store(created);
		const again = patchChanges({ id: 'b1', type: 'board', record: docs.get('b1'), patch: { title: 'Ops', widgets: { w1: { kpiIds: ['k1'], kind: 'big-number' }, w2: null } }, tick });
		expect(again).toEqual([]);
		const moved = patchChanges({ id: 'b1', type: 'board', record: docs.get('b1'), patch: { layout: { w1: { x: 3, y: 0, w: 3, h: 2 } }, widgets: { w1: null } }, tick });
		store(moved, docs);
		expect(viewOf(docs.get('b1') as DocRecord).body).toEqual({ title: 'Ops', widgets: {}, layout: { w1: { x: 3, y: 0, w: 3, h: 2 } } });
	});

	it('refuses an invalid value before stamping anything', () => {
		let ticks = 0;
		const tick = () => (ticks++, '000000000000001:000000:dev');
		expect(() => patchChanges({ id: 'b1', type: 'board', patch: { title: 'ok', layout: { w1: { x: 11, y: 0, w: 3, h: 1 } } }, tick })).toThrow(DocEditError);
		expect(() => patchChanges({ id: 'b1', type: 'board', patch: { colour: 'red' } as never, tick })).toThrow(/no field "colour"/);
		expect(() => patchChanges({ id: 't1', type: 'transaction', patch: { rule: { kind: 'all', conditions: [] } }, tick })).toThrow(/business.invalid.group/);
		expect(ticks).toBe(0);
	});

	it('deletes with a tombstone that the view reports', () => {
		const tick = clock();
		const docs = store([...patchChanges({ id: 'b1', type: 'board', patch: { title: 'x' }, tick }), deleteChange({ id: 'b1', type: 'board', tick })]);
		expect(viewOf(docs.get('b1') as DocRecord).deleted).toBe(true);
	});
});

describe('business definitions as documents', () => {
	it('round-trip through documents, and seeding twice changes nothing', () => {
		const tick = clock();
		const docs = store(seedChanges());
		const once = [...docs.values()].map(canonicalRecord);
		store(seedChanges(), docs);
		expect([...docs.values()].map(canonicalRecord)).toEqual(once);
		for (const t of demoBankTransactions) store(definitionChanges({ type: 'transaction', definition: t, tick }), docs);
		for (const k of demoBankKpis) store(definitionChanges({ type: 'kpi', definition: k, tick }), docs);
		const defs = definitionsFromDocs(docs.values());
		expect(defs.domains).toEqual(seedDomains);
		expect(defs.transactions).toEqual([...demoBankTransactions].sort((a, b) => (a.id < b.id ? -1 : 1)));
		expect(defs.kpis.find((k) => k.id === 'loan-conversion')).toEqual(demoBankKpis.find((k) => k.id === 'loan-conversion'));
	});

	it('removes keys a definition no longer has, and any real edit wins over the seed', () => {
		const tick = clock();
		const docs = store(definitionChanges({ type: 'kpi', definition: { ...demoBankKpis[2] }, tick }));
		const { thresholds: _dropped, ...rest } = demoBankKpis[2];
		store(definitionChanges({ type: 'kpi', definition: rest, record: docs.get('deposits-p95'), tick }), docs);
		expect(definitionsFromDocs(docs.values()).kpis[0]).toEqual(rest);
		store(seedChanges(), docs);
		store(definitionChanges({ type: 'domain', definition: { ...seedDomains[0], names: { en: 'Loans', ko: '여신' } }, record: docs.get('lending'), tick }), docs);
		store(seedChanges(), docs);
		expect(definitionsFromDocs(docs.values()).domains[0].names.en).toBe('Loans');
	});
});

describe('board export and import', () => {
	function deviceWithBoard() {
		const tick = clock();
		const docs = store(seedChanges());
		for (const t of demoBankTransactions) store(definitionChanges({ type: 'transaction', definition: t, tick }), docs);
		for (const k of demoBankKpis) store(definitionChanges({ type: 'kpi', definition: k, tick }), docs);
		store(
			patchChanges({
				id: 'noc',
				type: 'board',
				patch: {
					title: 'NOC',
					rotationSec: 30,
					widgets: { amount: { kind: 'big-number', kpiIds: ['transfer-amount'] }, conv: { kind: 'time-series', kpiIds: ['loan-conversion'] } },
					layout: { amount: { x: 0, y: 0, w: 4, h: 2 }, conv: { x: 4, y: 0, w: 8, h: 4 } }
				},
				tick
			}),
			docs
		);
		return docs;
	}

	it('exports the board with the definitions it needs, and imports it on an empty device', () => {
		const file = exportBoard('noc', deviceWithBoard().values());
		expect(file?.format).toBe(boardExportFormat);
		expect(file?.kpis.map((k) => k.id).sort()).toEqual(['loan-conversion', 'transfer-amount']);
		expect(file?.transactions.map((t) => t.id).sort()).toEqual(['account-transfer', 'balance-inquiry', 'deposit', 'loan-application', 'loan-approval', 'loan-execution', 'withdrawal']);
		expect(file?.domains.map((d) => d.id).sort()).toEqual(['deposits', 'lending']);
		const parsed = parseBoardExport(JSON.stringify(file));
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
		const other = new Map<string, DocRecord>();
		const { boardId, changes } = importBoardChanges({ file: parsed.value, mode: 'replace', existing: other, tick: clock() });
		store(changes, other);
		expect(boardId).toBe('noc');
		expect(exportBoard('noc', other.values())).toEqual(file);
	});

	it('copies under a new id without touching definitions the device has; replaces in place otherwise', () => {
		const docs = deviceWithBoard();
		const file = exportBoard('noc', docs.values());
		if (!file) throw new Error('no export');
		const changed = { ...file, board: { ...file.board, title: 'NOC (copy)', widgets: { amount: file.board.widgets.amount }, layout: { amount: file.board.layout.amount } }, kpis: file.kpis.map((k) => ({ ...k, name: 'renamed' })) };
		const copy = importBoardChanges({ file: changed, mode: 'copy', existing: docs, tick: clock(), newId: () => 'noc-2' });
		expect(copy.changes.every((c) => c.id === 'noc-2')).toBe(true);
		const replaced = store(importBoardChanges({ file: changed, mode: 'replace', existing: docs, tick: () => '900000000000000:000000:importer' }).changes, docs);
		const view = viewOf(replaced.get('noc') as DocRecord);
		expect(Object.keys(view.body.widgets as object)).toEqual(['amount']);
		expect(view.body.title).toBe('NOC (copy)');
		// the replaced title is kept in the board's history
		expect((replaced.get('noc') as DocRecord).history.some((h) => h.f === 'title' && h.v === 'NOC')).toBe(true);
	});

	it('refuses bad files with every problem listed', () => {
		expect(parseBoardExport('{')).toMatchObject({ ok: false, issues: [{ code: 'business.import.json' }] });
		expect(parseBoardExport('{"format":"other"}')).toMatchObject({ ok: false, issues: [{ code: 'business.import.format' }] });
		expect(parseBoardExport(JSON.stringify({ format: boardExportFormat, version: 9 }))).toMatchObject({ ok: false, issues: [{ code: 'business.import.version' }] });
		const bad = parseBoardExport(
			JSON.stringify({
				format: boardExportFormat,
				version: 1,
				board: { id: 'b', title: '', widgets: { w: { kind: 'pie' } }, layout: {} },
				domains: [],
				transactions: [{ id: 't', domainId: 'd', name: 'T', rule: { kind: 'all', conditions: [{ kind: 'test', field: 'route', op: 'regex', value: '(a+)+' }] } }],
				kpis: []
			})
		);
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(bad.issues.map((i) => i.path)).toEqual(['board.title', 'board.widgets/w', 'transactions[0].transaction.rule.conditions[0].value']);
	});
});

describe('wire validation', () => {
	it('checks changes and records from elsewhere without throwing', () => {
		const good: DocChange = { id: 'b1', type: 'board', field: 'title', value: 'x', hlc: '000000000000001:000000:dev' };
		expect(changeProblem(good)).toBeUndefined();
		expect(changeProblem({ ...good, type: 'spreadsheet' })).toMatch(/type/);
		expect(changeProblem({ ...good, hlc: 'yesterday' })).toMatch(/stamp/);
		expect(changeProblem({ ...good, value: Number.NaN })).toMatch(/finite/);
		expect(changeProblem({ ...good, field: 'widgets' })).toMatch(/collection/);
		expect(changeProblem({ ...good, value: 'x'.repeat(70_000) })).toMatch(/larger/);
		const record = applyChange(undefined, good);
		expect(recordProblem(record)).toBeUndefined();
		expect(recordProblem({ ...record, fields: { title: { v: 1 } } })).toMatch(/stamp/);
		for (const junk of [null, 3, [], { id: 'x' }]) expect(typeof recordProblem(junk)).toBe('string');
	});
});
