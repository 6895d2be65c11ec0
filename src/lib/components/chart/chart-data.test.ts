import { describe, expect, it } from 'vitest';
import {
	breakAtGaps,
	decimateMinMax,
	fitToWidth,
	latestValue,
	needsDecimation,
	toAlignedData,
	visibleGapsSec,
	withBand,
	type AlignedData
} from './chart-data';

function seeded(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

describe('toAlignedData', () => {
	it('turns NaN and missing values into null and pads short columns', () => {
		const data = toAlignedData(new Float64Array([10, 11, 12]), [new Float64Array([1, NaN, 3]), [5]]);
		expect(data).toEqual([
			[10, 11, 12],
			[1, null, 3],
			[5, null, null]
		]);
	});
});

describe('breakAtGaps', () => {
	it('nulls points inside a recorded gap, end exclusive', () => {
		const data: AlignedData = [
			[100, 101, 102, 103],
			[1, 2, 3, 4]
		];
		const out = breakAtGaps(data, [{ fromMs: 101_000, toMs: 103_000 }], 1);
		expect(out).toEqual([
			[100, 101, 102, 103],
			[1, null, null, 4]
		]);
	});

	it('inserts a null where windows are missing so the line does not bridge them', () => {
		const data: AlignedData = [
			[0, 10, 20, 60, 70],
			[1, 2, 3, 4, 5]
		];
		const out = breakAtGaps(data, [], 10);
		expect(out[0]).toEqual([0, 10, 20, 25, 60, 70]);
		expect(out[1]).toEqual([1, 2, 3, null, 4, 5]);
	});
});

describe('decimateMinMax', () => {
	const random = seeded(7);
	const n = 10_000;
	const xs = Array.from({ length: n }, (_, i) => 1_700_000_000 + i);
	const ys = Array.from({ length: n }, () => random() * 100);
	ys[4321] = 1_000;
	ys[8765] = -50;

	it('bounds the output to two points per bucket with x ascending', () => {
		const out = decimateMinMax([xs, ys], 300);
		expect(out[0].length).toBeLessThanOrEqual(600);
		for (let i = 1; i < out[0].length; i++) expect(out[0][i]).toBeGreaterThanOrEqual(out[0][i - 1]);
	});

	it('keeps the global extremes (spikes survive)', () => {
		const out = decimateMinMax([xs, ys], 300);
		const values = (out[1] as (number | null)[]).filter((v): v is number => v !== null);
		expect(Math.max(...values)).toBe(1_000);
		expect(Math.min(...values)).toBe(-50);
	});

	it('keeps each bucket extreme in time order', () => {
		const out = decimateMinMax(
			[
				[0, 1, 2, 3, 4, 5, 6, 7],
				[5, 9, 1, 4, 2, 2, 8, 3]
			],
			2
		);
		expect(out).toEqual([
			[0, 3, 4, 7],
			[9, 1, 2, 8]
		]);
	});

	it('keeps a gap visible and an all-null bucket null', () => {
		const out = decimateMinMax(
			[
				[0, 1, 2, 3, 4, 5, 6, 7],
				[5, null, 1, 4, null, null, null, null]
			],
			2
		);
		expect(out[1]).toEqual([5, null, null, null]);
	});

	it('leaves sparse data untouched', () => {
		const data: AlignedData = [
			[0, 1, 2],
			[1, 2, 3]
		];
		expect(decimateMinMax(data, 10)).toBe(data);
	});
});

describe('fitToWidth', () => {
	it('decimates only at four or more points per pixel', () => {
		expect(needsDecimation(399, 100)).toBe(false);
		expect(needsDecimation(400, 100)).toBe(true);
		const dense: AlignedData = [
			Array.from({ length: 400 }, (_, i) => i),
			Array.from({ length: 400 }, (_, i) => i % 7)
		];
		expect(fitToWidth(dense, 100)[0]).toHaveLength(200);
		expect(fitToWidth(dense, 101)).toBe(dense);
	});
});

describe('visibleGapsSec and latestValue', () => {
	it('clips gaps to the visible range and drops those outside it', () => {
		const gaps = [
			{ fromMs: 5_000, toMs: 15_000 },
			{ fromMs: 30_000, toMs: 40_000 },
			{ fromMs: 90_000, toMs: 95_000 }
		];
		expect(visibleGapsSec(gaps, 10, 35)).toEqual([
			{ fromSec: 10, toSec: 15 },
			{ fromSec: 30, toSec: 35 }
		]);
	});

	it('finds the newest non-null value', () => {
		expect(latestValue([1, 2, NaN, null])).toBe(2);
		expect(latestValue([null, NaN])).toBeNull();
	});
});

describe('withBand', () => {
	it('appends upper, lower and expected columns after the series, NaN and missing values as null', () => {
		const data = toAlignedData([10, 20, 30], [[1, 2, 3]]);
		const out = withBand(data, { lower: [0, NaN, 1], expected: [1, 2, 2], upper: [2, 3] });
		expect(out).toEqual([[10, 20, 30], [1, 2, 3], [2, 3, null], [0, null, 1], [1, 2, 2]]);
		// the band survives gap breaking with the series
		expect(breakAtGaps(out, [], 10)[3]).toEqual([0, null, 1]);
	});
});
