import { describe, expect, it } from 'vitest';
import { KpiAccumulator } from '../../domain/business/accumulator';
import { BusinessModel } from '../../domain/business/model';
import { attrEquals, bizSpan, tx } from '../../domain/business/test-spans';
import type { SpanRecord } from '../../protocol/records';
import type { KpiWindowRecord } from '../../domain/business/windows';
import { replaceTargets } from '../../domain/business/windows';
import { packWindow, replacePackedTargets, unpackWindow } from './window-codec';

const t0 = Date.UTC(2026, 0, 5, 9);

const model = BusinessModel.build({
	domains: [{ id: 'deposits', names: { en: 'Deposits' } }],
	transactions: [tx('transfer', 'deposits', [attrEquals('biz.transaction', 'account.transfer')]), tx('deposit', 'deposits', [attrEquals('biz.transaction', 'deposit')])],
	kpis: [
		{ id: 'amount', name: 'Amount', scope: { kind: 'transaction', transactionId: 'transfer' }, measure: { kind: 'sum', attr: 'biz.amount_krw' } },
		{ id: 'fee', name: 'Fee', scope: { kind: 'transaction', transactionId: 'transfer' }, measure: { kind: 'mean', attr: 'biz.fee' } },
		{ id: 'conv', name: 'Conv', measure: { kind: 'conversion', steps: ['transfer', 'deposit'], join: { by: 'attr', key: 'id' } } }
	]
});

/** The 1 min windows of these spans under `model`. */
function windowsOf(spans: SpanRecord[]): KpiWindowRecord[] {
	const acc = new KpiAccumulator(model, { level: '1m' });
	acc.addSpans(spans);
	return acc.takeDeltas();
}

describe('KPI window packing', () => {
	it('gives back the window it packed: statistics, sketches, attribute sums, conversions', () => {
		const windows = windowsOf(
			Array.from({ length: 300 }, (_, i) =>
				bizSpan({ endMs: t0 + i * 1_000, durationMs: i % 7 === 0 ? 0 : 1 + i * 3.7, attrs: { 'biz.transaction': i % 3 ? 'account.transfer' : 'deposit', 'biz.amount_krw': i * 1_000, id: 'j' + (i % 40) } })
			)
		);
		const empty: KpiWindowRecord = { level: '1h', startMs: t0, targets: {}, conversions: {} };
		for (const w of [...windows, empty]) {
			const stored = structuredClone(packWindow(w));
			expect(stored.k).toBeInstanceOf(Int16Array);
			expect(stored.c).toBeInstanceOf(Uint16Array);
			expect(unpackWindow(stored)).toEqual(w);
		}
		expect(Object.keys(windows[0].targets).length).toBeGreaterThan(2);
		expect(windows.some((w) => Object.keys(w.conversions).length > 0)).toBe(true);
	});

	it('keeps keys and counts that do not fit 16 bits exactly', () => {
		const w: KpiWindowRecord = {
			level: '1h',
			startMs: t0,
			targets: {
				't:a': { count: 70_001.5, successes: 3, sumMs: 1, minMs: 0.5, maxMs: 9, attrs: {}, sketch: { alpha: 0.01, zeroCount: 0, keys: Int32Array.of(-40_000, 5, 40_000), counts: Float64Array.of(1, 70_000, 0.5) } },
				't:b': { count: 0, successes: 0, sumMs: 0, minMs: Infinity, maxMs: -Infinity, attrs: { x: { sum: NaN, n: 0 } }, sketch: { alpha: 0.01, zeroCount: 2, keys: new Int32Array(0), counts: new Float64Array(0) } }
			},
			conversions: {}
		};
		const packed = packWindow(w);
		expect(packed.k).toBeInstanceOf(Int32Array);
		expect(packed.c).toBeInstanceOf(Float64Array);
		expect(unpackWindow(structuredClone(packed))).toEqual(w);
	});

	it('replaces targets in packed windows as replaceTargets does in unpacked ones', () => {
		const spansOf = (n: number, offset: number) =>
			Array.from({ length: n }, (_, i) => bizSpan({ endMs: t0 + offset + i * 2_000, durationMs: 1 + i, attrs: { 'biz.transaction': i % 3 ? 'account.transfer' : 'deposit', 'biz.amount_krw': i, id: 'j' + (i % 9) } }));
		const stored = windowsOf(spansOf(200, 0));
		// an old, unpacked window and a wide sketch among the packed ones
		stored[1].targets['t:transfer'].sketch = { ...stored[1].targets['t:transfer'].sketch, counts: Float64Array.from(stored[1].targets['t:transfer'].sketch.counts, (x) => x + 0.5) };
		const fresh = windowsOf(spansOf(150, 90_000));
		for (const affected of [
			{ targets: ['t:transfer'], conversions: [] },
			{ targets: ['t:deposit', 'd:deposits'], conversions: ['conv'] },
			{ targets: ['t:transfer', 't:deposit', 'd:deposits'], conversions: ['conv'] }
		]) {
			const packed = replacePackedTargets(
				stored.map((w, i) => (i === 0 ? w : packWindow(w))),
				fresh,
				affected
			);
			expect(packed.map(unpackWindow)).toEqual(replaceTargets(stored, fresh, affected));
		}
	});

	it('reads a window stored before packing as it is', () => {
		const w: KpiWindowRecord = { level: '1m', startMs: t0, targets: {}, conversions: { c: [1, 0] } };
		expect(unpackWindow(w)).toBe(w);
	});
});
