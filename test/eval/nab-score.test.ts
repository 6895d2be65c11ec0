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

	it('charges the full FP weight before any window and a decaying share after one', () => {
		const windows: [number, number][] = [[500, 599]];
		// Row 499 is just before the window: no window precedes it, so it costs -A_fp in full
		// (it shares its score with a detection at the left edge, so the sweep keeps both).
		const before = scoreProfile([{ key: 'a', scores: scores(1000, { 499: 1, 500: 1 }), windows }], standard);
		expect(before.raw).toBeCloseTo(scaledSigmoid(-1) - 0.11, 12);
		// Row 649 is half a window length after the end: sigma(0.5) = 2 / (1 + e^2.5) - 1 = -0.8482836.
		const after = scoreProfile([{ key: 'a', scores: scores(1000, { 649: 1, 550: 1 }), windows }], standard);
		expect(after.raw).toBeCloseTo(scaledSigmoid(-0.5) + 0.11 * -0.8482836, 6);
		expect(scaledSigmoid(-0.5)).toBeCloseTo(0.8482836, 6);
	});

	it('sweeps one threshold over all files and normalises by the null and perfect detectors', () => {
		const w: [number, number][] = [[500, 599]];
		// File a: an early detection (0.9) and a far false positive (0.8); file b: a late detection (0.7).
		const files = [
			{ key: 'a', scores: scores(1000, { 500: 0.9, 900: 0.8 }), windows: w },
			{ key: 'b', scores: scores(1000, { 590: 0.7 }), windows: w }
		];
		const tpA = scaledSigmoid(-1);
		const tpB = scaledSigmoid(-0.1);
		// threshold 0.9: -1 (b missed) + tpA; 0.8: also -0.11 x sigma(3.01) = -0.11; 0.7: also +1 + tpB.
		const r = scoreProfile(files, standard);
		expect(r.threshold).toBe(0.7);
		expect(r.raw).toBeCloseTo(tpA - 0.11 + tpB, 12);
		expect(r.nullRaw).toBe(-2);
		expect(r.perfectRaw).toBeCloseTo(2 * tpA, 12);
		expect(r.score).toBeCloseTo((100 * (tpA - 0.11 + tpB + 2)) / (2 * tpA + 2), 9);
		// With a missed window costing 2 (reward_low_FN_rate), the null detector scores -4.
		const lowFn = scoreProfile(files, { tpWeight: 1, fpWeight: 0.11, fnWeight: 2 });
		expect(lowFn.nullRaw).toBe(-4);
		expect(lowFn.raw).toBeCloseTo(tpA - 0.11 + tpB, 12);
	});

	it('treats equal scores as one threshold step', () => {
		const w: [number, number][] = [[500, 599]];
		// A false positive and the detection share the score 0.5: both are in or both are out.
		const r = scoreProfile([{ key: 'a', scores: scores(1000, { 300: 0.5, 520: 0.5 }), windows: w }], standard);
		expect(r.falsePositives).toBe(1);
		expect(r.raw).toBeCloseTo(scaledSigmoid(-0.8) - 0.11, 12);
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
