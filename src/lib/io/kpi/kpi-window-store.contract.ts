/** The KpiWindowStore contract, run by dexie-kpi-window-store.test.ts (fake-indexeddb) and memory-kpi-window-store.test.ts. */
import { describe, expect, it } from 'vitest';
import type { BizStatsData } from '../../domain/business/stats';
import type { KpiWindowRecord } from '../../domain/business/windows';
import { ruleRowsOf } from '../../domain/business/rule-rows';
import { bizSpan } from '../../domain/business/test-spans';
import { kpiRetentionMs, ruleRowsRetentionMs, type KpiWindowState, type KpiWindowStore, type RowKind, type StoredRuleRows } from './kpi-window-store';

const minute = 60_000;
const t0 = Date.UTC(2026, 0, 5, 9);

function stats(count: number, amountKrw = 0): BizStatsData {
	return {
		count,
		successes: count,
		sumMs: count * 10,
		minMs: 10,
		maxMs: 10,
		sketch: { alpha: 0.01, keys: [], counts: [], zeroCount: 0 } as unknown as BizStatsData['sketch'],
		attrs: amountKrw ? { 'biz.amount_krw': { sum: amountKrw, n: count } } : {}
	};
}

function win(startMs: number, targets: Record<string, number>, level: '1m' | '1h' = '1m'): KpiWindowRecord {
	return { level, startMs, targets: Object.fromEntries(Object.entries(targets).map(([k, n]) => [k, stats(n)])), conversions: {} };
}

/** A rule-rows record of `count` rows ending from `endMs` on, one ms apart. */
function rows(kind: RowKind, endMs: number, count = 3): StoredRuleRows {
	const spans = Array.from({ length: count }, (_, i) => bizSpan({ endMs: endMs + i, attrs: { 'biz.transaction': kind } }));
	return { ...ruleRowsOf(spans)[0], kind };
}

async function held(store: KpiWindowStore, kinds: RowKind[], fromMs = 0): Promise<[RowKind, number, number][]> {
	const out: [RowKind, number, number][] = [];
	for await (const r of store.ruleRows(kinds, fromMs)) out.push([r.kind, r.toMs, r.count]);
	return out;
}

const state = (chunkId: number): KpiWindowState => ({ definitionsKey: 'k' + chunkId, definitions: { domains: [], transactions: [], kpis: [] }, chunkId, coveredFromMs: t0 });

