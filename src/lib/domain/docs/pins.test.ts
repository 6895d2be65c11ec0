import { describe, expect, it } from 'vitest';
import type { DocChange, DocRecord } from '../../protocol/sync';
import { patchChanges, viewOf } from './edits';
import { HybridClock } from './hlc';
import { applyChange, canonicalRecord, mergeRecords } from './merge';
import {
	maxPinFields,
	maxPins,
	migratedPinsPatch,
	pinEntryKey,
	PinLimitError,
	pinPatch,
	pinsDocId,
	pinsDocState,
	pinsFromBody,
	releasePatch
} from './pins';
import { changeProblem } from './validate';

function device(replica: string, startMs: number) {
	let now = startMs;
	const clock = new HybridClock(replica, () => now++);
	let record: DocRecord | undefined;
	const id = pinsDocId('topology', '');
	return {
		get record() {
			return record;
		},
		edit(patch: Record<string, unknown>): DocChange[] {
			const changes = patchChanges({ id, type: 'layout', record, patch: patch as never, tick: () => clock.tick() });
			for (const c of changes) record = applyChange(record, c);
			return changes;
		},
		pin(nodeId: string, at: { xPx: number; yPx: number }) {
			return this.edit(pinPatch({ view: 'topology', group: '', state: pinsDocState(record), nodeId, at }));
		},
		receive(other: DocRecord | undefined) {
			if (other) record = record ? mergeRecords(record, other) : other;
		},
		pins() {
			return pinsDocState(record).pins;
		}
	};
}

describe('pin entries', () => {
	it('spell node ids as field entries, distinct ids to distinct entries, long ids hashed', () => {
		expect(pinEntryKey('svc:accounts')).toBe('svc:accounts');
		expect(pinEntryKey('db:mysql/deposits')).toBe('db:mysql_2fdeposits');
		expect(pinEntryKey('svc:a_b')).toBe('svc:a__b');
		expect(pinEntryKey('svc:a_2fb')).not.toBe(pinEntryKey('svc:a/b'));
		expect(pinEntryKey('svc:여신')).toBe('svc:_uc5ec_uc2e0');
		const long = 'ext:' + 'x'.repeat(200);
		expect(pinEntryKey(long)).toMatch(/^_x[0-9a-f]{14}$/);
		expect(pinEntryKey(long)).not.toBe(pinEntryKey(long + 'y'));
		for (const id of ['svc:a b', 'queue:kafka/notification.requested', long, 'group:domain:lending']) {
			expect(changeProblem({ id: 'topology-pins.none', type: 'layout', field: `nodes/${pinEntryKey(id)}`, value: { node: id, xPx: 1, yPx: 2 }, hlc: '000000000000001:000000:d' })).toBeUndefined();
		}
	});
});

describe('pins document', () => {
	it('keeps each device pins, the later move of one node, and a release, when devices merge', () => {
		const a = device('laptop', 1_000);
		const b = device('tablet', 2_000);
		a.pin('svc:accounts', { xPx: 10.4, yPx: 20.6 });
		b.pin('db:mysql/deposits', { xPx: 300, yPx: 40 });
		b.pin('svc:accounts', { xPx: 99, yPx: 98 });
		a.receive(b.record);
		b.receive(a.record);
		expect(canonicalRecord(a.record!)).toBe(canonicalRecord(b.record!));
		expect(a.pins()).toEqual({ 'svc:accounts': { xPx: 99, yPx: 98 }, 'db:mysql/deposits': { xPx: 300, yPx: 40 } });
		// the overwritten position is in the history, not lost
		expect(a.record!.history.some((h) => h.f === 'nodes/svc:accounts')).toBe(true);

		b.edit(releasePatch(b.pins()));
		a.receive(b.record);
		expect(a.pins()).toEqual({});
		expect(viewOf(a.record!).body).toMatchObject({ view: 'topology', group: 'none', nodes: {} });
	});

	it('refuses a new pin past the bounds, still moves a pinned node', () => {
		const full = { pins: Object.fromEntries(Array.from({ length: maxPins }, (_, k) => [`svc:n${k}`, { xPx: k, yPx: k }])), entries: new Set<string>() };
		expect(() => pinPatch({ view: 'topology', group: '', state: full, nodeId: 'svc:new', at: { xPx: 0, yPx: 0 } })).toThrow(PinLimitError);
		expect(pinPatch({ view: 'topology', group: '', state: full, nodeId: 'svc:n3', at: { xPx: 5, yPx: 6 } }).nodes).toEqual({ 'svc:n3': { node: 'svc:n3', xPx: 5, yPx: 6 } });
		const released = { pins: {}, entries: new Set(Array.from({ length: maxPinFields }, (_, k) => `svc:r${k}`)) };
		expect(() => pinPatch({ view: 'topology', group: '', state: released, nodeId: 'svc:new', at: { xPx: 0, yPx: 0 } })).toThrow(PinLimitError);
		// a released node takes its old field again
		expect(() => pinPatch({ view: 'topology', group: '', state: released, nodeId: 'svc:r7', at: { xPx: 0, yPx: 0 } })).not.toThrow();
	});

	it('reads only well-formed pins whose node gives back their entry', () => {
		expect(
			pinsFromBody({
				nodes: {
					'svc:a': { node: 'svc:a', xPx: 1, yPx: 2 },
					'svc:b': { node: 'svc:other', xPx: 1, yPx: 2 },
					'svc:c': { node: 'svc:c', xPx: 'x', yPx: 2 },
					'svc:d': null
				}
			})
		).toEqual({ 'svc:a': { xPx: 1, yPx: 2 } });
		expect(pinsFromBody(undefined)).toEqual({});
		expect(changeProblem({ id: 'p', type: 'layout', field: 'nodes/a', value: { node: 'a', xPx: 1e9, yPx: 0 }, hlc: '000000000000001:000000:d' })).toMatch(/within/);
		expect(changeProblem({ id: 'p', type: 'layout', field: 'colour', value: 'red', hlc: '000000000000001:000000:d' })).toMatch(/no field "colour"/);
	});

	it('migrates old local pins once, leaving nodes the document already holds alone', () => {
		const a = device('laptop', 1_000);
		a.pin('svc:accounts', { xPx: 1, yPx: 1 });
		a.edit(releasePatch({ 'svc:accounts': { xPx: 1, yPx: 1 } }));
		a.pin('svc:transfer', { xPx: 2, yPx: 2 });
		const legacy = { 'svc:accounts': { xPx: 50, yPx: 50 }, 'svc:transfer': { xPx: 60, yPx: 60 }, 'svc:loans': { xPx: 70.6, yPx: 80 }, bad: { xPx: 'x' } };
		const patch = migratedPinsPatch({ view: 'topology', group: '', legacy, state: pinsDocState(a.record) });
		expect(patch?.nodes).toEqual({ 'svc:loans': { node: 'svc:loans', xPx: 71, yPx: 80 } });
		a.edit(patch!);
		expect(a.pins()).toEqual({ 'svc:transfer': { xPx: 2, yPx: 2 }, 'svc:loans': { xPx: 71, yPx: 80 } });
		expect(migratedPinsPatch({ view: 'topology', group: '', legacy: 'nonsense', state: pinsDocState(a.record) })).toBeUndefined();
		expect(migratedPinsPatch({ view: 'topology', group: '', legacy: {}, state: pinsDocState(undefined) })).toBeUndefined();
	});
});
