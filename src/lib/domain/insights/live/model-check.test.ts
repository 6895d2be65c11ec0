import { describe, expect, it } from 'vitest';
import { compareModelOutput, isModelCheckFixture } from './model-check';

describe('offline model check', () => {
	const fixture = { input: [1, 2], expected: [100, -5], relativeTolerance: 1e-4, absoluteTolerance: 1e-3 };
	it('passes within tolerance and names the largest difference', () => {
		expect(compareModelOutput([100.005, -5.0005, 7], fixture)).toEqual({ ok: true, compared: 2, maxAbsDiff: expect.closeTo(0.005, 9), output: [100.005, -5.0005] });
	});
	it('fails outside it, or on too short or non-finite output', () => {
		expect(compareModelOutput([100.02, -5], fixture).ok).toBe(false);
		expect(compareModelOutput([100], fixture).ok).toBe(false);
		expect(compareModelOutput([NaN, -5], fixture)).toMatchObject({ ok: false, maxAbsDiff: Infinity });
	});
	it('recognises a fixture file', () => {
		expect(isModelCheckFixture(fixture)).toBe(true);
		expect(isModelCheckFixture({ ...fixture, expected: [] })).toBe(false);
		expect(isModelCheckFixture(null)).toBe(false);
	});
});
