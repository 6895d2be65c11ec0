import { describe, expect, it } from 'vitest';
import type { DocChange, DocRecord, Json } from '../../protocol/sync';
import { seededRandom } from '../telemetry/test-random';
import { HybridClock } from './hlc';
import { canonicalJson } from './json';
import { applyChange, canonicalRecord, DocMergeError, emptyRecord, maxHistoryEntries, mergeRecords } from './merge';

const stamp = (ms: number, replica = 'a', counter = 0) => `${String(ms).padStart(15, '0')}:${String(counter).padStart(6, '0')}:${replica}`;
const edit = (field: string, value: Json, hlc: string, id = 'b1'): DocChange => ({ id, type: 'board', field, value, hlc });

describe('per-field last-writer-wins', () => {
	it('keeps the newer write and records the older one in history, in either order', () => {
		const older = edit('title', 'Loans', stamp(3));
		const newer = edit('title', 'Lending', stamp(5, 'b'));
		const ab = applyChange(applyChange(undefined, older), newer);
		const ba = applyChange(applyChange(undefined, newer), older);
		expect(ab.fields.title).toEqual({ v: 'Lending', t: stamp(5, 'b') });
		expect(ab.history).toEqual([{ f: 'title', v: 'Loans', t: stamp(3) }]);
		expect(canonicalRecord(ba)).toBe(canonicalRecord(ab));
	});

	it('breaks equal wall times by counter, then by replica id', () => {
		const r = [edit('title', 'x', stamp(5, 'zeta')), edit('title', 'y', stamp(5, 'alpha', 1)), edit('title', 'z', stamp(5, 'alpha'))];
		const record = r.reduce<DocRecord | undefined>((acc, c) => applyChange(acc, c), undefined) as DocRecord;
		expect(record.fields.title.v).toBe('y');
		const tie = applyChange(undefined, edit('title', 'x', stamp(5, 'zeta')));
		expect(applyChange(tie, edit('title', 'w', stamp(5, 'zzz'))).fields.title.v).toBe('w');
	});

	it('orders two values with the same stamp by their text, the same way everywhere', () => {
		const a = edit('title', 'apple', stamp(7));
		const b = edit('title', 'banana', stamp(7));
		expect(applyChange(applyChange(undefined, a), b).fields.title.v).toBe('banana');
		expect(applyChange(applyChange(undefined, b), a).fields.title.v).toBe('banana');
	});

	it('is idempotent and keeps a deleted document deleted against older edits', () => {
		let record = applyChange(undefined, edit('title', 'T', stamp(1)));
		record = applyChange(record, edit('$deleted', true, stamp(7)));
		const again = applyChange(record, edit('$deleted', true, stamp(7)));
		expect(canonicalRecord(again)).toBe(canonicalRecord(record));
		record = applyChange(record, edit('$deleted', false, stamp(6)));
		expect(record.fields.$deleted.v).toBe(true);
		expect(record.history).toEqual([{ f: '$deleted', v: false, t: stamp(6) }]);
	});

	it('refuses to merge different documents or types', () => {
		expect(() => mergeRecords(emptyRecord('a', 'board'), emptyRecord('b', 'board'))).toThrow(DocMergeError);
		expect(() => mergeRecords(emptyRecord('a', 'board'), emptyRecord('a', 'kpi'))).toThrow(/cannot change type/);
	});

	it('bounds the history, keeping the newest losers and the floor below them', () => {
		let record: DocRecord | undefined;
		for (let i = 1; i <= maxHistoryEntries + 10; i++) record = applyChange(record, edit('title', 'v' + i, stamp(i)));
		const r = record as DocRecord;
		expect(r.history).toHaveLength(maxHistoryEntries);
		expect(r.history[0]).toEqual({ f: 'title', v: 'v' + (maxHistoryEntries + 9), t: stamp(maxHistoryEntries + 9) });
		expect(r.historyFloor).toBe(stamp(9));
	});
});

interface Replica {
	name: string;
	clock: HybridClock;
	docs: Map<string, DocRecord>;
	/** Changes made here or received (by id, field and stamp), for change-by-change exchange. */
	log: Map<string, DocChange>;
}

