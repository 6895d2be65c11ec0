import { describe, expect, it } from 'vitest';
import { Ring } from './ring';
import { SlidingMax } from './sliding-max';

describe('Ring', () => {
	it('keeps the newest values up to its capacity, oldest first', () => {
		const r = new Ring(3);
		[1, 2, 3, 4, 5].forEach((v) => r.push(v));
		expect(r.length).toBe(3);
		expect(r.toArray()).toEqual([3, 4, 5]);
		expect(r.last(2)).toEqual([4, 5]);
	});
	it('rejects a capacity below one', () => {
		expect(() => new Ring(0)).toThrow(RangeError);
	});
});

describe('SlidingMax', () => {
	it('equals the brute-force maximum of the last window values', () => {
		const m = new SlidingMax(5);
		const xs: number[] = [];
		let s = 7;
		for (let i = 0; i < 3000; i++) {
			s = (s * 1103515245 + 12345) % 2147483648;
			const v = s % 1000;
			xs.push(v);
			m.push(v);
			expect(m.max).toBe(Math.max(...xs.slice(-5)));
		}
	});
});
