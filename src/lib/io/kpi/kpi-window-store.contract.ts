/** The KpiWindowStore contract, run by dexie-kpi-window-store.test.ts (fake-indexeddb) and memory-kpi-window-store.test.ts. */
import { describe, expect, it } from 'vitest';
import type { BizStatsData } from '../../domain/business/stats';
import type { KpiWindowRecord } from '../../domain/business/windows';
import { kpiRetentionMs, type KpiWindowState, type KpiWindowStore } from './kpi-window-store';

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
