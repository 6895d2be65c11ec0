import { describe, expect, it } from 'vitest';
import { probationRows, scaledSigmoid, scoreProfile } from './nab-score';

const standard = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };

function scores(n: number, hits: Record<number, number>): Float64Array {
	const s = new Float64Array(n);
	for (const [i, v] of Object.entries(hits)) s[Number(i)] = v;
	return s;
}

describe('NAB scoring', () => {
	it('scaled sigmoid is ~1 at the left edge, 0 at the right edge, -> -1 far right', () => {
		expect(scaledSigmoid(-1)).toBeCloseTo(0.9866, 4);
		expect(scaledSigmoid(0)).toBe(0);
		expect(scaledSigmoid(5)).toBe(-1);
		expect(probationRows(1000)).toBe(150);
		expect(probationRows(10_000)).toBe(750);
	});

	it('the perfect detector scores 100 and the null detector 0', () => {
		const windows: [number, number][] = [[500, 599]];
		const perfect = scoreProfile([{ key: 'a', scores: scores(1000, { 500: 1 }), windows }], standard);
		expect(perfect.score).toBeCloseTo(100, 6);
		const none = scoreProfile([{ key: 'a', scores: scores(1000, {}), windows }], standard);
		expect(none.score).toBe(0);
		expect(none.falseNegatives).toBe(1);
	});

	it('counts only the earliest detection per window and charges false positives by distance', () => {
		const windows: [number, number][] = [[500, 599]];
		const late = scoreProfile([{ key: 'a', scores: scores(1000, { 590: 1, 599: 1 }), windows }], standard);
		// One detection at relative position -10/100 earns sigma(-0.1); FN removed.
		expect(late.raw).toBeCloseTo(scaledSigmoid(-0.1), 6);
		expect(late.truePositives).toBe(1);
		const withFp = scoreProfile([{ key: 'a', scores: scores(1000, { 500: 1, 900: 1 }), windows }], standard);
		expect(withFp.raw).toBeCloseTo(scaledSigmoid(-1) + 0.11 * scaledSigmoid(3.01), 6);
	});

	it('ignores detections in the probationary period and sweeps the threshold', () => {
		const windows: [number, number][] = [[500, 599]];
		const s = scores(1000, { 10: 1, 550: 0.6, 700: 0.4 });
		const r = scoreProfile([{ key: 'a', scores: s, windows }], standard);
		// The best threshold keeps the in-window 0.6 and drops the false positive at 0.4.
		expect(r.threshold).toBe(0.6);
		expect(r.falsePositives).toBe(0);
	});
});
