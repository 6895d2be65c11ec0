import { describe, expect, it } from 'vitest';
import { KpiAccumulator } from './accumulator';
import { boardRange, domainBars, kpiTile, rangeEndMs, seriesLevel } from './board-read';
import { dayMs } from './evaluate';
import { BusinessModel } from './model';
import { attrEquals, bizSpan, tx } from './test-spans';
import type { BusinessDefinitions, KpiDefinition } from './types';
import { coarsenKpiWindows } from './windows';

const defs: BusinessDefinitions = {
	domains: [
		{ id: 'deposits', names: { en: 'Deposits' } },
		{ id: 'lending', names: { en: 'Lending' } }
	],
	transactions: [tx('transfer', 'deposits', [attrEquals('biz.transaction', 'account.transfer')]), tx('loan', 'lending', [attrEquals('biz.transaction', 'loan.application')])],
	kpis: []
};
const amount: KpiDefinition = { id: 'amount', name: 'Amount', scope: { kind: 'transaction', transactionId: 'transfer' }, measure: { kind: 'sum', attr: 'biz.amount_krw' }, thresholds: { direction: 'below', warn: 100, critical: 50, basis: 'value' } };
const nowMs = Date.UTC(2026, 2, 10, 12, 30, 20);

function windowsOf(spans: { endMs: number; transaction: string; amountKrw?: number }[]) {
	const model = BusinessModel.build({ ...defs, kpis: [amount] });
	const acc = new KpiAccumulator(model, { level: '1m' });
	acc.addSpans(
		spans.map((s) =>
			bizSpan({ endMs: s.endMs, durationMs: 10, attrs: { 'biz.transaction': s.transaction, ...(s.amountKrw ? { 'biz.amount_krw': s.amountKrw } : {}) } })
		)
	);
	return acc.takeDeltas();
}

describe('board readings from KPI windows', () => {
	it('ends ranges with the current minute and picks the series level by length', () => {
		expect(rangeEndMs(nowMs)).toBe(Date.UTC(2026, 2, 10, 12, 31));
		const r = boardRange('1h', nowMs);
		expect(r.toMs - r.fromMs).toBe(3_600_000);
		expect(seriesLevel(r).level).toBe('1m');
		expect(seriesLevel(boardRange('24h', nowMs)).level).toBe('1h');
	});

	it('reads a KPI tile with its figure, change against yesterday, status and sparkline', () => {
		const minutes = windowsOf([
			{ endMs: nowMs - 5_000, transaction: 'account.transfer', amountKrw: 30 },
			{ endMs: nowMs - 120_000, transaction: 'account.transfer', amountKrw: 50 },
			{ endMs: nowMs - 3 * 3_600_000, transaction: 'account.transfer', amountKrw: 1_000 },
			{ endMs: nowMs - dayMs, transaction: 'account.transfer', amountKrw: 40 }
		]);
		const range = boardRange('1h', nowMs);
		const tile = kpiTile(amount, range, { minutes, seriesWindows: minutes });
		expect(tile.reading.value).toBe(80);
		expect(tile.reading.yesterday).toBe(40);
		expect(tile.reading.vsYesterday).toBe(1);
		expect(tile.reading.lastWeek).toBe(0);
		expect(tile.reading.status).toBe('warn');
		expect(tile.series.values).toHaveLength(60);
		expect(tile.series.values.at(-1)).toBe(30);
		expect(tile.series.values.at(-3)).toBe(50);
		const notCollected = kpiTile(amount, range, { minutes, seriesWindows: minutes, comparisons: { yesterday: false, lastWeek: false } });
		expect(notCollected.reading.yesterday).toBeNull();
		// 24 h: the 3-hour-old amount joins, series by the hour
		const day = boardRange('24h', nowMs);
		const dayTile = kpiTile(amount, day, { minutes, seriesWindows: coarsenKpiWindows(minutes, '1h') });
		expect(dayTile.reading.value).toBe(1_080);
		expect(dayTile.series.values).toHaveLength(24);
		expect(dayTile.series.values.reduce((s: number, v) => s + (v ?? 0), 0)).toBe(1_080);
	});

	it('gives one bar per domain', () => {
		const minutes = windowsOf([
			{ endMs: nowMs - 1_000, transaction: 'account.transfer' },
			{ endMs: nowMs - 2_000, transaction: 'account.transfer' },
			{ endMs: nowMs - 3_000, transaction: 'loan.application' }
		]);
		expect(domainBars(defs.domains, { kind: 'count' }, minutes, boardRange('15m', nowMs))).toEqual([
			{ domainId: 'deposits', value: 2, count: 2 },
			{ domainId: 'lending', value: 1, count: 1 }
		]);
	});
});