export function runKpiWindowStoreContract(name: string, open: () => Promise<{ store: KpiWindowStore; reopen?: () => Promise<KpiWindowStore> }>): void {
	describe(`KpiWindowStore contract: ${name}`, () => {
		it('merges deltas into stored windows and keeps the state with them', async () => {
			const { store } = await open();
			await store.merge([win(t0, { 't:a': 2 }), win(t0 + minute, { 't:a': 1 })], state(3), t0);
			await store.merge([win(t0, { 't:a': 5, 't:b': 1 })], state(4), t0);
			const got = await store.windows('1m', t0, t0 + 2 * minute);
			expect(got.map((w) => [w.startMs, w.targets['t:a'].count, w.targets['t:b']?.count])).toEqual([
				[t0, 7, 1],
				[t0 + minute, 1, undefined]
			]);
			expect((await store.readState())?.chunkId).toBe(4);
			// half-open range, by level
			expect(await store.windows('1m', t0 + minute, t0 + minute)).toEqual([]);
			expect(await store.windows('1h', t0, t0 + 2 * minute)).toEqual([]);
		});

		it('replaces only the affected targets of a range, or the whole range', async () => {
			const { store } = await open();
			await store.merge([win(t0, { 't:a': 2, 't:b': 3 }), win(t0 + minute, { 't:a': 1 }), win(t0 + 5 * minute, { 't:a': 9 })], state(1), t0);
			await store.replace({ fresh: { '1m': [win(t0, { 't:a': 20 }), win(t0 + 2 * minute, { 't:a': 4 })] }, fromMs: t0, toMs: t0 + 5 * minute, affected: { targets: ['t:a'], conversions: [] }, state: state(2) });
			const got = await store.windows('1m', t0, t0 + 10 * minute);
			expect(got.map((w) => [w.startMs, w.targets['t:a']?.count, w.targets['t:b']?.count])).toEqual([
				[t0, 20, 3],
				[t0 + 2 * minute, 4, undefined],
				[t0 + 5 * minute, 9, undefined]
			]);
			await store.replace({ fresh: { '1m': [win(t0 + minute, { 't:c': 1 })] }, fromMs: t0, toMs: t0 + 5 * minute, state: state(3) });
			const whole = await store.windows('1m', t0, t0 + 10 * minute);
			expect(whole.map((w) => [w.startMs, Object.keys(w.targets)])).toEqual([
				[t0 + minute, ['t:c']],
				[t0 + 5 * minute, ['t:a']]
			]);
			expect((await store.readState())?.definitionsKey).toBe('k3');
		});

		it('deletes windows past retention when merging', async () => {
			const { store } = await open();
			const nowMs = t0 + kpiRetentionMs['1m'] + minute;
			await store.merge([win(t0, { 't:a': 1 }), win(t0, { 't:a': 1 }, '1h')], state(1), t0);
			await store.merge([win(nowMs, { 't:a': 1 })], state(2), nowMs);
			expect((await store.windows('1m', 0, Infinity)).map((w) => w.startMs)).toEqual([nowMs]);
			expect((await store.windows('1h', 0, Infinity)).map((w) => w.startMs)).toEqual([t0]);
			await store.clear();
			expect(await store.readState()).toBeUndefined();
			expect(await store.windows('1m', 0, Infinity)).toEqual([]);
		});

		it('keeps rule rows by kind, read oldest first, replaced by id', async () => {
			const { store } = await open();
			const ids = await store.merge([win(t0, { 't:a': 1 })], state(1), t0, [rows('inner', t0 + 5_000), rows('entry', t0)]);
			expect(ids).toHaveLength(2);
			await store.putRows([rows('entry', t0 + 9_000, 2)]);
			expect(await held(store, ['entry', 'inner'])).toEqual([
				['entry', t0 + 2, 3],
				['inner', t0 + 5_002, 3],
				['entry', t0 + 9_001, 2]
			]);
			expect(await held(store, ['entry'], t0 + 100)).toEqual([['entry', t0 + 9_001, 2]]);
			// the open record grows under its id
			const [again] = await store.putRows([{ ...rows('inner', t0 + 5_000, 5), id: ids[0] }]);
			expect(again).toBe(ids[0]);
			expect(await held(store, ['inner'])).toEqual([['inner', t0 + 5_004, 5]]);
			// typed arrays come back as typed arrays
			for await (const r of store.ruleRows(['entry'], 0)) expect(r.shape).toBeInstanceOf(Uint16Array);
			await store.clearRows();
			expect(await held(store, ['entry', 'inner'])).toEqual([]);
			expect((await store.readState())?.chunkId).toBe(1);
		});

		it('deletes rule rows past their retention when merging, and with everything on clear', async () => {
			const { store } = await open();
			await store.putRows([rows('entry', t0), rows('inner', t0 + 60_000)]);
			const nowMs = t0 + ruleRowsRetentionMs + 30_000;
			await store.merge([], state(2), nowMs, [rows('entry', nowMs - 1_000)]);
			expect(await held(store, ['entry', 'inner'])).toEqual([
				['inner', t0 + 60_002, 3],
				['entry', nowMs - 998, 3]
			]);
			await store.clear();
			expect(await held(store, ['entry', 'inner'])).toEqual([]);
		});

		it('keeps windows and state across a reopen', async () => {
			const fixture = await open();
			if (!fixture.reopen) return;
			await fixture.store.merge([win(t0, { 'd:lending': 4 })], state(8), t0);
			const again = await fixture.reopen();
			expect((await again.windows('1m', t0, t0 + minute))[0].targets['d:lending'].count).toBe(4);
			expect((await again.readState())?.chunkId).toBe(8);
		});
	});
}