function converge(seed: number, edits: number): { replicas: Replica[]; made: DocChange[] } {
	const random = seededRandom(seed);
	const int = (n: number) => Math.floor(random() * n);
	let wallMs = 1_700_000_000_000;
	// replica b's wall clock runs 5 s behind, c's 2 s ahead: stamps still order causally
	const skews = [0, -5_000, 2_000];
	const replicas: Replica[] = ['a', 'b', 'c'].map((name, i) => ({ name, clock: new HybridClock(name, () => wallMs + skews[i]), docs: new Map(), log: new Map() }));
	const made: DocChange[] = [];
	const fields = ['title', 'widgets/w1', 'widgets/w2', 'layout/w1', 'rotationSec', '$deleted'];
	const valueFor = (field: string): Json => {
		if (field === 'title') return 'T' + int(5);
		if (field === '$deleted') return random() < 0.5;
		if (field === 'rotationSec') return 5 + int(3);
		if (field.startsWith('layout')) return { x: int(4), y: int(4), w: 1, h: 1 };
		return random() < 0.2 ? null : { kind: 'big-number', kpiIds: ['k' + int(3)] };
	};
	const apply = (r: Replica, c: DocChange) => {
		r.clock.observe(c.hlc);
		r.docs.set(c.id, applyChange(r.docs.get(c.id), c));
		r.log.set(c.id + ' ' + c.field + ' ' + c.hlc, c);
	};
	const exchange = (from: Replica, to: Replica, everything = false) => {
		if (random() < 0.5) {
			// change by change (recent ones, or all at the end), shuffled, with duplicates
			const all = [...from.log.values()];
			const batch = (everything ? all : all.slice(-40)).filter(() => everything || random() < 0.7);
			if (batch.length > 0 && random() < 0.3) batch.push(batch[int(batch.length)]);
			for (let i = batch.length - 1; i > 0; i--) {
				const j = int(i + 1);
				[batch[i], batch[j]] = [batch[j], batch[i]];
			}
			for (const c of batch) apply(to, c);
		} else {
			// whole document states, as a pull from the server gives them
			for (const record of from.docs.values()) {
				const mine = to.docs.get(record.id);
				to.docs.set(record.id, mine ? mergeRecords(mine, record) : record);
				for (const state of Object.values(record.fields)) to.clock.observe(state.t);
			}
			for (const [key, c] of from.log) to.log.set(key, c);
		}
	};
	for (let n = 0; n < edits; n++) {
		wallMs += int(3) === 0 ? 0 : int(50);
		const r = replicas[int(3)];
		const change: DocChange = { id: 'b' + int(3), type: 'board', field: fields[int(fields.length)], value: null, hlc: r.clock.tick() };
		change.value = valueFor(change.field);
		made.push(change);
		apply(r, change);
		if (random() < 0.2) exchange(replicas[int(3)], replicas[int(3)]);
	}
	// everyone hears from everyone, in random order, until nothing changes
	for (let round = 0; round < 2; round++) {
		for (const i of [0, 1, 2].sort(() => random() - 0.5)) for (const j of [0, 1, 2]) if (i !== j) exchange(replicas[i], replicas[j], true);
		for (const i of [0, 1, 2]) for (const j of [0, 1, 2]) if (i !== j) for (const record of replicas[i].docs.values()) {
			const mine = replicas[j].docs.get(record.id);
			replicas[j].docs.set(record.id, mine ? mergeRecords(mine, record) : record);
		}
	}
	return { replicas, made };
}

describe('three replicas under random interleavings (property)', () => {
	for (const [seed, edits] of [
		[1, 20],
		[2, 25],
		[3, 30],
		[4, 40],
		[5, 60],
		[6, 100],
		[7, 150],
		[8, 300],
		[9, 600],
		[10, 1_000],
		[11, 1_500]
	] as const) {
		it(`converge to identical documents and keep every overwritten edit (seed ${seed}, ${edits} edits)`, () => {
			const { replicas, made } = converge(seed, edits);
			const ids = [...new Set(made.map((c) => c.id))].sort();
			for (const id of ids) {
				const texts = replicas.map((r) => canonicalRecord(r.docs.get(id) as DocRecord));
				expect(texts[1]).toBe(texts[0]);
				expect(texts[2]).toBe(texts[0]);
			}
			for (const id of ids) {
				const record = replicas[0].docs.get(id) as DocRecord;
				expect(record.history.length).toBeLessThanOrEqual(maxHistoryEntries);
				const mine = made.filter((c) => c.id === id);
				for (const field of new Set(mine.map((c) => c.field))) {
					// the winner is the edit with the greatest stamp
					const newest = mine.filter((c) => c.field === field).reduce((a, b) => (a.hlc > b.hlc ? a : b));
					expect(record.fields[field]).toEqual({ v: newest.value, t: newest.hlc });
				}
				for (const c of mine) {
					const isWinner = record.fields[c.field].t === c.hlc;
					const inHistory = record.history.some((h) => h.f === c.field && h.t === c.hlc && canonicalJson(h.v) === canonicalJson(c.value));
					const belowFloor = record.historyFloor !== undefined && c.hlc <= record.historyFloor;
					expect(isWinner || inHistory || belowFloor).toBe(true);
				}
				if (mine.length <= maxHistoryEntries) expect(record.historyFloor).toBeUndefined();
			}
		});
	}
});
