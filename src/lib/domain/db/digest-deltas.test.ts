import { describe, expect, it } from 'vitest';
import { digestDeltas, rememberDigests, topDigests, type DigestCounters, type DigestDelta } from './digest-deltas';

const row = (key: string, digest: string, calls: number, durationMs: number, extra: Partial<DigestCounters> = {}): DigestCounters => ({
	key,
	digest,
	namespace: 'bank',
	calls,
	durationMs,
	...extra
});

describe('digestDeltas', () => {
	it('reports the increase of rows that ran since the previous poll', () => {
		const prev = new Map<string, DigestCounters>();
		rememberDigests(prev, [row('k1', 'd1', 10, 100, { rowsExamined: 50, errors: 1 }), row('k2', 'd2', 5, 5)]);
		const deltas = digestDeltas(prev, [row('k1', 'd1', 13, 160, { rowsExamined: 80, errors: 1 }), row('k2', 'd2', 5, 5)]);
		expect(deltas).toEqual([
			{ digest: 'd1', namespace: 'bank', calls: 3, durationMs: 60, rowsExamined: 30, errors: 0, keys: ['k1'] }
		]);
	});

	it('takes a new row in full only when the server says it is new', () => {
		const prev = new Map<string, DigestCounters>();
		const deltas = digestDeltas(prev, [row('old', 'd1', 9_000, 1e6), row('fresh', 'd2', 4, 8, { isNew: true })]);
		expect(deltas.map((d) => [d.digest, d.calls])).toEqual([['d2', 4]]);
	});

	it('counts a row whose calls went down (reset, evicted and re-added) from zero', () => {
		const prev = new Map<string, DigestCounters>();
		rememberDigests(prev, [row('k', 'd', 100, 1_000, { rowsReturned: 100 })]);
		const [delta] = digestDeltas(prev, [row('k', 'd', 7, 70, { rowsReturned: 7 })]);
		expect(delta).toMatchObject({ calls: 7, durationMs: 70, rowsReturned: 7 });
	});

	it('merges native rows that share a digest and namespace, not across namespaces', () => {
		const prev = new Map<string, DigestCounters>();
		rememberDigests(prev, [row('u1', 'd', 1, 10, { maxDurationMs: 9 }), row('u2', 'd', 1, 10, { maxDurationMs: 30 })]);
		const deltas = digestDeltas(prev, [
			row('u1', 'd', 3, 30, { maxDurationMs: 12 }),
			row('u2', 'd', 2, 50, { maxDurationMs: 40 }),
			row('x', 'd', 1, 1, { namespace: 'other', isNew: true })
		]);
		expect(deltas).toHaveLength(2);
		expect(deltas[0]).toMatchObject({ digest: 'd', namespace: 'bank', calls: 3, durationMs: 60, maxDurationMs: 40, keys: ['u1', 'u2'] });
		expect(deltas[1]).toMatchObject({ namespace: 'other', calls: 1 });
	});
});

describe('rememberDigests', () => {
	it('keeps the most recently updated rows within the bound', () => {
		const prev = new Map<string, DigestCounters>();
		rememberDigests(prev, [row('a', 'a', 1, 1), row('b', 'b', 1, 1), row('c', 'c', 1, 1)], 3);
		rememberDigests(prev, [row('a', 'a', 2, 2), row('d', 'd', 1, 1)], 3);
		expect([...prev.keys()]).toEqual(['c', 'a', 'd']);
		expect(prev.get('a')?.calls).toBe(2);
	});
});

describe('topDigests', () => {
	const delta = (digest: string, durationMs: number, calls: number, errors?: number): DigestDelta => ({
		digest,
		calls,
		durationMs,
		errors,
		keys: [digest]
	});

	it('keeps the most expensive and sums the rest into other', () => {
		const { top, other } = topDigests([delta('a', 5, 1, 1), delta('b', 50, 1), delta('c', 20, 9, 2), delta('d', 20, 3)], 2);
		expect(top.map((d) => d.digest)).toEqual(['b', 'c']);
		expect(other).toMatchObject({ digest: 'other', calls: 4, durationMs: 25, errors: 1, keys: ['d', 'a'] });
	});

	it('has no other when everything fits', () => {
		expect(topDigests([delta('a', 1, 1)], 5).other).toBeUndefined();
	});
});
