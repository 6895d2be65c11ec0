import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead';

describe('readAhead', () => {
	it('yields every batch in order, having asked for the next one before yielding', async () => {
		const asked: number[][] = [];
		const seen: { keys: number[]; rows: string[]; askedBefore: number }[] = [];
		for await (const step of readAhead([1, 2, 3, 4, 5], 2, async (batch) => {
			asked.push(batch);
			return batch.map((k) => `r${k}`);
		})) {
			seen.push({ ...step, askedBefore: asked.length });
		}
		expect(seen).toEqual([
			{ keys: [1, 2], rows: ['r1', 'r2'], askedBefore: 2 },
			{ keys: [3, 4], rows: ['r3', 'r4'], askedBefore: 3 },
			{ keys: [5], rows: ['r5'], askedBefore: 3 }
		]);
	});

	it('asks for nothing without keys, and at most one batch past where the caller stopped', async () => {
		const asked: number[][] = [];
		const fetch = async (batch: number[]) => {
			asked.push(batch);
			if (batch[0] === 3) throw new Error('unread batch failed');
			return batch;
		};
		for await (const _ of readAhead([], 2, fetch)) expect.unreachable();
		for await (const step of readAhead([1, 2, 3, 4, 5, 6], 2, fetch)) if (step.keys[0] === 1) break;
		expect(asked).toEqual([
			[1, 2],
			[3, 4]
		]);
	});

	it('passes a failed read to the caller', async () => {
		const read = async () => {
			for await (const _ of readAhead([1, 2], 1, async (b) => (b[0] === 2 ? Promise.reject(new Error('quota')) : b)));
		};
		await expect(read()).rejects.toThrow('quota');
	});
});
