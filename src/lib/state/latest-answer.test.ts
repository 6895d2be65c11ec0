import { describe, expect, it } from 'vitest';
import type { Outcome } from '$lib/workers/latest-wins';
import { LatestAnswer } from './latest-answer.svelte';

type Rows = { rows: number[] };

function pending() {
	let resolve!: (value: Outcome<Rows>) => void;
	const promise = new Promise<Outcome<Rows>>((r) => (resolve = r));
	return { ask: () => promise, resolve };
}

describe('LatestAnswer', () => {
	it('shows loading for a new shape only, and keeps the value on screen while the same shape refreshes', async () => {
		const answer = new LatestAnswer<Rows>();
		expect(answer.status).toBe('idle');
		const first = pending();
		const loading = answer.load('5m', first.ask);
		expect(answer.status).toBe('loading');
		first.resolve({ status: 'done', rows: [1, 2] });
		expect(await loading).toBe(true);
		expect(answer.value).toEqual({ status: 'done', rows: [1, 2] });
		expect(answer.status).toBe('ready');

		const refresh = pending();
		const refreshing = answer.load('5m', refresh.ask);
		expect(answer.status).toBe('ready');
		expect(answer.value?.rows).toEqual([1, 2]);
		refresh.resolve({ status: 'done', rows: [3] });
		await refreshing;
		expect(answer.value?.rows).toEqual([3]);

		const wider = pending();
		void answer.load('1h', wider.ask);
		expect(answer.status).toBe('loading');
		expect(answer.value?.rows).toEqual([3]);
	});

	it('drops superseded answers and answers for a shape left meanwhile', async () => {
		const answer = new LatestAnswer<Rows>();
		const old = pending();
		const oldLoad = answer.load('a', old.ask);
		const superseded = answer.load('a', async () => ({ status: 'superseded' }));
		expect(await superseded).toBe(false);
		const next = pending();
		const nextLoad = answer.load('b', next.ask);
		old.resolve({ status: 'done', rows: [9] });
		expect(await oldLoad).toBe(false);
		expect(answer.value).toBeNull();
		expect(answer.status).toBe('loading');
		next.resolve({ status: 'done', rows: [4] });
		expect(await nextLoad).toBe(true);
		expect(answer.value?.rows).toEqual([4]);
	});

	it('keeps the last value on a failure and says why; clearOnNewShape drops it when the shape changes', async () => {
		const answer = new LatestAnswer<Rows>({ clearOnNewShape: true });
		await answer.load('x', async () => ({ status: 'done', rows: [1] }));
		expect(await answer.load('x', async () => ({ status: 'failed', message: 'quota exceeded' }))).toBe(false);
		expect(answer.status).toBe('error');
		expect(answer.error).toBe('quota exceeded');
		expect(answer.value?.rows).toEqual([1]);
		const y = pending();
		const loading = answer.load('y', y.ask);
		expect(answer.value).toBeNull();
		y.resolve({ status: 'done', rows: [2] });
		expect(await loading).toBe(true);
		expect(answer.error).toBeNull();
		expect(answer.status).toBe('ready');
	});

	it('clear() forgets the value and drops the answer still in flight', async () => {
		const answer = new LatestAnswer<Rows>();
		const late = pending();
		const loading = answer.load('unit', late.ask);
		answer.clear();
		expect(answer.status).toBe('idle');
		late.resolve({ status: 'done', rows: [7] });
		expect(await loading).toBe(false);
		expect(answer.value).toBeNull();
		expect(answer.status).toBe('idle');
	});
});
